// A submission the completeness check refuses (here: a virus the browser could not know of) comes back to
// the citizen editable: the status page drops the "sent" banner, names the field and leads into the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, CITIZEN, PERMIT, MOBILE, ANSWERS, shot, signIn, waitForHeading, apiCall, browserForTests } from './lib.mjs';

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const openPage = browserForTests();

test('a returned submission is editable again, with its field errors', { timeout: 180000 }, async () => {
  // Set up through the API: complete answers, and a file uploaded but never checked by the browser.
  const { idToken } = await apiCall('POST', '/auth/sessions', CITIZEN);
  const form = await apiCall('GET', `/catalogue/${PERMIT}/form`);
  const app = await apiCall('POST', '/applications', { permitId: PERMIT }, idToken);
  const answers = {};
  for (const q of form.pages.flatMap((p) => p.questions)) {
    if (q.type !== 'file') {
      answers[q.id] = ANSWERS[q.id] ?? q.options?.[0]?.value ?? 'Isian contoh untuk pengujian';
      continue;
    }
    const ticket = await apiCall('POST', `/applications/${app.id}/uploads`, {
      field: q.id, filename: 'ktp.png', contentType: 'image/png', size: EICAR.length,
    }, idToken);
    const body = new FormData();
    for (const [k, v] of Object.entries(ticket.fields)) body.append(k, v);
    body.append('file', new Blob([EICAR], { type: 'image/png' }), 'ktp.png');
    assert.ok((await fetch(ticket.url, { method: 'POST', body })).ok, 'storage accepted the upload');
  }
  const current = await apiCall('GET', `/applications/${app.id}`, undefined, idToken);
  await apiCall('PUT', `/applications/${app.id}/answers`, { answers, version: current.version }, idToken);

  const citizen = await openPage(MOBILE);
  await signIn(citizen, CITIZEN);
  await citizen.goto(`${BASE}/#/permohonan/${encodeURIComponent(app.id)}/periksa`);
  await waitForHeading(citizen, 'Periksa jawaban Anda');
  await citizen.getByRole('button', { name: 'Kirim permohonan' }).click();
  await citizen.locator('.panel').filter({ hasText: 'Permohonan terkirim' }).waitFor({ timeout: 20000 });

  // The queue's scan finds the virus: the same page turns to "returned", without the green banner.
  const returned = citizen.locator('[data-returned]');
  await returned.waitFor({ timeout: 60000 });
  assert.equal(await citizen.locator('.panel').filter({ hasText: 'Permohonan terkirim' }).count(), 0, 'no "sent" banner once returned');
  assert.match(await citizen.locator('.status-body .tag').innerText(), /Dikembalikan/);
  const fields = await citizen.locator('[data-returned-fields] li').allInnerTexts();
  assert.equal(fields.length, 1);
  assert.match(fields[0], /^Foto KTP-el: .*virus/i, 'the field is named, with the reason');
  assert.equal(await citizen.locator('[data-reasons]').count(), 0, 'not shown as a rejection');
  await shot(citizen, 'm40-dikembalikan-360');

  // The way back into the form: the draft is the citizen's to fix and send again.
  await returned.getByRole('button', { name: 'Perbaiki permohonan' }).click();
  await citizen.locator('form[data-page], form[novalidate]').first().waitFor();
  assert.match(new URL(citizen.url()).hash, new RegExp(`^#/permohonan/${app.id}/(isi|periksa)`));

  assert.deepEqual(citizen.problems, [], 'no script errors or accessibility violations in the pages');
  await citizen.context().close();
});
