// The walking skeleton end to end, in Chromium, against a running local stack
// (PISAO_URL, default http://localhost:8080): a citizen applies, staff decide, the citizen sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, CITIZEN, STAFF, PERMIT, PNG, DESKTOP, MOBILE, ANSWERS, shot, signIn, signInStaff, waitForHeading, apiCall,
  waitForStatus, fillForm, browserForTests,
} from './lib.mjs';

const FILENAME = 'ktp-siti.png';

const openPage = browserForTests();

test('citizen applies, staff approve, citizen sees "Terbit"', { timeout: 180000 }, async () => {
  const citizen = await openPage(MOBILE);

  // Beranda: the catalogue, public.
  await citizen.goto(`${BASE}/#/`);
  await citizen.locator(`a[href="#/izin/${PERMIT}"]`).waitFor();
  await shot(citizen, 'm01-beranda-360');

  // Masuk.
  await citizen.goto(`${BASE}/#/masuk`);
  await shot(citizen, 'm02-masuk-360');
  await signIn(citizen, CITIZEN);
  await waitForHeading(citizen, 'Permohonan Saya');

  // The permit page, then "Ajukan".
  await citizen.goto(`${BASE}/#/izin/${PERMIT}`);
  await citizen.getByRole('button', { name: 'Ajukan', exact: true }).waitFor();
  await shot(citizen, 'm03-izin-360');
  await citizen.getByRole('button', { name: 'Ajukan', exact: true }).click();
  await citizen.locator('form[data-page]').waitFor();

  // The form, one page at a time, with the upload; then check your answers.
  await fillForm(citizen, { filename: FILENAME, shots: 'm04-form-360' });
  const check = citizen.locator('main');
  assert.match(await check.innerText(), /Siti Aminah/);
  assert.match(await check.innerText(), new RegExp(FILENAME.replace('.', '\\.')));
  assert.ok(await citizen.getByRole('link', { name: /^Ubah/ }).count() >= 3, 'every answer has an "Ubah" link');
  await shot(citizen, 'm05-periksa-360');

  // Kirim permohonan → status page, processed asynchronously.
  await citizen.getByRole('button', { name: 'Kirim permohonan' }).click();
  await citizen.locator('.panel').filter({ hasText: 'Permohonan terkirim' }).waitFor();
  const id = decodeURIComponent(new URL(citizen.url()).hash.split('/')[2]);
  assert.ok(id, 'the status page names the application');
  await citizen.locator('.status-body .tag').filter({ hasText: 'Menunggu verifikasi petugas' }).waitFor({ timeout: 60000 });
  await shot(citizen, 'm06-status-menunggu-360');

  // Staff, in a fresh browser context: task list → application → Setujui.
  const staff = await openPage(DESKTOP);
  await staff.goto(`${BASE}/#/petugas`);
  await shot(staff, 'd01-petugas-masuk-desktop');
  await signInStaff(staff, STAFF, { shots: 'd01-petugas' }); // password, then the authenticator app
  await waitForHeading(staff, 'Daftar tugas verifikasi');
  const link = staff.locator(`a[href="#/petugas/permohonan/${encodeURIComponent(id)}"]`);
  await link.waitFor({ timeout: 20000 });
  await shot(staff, 'd02-daftar-tugas-desktop');
  await link.click();
  await staff.getByRole('button', { name: 'Setujui', exact: true }).waitFor();
  const detail = await staff.locator('main').innerText();
  assert.match(detail, /Siti Aminah/);
  assert.match(detail, /Jl\. Kebon Sirih No\. 12/);
  assert.match(detail, new RegExp(FILENAME.replace('.', '\\.')));
  await shot(staff, 'd03-periksa-permohonan-desktop');
  await staff.getByRole('button', { name: 'Setujui', exact: true }).click();
  await staff.locator('.panel').filter({ hasText: 'Permohonan disetujui' }).waitFor();
  await waitForHeading(staff, 'Daftar tugas verifikasi');
  assert.equal(await link.count(), 0, 'the decided application leaves the task list');
  await shot(staff, 'd04-setelah-setujui-desktop');

  // The open status page follows it to "Terbit", and the "sent" banner is gone then; so after a reload.
  await citizen.locator('.status-body .tag').filter({ hasText: 'Terbit' }).waitFor({ timeout: 60000 });
  assert.equal(await citizen.locator('.panel').filter({ hasText: 'Permohonan terkirim' }).count(), 0, 'no "sent" banner once issued');
  await citizen.reload();
  await citizen.locator('.status-body .tag').filter({ hasText: 'Terbit' }).waitFor({ timeout: 60000 });
  const status = await citizen.locator('main').innerText();
  assert.match(status, /Riwayat permohonan/);
  assert.match(status, /WIB/, 'times are shown in WIB');
  await shot(citizen, 'm07-status-terbit-360');

  // Permohonan Saya lists it with its status.
  await citizen.goto(`${BASE}/#/permohonan`);
  await citizen.locator(`[data-application="${id}"] .tag`).filter({ hasText: 'Terbit' }).waitFor();
  await shot(citizen, 'm08-permohonan-saya-360');

  // The same status page at desktop width.
  await citizen.setViewportSize(DESKTOP);
  await citizen.goto(`${BASE}/#/permohonan/${encodeURIComponent(id)}`);
  await citizen.locator('.status-body .tag').filter({ hasText: 'Terbit' }).waitFor();
  await shot(citizen, 'd05-status-terbit-desktop');

  assert.deepEqual([...citizen.problems, ...staff.problems], [], 'no script errors or accessibility violations in the pages');
  await citizen.context().close();
  await staff.context().close();
});

test('a rejected application shows its reason to the citizen', { timeout: 180000 }, async () => {
  // Set up quickly through the API: a complete application waiting for verification.
  const { idToken } = await apiCall('POST', '/auth/sessions', CITIZEN);
  const form = await apiCall('GET', `/catalogue/${PERMIT}/form`);
  const app = await apiCall('POST', '/applications', { permitId: PERMIT }, idToken);
  const answers = {};
  for (const q of form.pages.flatMap((p) => p.questions)) {
    if (q.type === 'file') {
      const ticket = await apiCall('POST', `/applications/${app.id}/uploads`, {
        field: q.id, filename: 'ktp-buram.png', contentType: 'image/png', size: PNG.length,
      }, idToken);
      const body = new FormData();
      for (const [k, v] of Object.entries(ticket.fields)) body.append(k, v);
      body.append('file', new Blob([PNG], { type: 'image/png' }), 'ktp-buram.png');
      const res = await fetch(ticket.url, { method: 'POST', body });
      assert.ok(res.ok, `storage accepted the upload (${res.status})`);
    } else {
      answers[q.id] = ANSWERS[q.id] ?? q.options?.[0]?.value ?? (q.type === 'date' ? '1990-01-01' : 'Isian contoh untuk pengujian');
    }
  }
  const current = await apiCall('GET', `/applications/${app.id}`, undefined, idToken);
  await apiCall('PUT', `/applications/${app.id}/answers`, { answers, version: current.version }, idToken);
  await apiCall('POST', `/applications/${app.id}/submit`, {}, idToken);
  await waitForStatus(app.id, idToken, 'awaiting_verification');

  // Staff reject it; an empty reason is refused first, with an error summary linked to the field.
  const staff = await openPage(MOBILE);
  await signInStaff(staff, STAFF);
  await staff.goto(`${BASE}/#/petugas/permohonan/${encodeURIComponent(app.id)}`);
  const reject = staff.getByRole('button', { name: 'Tolak', exact: true });
  await reject.click();
  await staff.locator('.error-summary').waitFor();
  assert.match(await staff.locator('.error-summary').innerText(), /alasan penolakan/i);
  await shot(staff, 'm10-tolak-tanpa-alasan-360');
  await staff.locator('.error-summary a').first().click();
  assert.equal(await staff.evaluate(() => document.activeElement?.id), 'reason', 'the summary link focuses the field');
  const reason = 'Foto KTP-el buram dan tidak terbaca. Ajukan lagi dengan foto yang jelas.';
  await staff.locator('#reason').fill(reason);
  await reject.click();
  await staff.locator('.panel').filter({ hasText: 'Permohonan ditolak' }).waitFor();
  await shot(staff, 'm11-setelah-tolak-360');

  // The citizen signs in, opens it from "Permohonan Saya", and reads the reason.
  const citizen = await openPage(MOBILE);
  await signIn(citizen, CITIZEN);
  await waitForHeading(citizen, 'Permohonan Saya');
  await citizen.locator(`[data-application="${app.id}"] .card__title a`).click();
  await citizen.locator('.status-body .tag').filter({ hasText: 'Ditolak' }).waitFor();
  assert.match(await citizen.locator('[data-reasons]').innerText(), /Foto KTP-el buram/);
  await shot(citizen, 'm12-status-ditolak-360');

  assert.deepEqual([...citizen.problems, ...staff.problems], [], 'no script errors or accessibility violations in the pages');
  await citizen.context().close();
  await staff.context().close();
});
