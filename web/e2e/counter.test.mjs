// The counter service ("Layani warga") end to end, in Chromium, against the local stack: counter staff
// sign in with their authenticator, file a permit for a registered citizen, who then sees it in their own
// account, and register a walk-in without e-mail or phone and file for them too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, BUDI, COUNTER, PERMIT, MOBILE, DESKTOP, shot, signIn, signInStaff, waitForHeading, fillForm, newPerson,
  browserForTests,
} from './lib.mjs';

const openPage = browserForTests();

/** From the person's page: choose the permit, fill every page with the upload, check, send; the number. */
async function fileFor(page, name, shots) {
  await page.locator('#q-permitId').waitFor();
  const radio = page.locator(`input[name="permitId"][value="${PERMIT}"]`);
  if (await radio.count()) await radio.check();
  else await page.locator('#q-permitId').selectOption(PERMIT);
  await page.getByRole('button', { name: 'Mulai isi formulir' }).click();
  await page.locator('form[data-page]').waitFor();
  assert.match(await page.locator('.caption').innerText(), new RegExp(`atas nama ${name}`), 'every page says whose application it is');
  await fillForm(page, { answers: { nama_lengkap: name, alamat: 'Jl. Tanah Abang II No. 3, RT 002/RW 004', keperluan: 'bank' }, filename: 'ktp-loket.png', shots });
  const check = await page.locator('main').innerText();
  assert.match(check, new RegExp(name));
  assert.match(check, /ktp-loket\.png/);
  assert.match(check, /Periksa jawaban ini bersama warga/);
  if (shots) await shot(page, `${shots}-periksa`);
  await page.getByRole('button', { name: 'Kirim permohonan' }).click();
  await page.locator('.panel').filter({ hasText: 'Permohonan terkirim' }).waitFor();
  return (await page.locator('[data-application-id]').innerText()).trim();
}

test('counter staff file for a registered citizen, who sees it; and for a walk-in without contacts', { timeout: 180000 }, async () => {
  const staff = await openPage(DESKTOP);

  // Password, then the authenticator (enrolled at the first sign-in): the counter console.
  await signInStaff(staff, COUNTER, { shots: 'd40-loket-masuk' });
  await waitForHeading(staff, 'Layani warga');
  await shot(staff, 'd41-layani-warga-desktop');

  // Budi, found by NIK.
  await staff.locator('#q-nik').fill(BUDI.username);
  await staff.getByRole('button', { name: 'Cari warga' }).click();
  await waitForHeading(staff, BUDI.name);
  const card = await staff.locator('main').innerText();
  assert.match(card, new RegExp(BUDI.username));
  assert.match(card, /2 Maret 1985/);
  assert.match(card, /Nomor HP\s+\+?\d+\*+\d+/, 'his phone number, masked');
  await shot(staff, 'd42-warga-ditemukan-desktop');

  // Surat keterangan domisili on his behalf, page by page, then the confirmation.
  const id = await fileFor(staff, BUDI.name, 'd43-loket-form');
  const done = await staff.locator('main').innerText();
  assert.match(done, new RegExp(`${BUDI.name} dapat melihat permohonan ini`));
  await shot(staff, 'd44-loket-terkirim-desktop');

  // Budi, on his own phone, sees it under "Permohonan Saya".
  const budi = await openPage(MOBILE);
  await signIn(budi, BUDI);
  await waitForHeading(budi, 'Permohonan Saya');
  await budi.locator(`[data-application="${id}"]`).waitFor();
  assert.match(await budi.locator(`[data-application="${id}"]`).innerText(), /Surat Keterangan Domisili/);
  await shot(budi, 'm45-budi-permohonan-saya-360');
  await budi.locator(`[data-application="${id}"] .card__title a`).click();
  await budi.locator('.status-body .tag').waitFor();
  await shot(budi, 'm46-budi-status-360');

  // The next person: a NIK not yet in PISAO, so the counter registers them, without e-mail or phone.
  await staff.getByRole('button', { name: 'Layani warga berikutnya' }).click();
  await waitForHeading(staff, 'Layani warga');
  await staff.locator(`[data-counter-list] [data-application="${id}"]`).waitFor();
  const walkIn = newPerson('L');
  await staff.locator('#q-nik').fill(walkIn.nik);
  await staff.getByRole('button', { name: 'Cari warga' }).click();
  await waitForHeading(staff, 'Daftarkan warga');
  assert.equal(await staff.locator('#q-nik').inputValue(), walkIn.nik, 'the NIK looked up is carried over');
  await shot(staff, 'd47-daftarkan-warga-desktop');
  await staff.locator('#q-name').fill(walkIn.name);
  await staff.locator('#q-birthDate').fill(walkIn.birthDate);
  await staff.locator('input[name="sex"][value="L"]').check();
  await staff.getByRole('button', { name: 'Daftarkan warga' }).click();
  await waitForHeading(staff, walkIn.name);
  assert.match(await staff.locator('.panel').innerText(), /Pemberitahuan untuknya disimpan di kantor ini/);
  await shot(staff, 'd48-warga-baru-desktop');
  const second = await fileFor(staff, walkIn.name, null);
  assert.notEqual(second, id);
  assert.match(await staff.locator('main').innerText(), /pemberitahuan disimpan di kantor ini/);
  await shot(staff, 'd49-loket-terkirim-tanpa-kontak-desktop');

  // Both are in today's list at this counter.
  await staff.getByRole('button', { name: 'Layani warga berikutnya' }).click();
  await staff.locator(`[data-counter-list] [data-application="${second}"]`).waitFor();
  await staff.setViewportSize(MOBILE);
  await shot(staff, 'm50-layani-warga-daftar-360');

  // The walk-in's lookup is answered 404 on purpose: the browser logs that as a failed resource.
  const problems = [...staff.problems, ...budi.problems].filter((x) => !x.startsWith('console: Failed to load resource'));
  assert.deepEqual(problems, [], 'no script errors or accessibility violations in the pages');
  await staff.context().close();
  await budi.context().close();
});
