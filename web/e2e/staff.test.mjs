// Staff administration end to end, in Chromium, against the local stack: an agency admin adds a staff
// member; the new staff member, with the temporary password from the test inbox, makes a password of their
// own and enrols an authenticator at the first sign-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import {
  AGENCY_ADMIN, MOBILE, DESKTOP, BASE, shot, signInStaff, continueStaffSignIn, waitForHeading, waitForMessage,
  browserForTests,
} from './lib.mjs';

const openPage = browserForTests();

test('an agency admin adds a verifier, who sets a password and an authenticator at first sign-in', { timeout: 180000 }, async () => {
  const admin = await openPage(DESKTOP);
  await signInStaff(admin, AGENCY_ADMIN, { shots: 'd60-admin-masuk' });
  await waitForHeading(admin, 'Petugas instansi');
  assert.match(await admin.locator('main').innerText(), /Suku Dinas Dukcapil/);
  await shot(admin, 'd61-petugas-instansi-desktop');

  // "Tambah petugas": an empty form is refused first, field by field.
  await admin.getByRole('button', { name: 'Tambah petugas' }).click(); // a link that looks like a button
  await waitForHeading(admin, 'Tambah petugas');
  await admin.getByRole('button', { name: 'Tambah petugas' }).click();
  await admin.locator('.error-summary').waitFor();
  assert.ok((await admin.locator('.error-summary a').count()) >= 4, 'every missing answer is listed');
  await shot(admin, 'd62-tambah-petugas-kosong-desktop');

  const username = `verifikator.uji${Date.now().toString(36)}${randomInt(100)}`;
  const email = `${username}@dukcapil.jakarta.go.id`;
  await admin.locator('#q-name').fill('Andi Wijaya');
  await admin.locator('#q-username').fill(username);
  await admin.locator('#q-email').fill(email);
  await admin.locator('input[name="office"][value="kantor-dukcapil-jakarta-pusat"]').check();
  await admin.locator('input[name="roles"][value="verifier"]').check();
  await admin.getByRole('button', { name: 'Tambah petugas' }).click();
  await admin.locator('.panel').filter({ hasText: 'Petugas ditambahkan' }).waitFor();
  await admin.locator(`[data-staff="${username}"]`).waitFor();
  assert.match(await admin.locator(`[data-staff="${username}"]`).innerText(), /Aktif[\s\S]*Verifikator/);
  await shot(admin, 'd63-petugas-ditambahkan-desktop');

  // The new verifier, on their own device: temporary password → own password → authenticator → tasks.
  const mail = await waitForMessage(email, { match: /Kata sandi sementara/ });
  const temporary = /Kata sandi sementara: (\S+)/.exec(mail.text)[1];
  const staff = await openPage(MOBILE);
  const who = { username, password: temporary, newPassword: `Verifikator${randomInt(1e6)}Baru` };
  await staff.goto(`${BASE}/#/petugas`);
  await staff.locator('#username').fill(username);
  await staff.locator('#password').fill(temporary);
  await staff.getByRole('button', { name: 'Masuk', exact: true }).click();
  await waitForHeading(staff, 'Buat kata sandi baru');
  await shot(staff, 'm64-petugas-baru-kata-sandi-360');
  // A weak password: the API's words, next to the field.
  await staff.locator('#q-newPassword').fill('pendek');
  await staff.getByRole('button', { name: 'Simpan kata sandi' }).click();
  await staff.locator('#q-newPassword-error').filter({ hasText: /paling sedikit 10 karakter/ }).waitFor();
  await staff.locator('#q-newPassword').fill(who.newPassword);
  who.password = who.newPassword;
  await staff.getByRole('button', { name: 'Simpan kata sandi' }).click();
  await waitForHeading(staff, 'Pasang aplikasi autentikator');
  await staff.locator('svg.qr').waitFor(); // the QR code, from its lazy chunk
  await shot(staff, 'm65-petugas-baru-autentikator-360');
  // A wrong code: said next to the field, with the attempts left; then the right one.
  await staff.locator('#q-code').fill('000000');
  await staff.getByRole('button', { name: 'Lanjutkan' }).click();
  await staff.locator('#q-code-error').filter({ hasText: /Kode salah/ }).waitFor();
  await shot(staff, 'm66-petugas-baru-kode-salah-360');
  assert.deepEqual(await continueStaffSignIn(staff, who), ['setup'], 'the right code signs the new verifier in');
  await waitForHeading(staff, 'Daftar tugas verifikasi');
  await shot(staff, 'm67-petugas-baru-tugas-360');

  // The admin disables the account again (and may not disable their own).
  await admin.locator(`[data-staff="${username}"]`).getByRole('button', { name: /Nonaktifkan/ }).click();
  await admin.locator('.panel').filter({ hasText: 'Petugas dinonaktifkan' }).waitFor();
  assert.match(await admin.locator(`[data-staff="${username}"]`).innerText(), /Nonaktif/);

  const problems = [...admin.problems, ...staff.problems].filter((x) => !x.startsWith('console: Failed to load resource'));
  assert.deepEqual(problems, [], 'no script errors or accessibility violations in the pages');
  await admin.context().close();
  await staff.context().close();
});
