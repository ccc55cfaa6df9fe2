// A new citizen's account end to end, in Chromium, against the local stack (codes are read from its test
// inbox, /_local/outbox): registration with a bad NIK first, the code, sign-in, the profile with the
// region picker, a new mobile number, and a forgotten password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, MOBILE, DESKTOP, shot, waitForHeading, newPerson, codeFor, countMessages, browserForTests,
} from './lib.mjs';

const openPage = browserForTests();

const ADDRESS = {
  province: ['31', 'Daerah Khusus Ibukota Jakarta'],
  regency: ['31.71', 'Kota Administrasi Jakarta Pusat'],
  district: ['31.71.01', 'Gambir'],
  village: ['31.71.01.1002', 'Cideng'],
};

/** Pick a region by its name once the <select> has been filled from its parent. */
async function pick(page, level, [code, name]) {
  const select = page.locator(`[id="q-address.${level}"]`);
  await select.locator(`option[value="${code}"]`).waitFor({ state: 'attached', timeout: 15000 });
  await select.selectOption({ label: name });
}

test('a new citizen registers, verifies, signs in and keeps an address in the profile', { timeout: 180000 }, async () => {
  const me = newPerson('P');
  const page = await openPage(MOBILE);

  // From "Masuk" to "Daftar".
  await page.goto(`${BASE}/#/masuk`);
  await page.getByRole('link', { name: 'Daftar', exact: true }).click();
  await waitForHeading(page, 'Daftar akun PISAO');
  await shot(page, 'm30-daftar-360');

  // A NIK one digit short: the API's Indonesian message, inline and in the summary, linked to the field.
  await page.locator('#q-nik').fill(me.nik.slice(0, 15));
  await page.locator('#q-name').fill(me.name);
  await page.locator('#q-birthDate').fill(me.birthDate);
  await page.locator(`input[name="sex"][value="${me.sex}"]`).check();
  await page.locator('#q-email').fill(me.email);
  await page.locator('#q-password').fill(me.password);
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /NIK harus 16 angka/);
  assert.match(await page.locator('#q-nik-error').innerText(), /NIK harus 16 angka/);
  assert.match(await page.title(), /^Kesalahan: /);
  await summary.locator('a').first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q-nik', 'the summary link focuses the NIK');
  await shot(page, 'm31-daftar-nik-salah-360');

  // A NIK whose district does not exist (31.71.99): the server names the field, the page shows its words.
  await page.locator('#q-nik').fill(`317199${me.nik.slice(6)}`);
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();
  await page.locator('#q-nik-error').filter({ hasText: 'Kode kecamatan pada NIK (angka ke-5 dan ke-6: 99) tidak ada' }).waitFor();

  // The right NIK, typed with spaces and dots as copied from the card: a code goes to the e-mail address.
  await page.locator('#q-nik').fill(`${me.nik.slice(0, 4)} ${me.nik.slice(4, 8)}.${me.nik.slice(8, 12)} ${me.nik.slice(12)}`);
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();
  await waitForHeading(page, 'Masukkan kode verifikasi');
  assert.match(await page.locator('#code-sent').innerText(), /@contoh\.id/);
  assert.ok(await page.getByRole('button', { name: /Kirim ulang kode \(\d+ detik\)/ }).isDisabled(), 'resending waits a minute');
  await shot(page, 'm32-daftar-kode-360');
  await page.locator('#q-code').fill(await codeFor(me.email));
  await page.getByRole('button', { name: 'Verifikasi', exact: true }).click();

  // Back at "Masuk", with the news; sign in with the NIK.
  await waitForHeading(page, 'Masuk');
  assert.match(await page.locator('.notice').innerText(), /Akun Anda aktif/);
  await shot(page, 'm33-daftar-selesai-360');
  await page.locator('#username').fill(me.nik);
  await page.locator('#password').fill(me.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await waitForHeading(page, 'Permohonan Saya');

  // The profile, from the header: KTP data read-only, no address yet.
  await page.locator('header').getByRole('link', { name: 'Profil' }).click();
  await waitForHeading(page, 'Profil Saya');
  const ktp = await page.locator('main').innerText();
  assert.match(ktp, new RegExp(me.nik));
  assert.match(ktp, /Perempuan/);
  await shot(page, 'm34-profil-360');

  // Only the province: the API names the level still missing.
  await pick(page, 'province', ADDRESS.province);
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await summary.filter({ hasText: /kabupaten\/kota/ }).waitFor();
  assert.match(await page.locator('[id="q-address.regency-error"]').innerText(), /Pilih kabupaten\/kota/);
  await shot(page, 'm35-profil-alamat-belum-lengkap-360');

  // The region picker, level by level, then the rest of the address and the KK number.
  await pick(page, 'regency', ADDRESS.regency);
  await pick(page, 'district', ADDRESS.district);
  await pick(page, 'village', ADDRESS.village);
  await page.locator('[id="q-address.street"]').fill('Jl. Cideng Barat No. 7');
  await page.locator('[id="q-address.rt"]').fill('4');
  await page.locator('[id="q-address.rw"]').fill('002');
  await page.locator('[id="q-address.postalCode"]').fill('10150');
  await page.locator('#q-kk').fill(`317101${me.nik.slice(6, 12)}0001`);
  await shot(page, 'm36-profil-alamat-diisi-360');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await page.locator('.panel').filter({ hasText: 'Profil disimpan' }).waitFor();

  // Reloaded: every level still chosen, the saved address spelled out.
  await page.setViewportSize(DESKTOP);
  await page.reload();
  await waitForHeading(page, 'Profil Saya');
  for (const [level, [code]] of Object.entries(ADDRESS)) {
    await page.waitForFunction(([l, c]) => document.getElementById(`q-address.${l}`)?.value === c, [level, code]);
  }
  assert.match(await page.locator('[data-address]').innerText(), /Jl\. Cideng Barat No\. 7, Cideng, Gambir, Kota Administrasi Jakarta Pusat, Daerah Khusus Ibukota Jakarta/);
  assert.equal(await page.locator('[id="q-address.rt"]').inputValue(), '004');
  await shot(page, 'd30-profil-tersimpan-desktop');
  await page.setViewportSize(MOBILE);

  // A mobile number, verified by a code sent by SMS.
  await page.getByRole('link', { name: /^Ubah nomor HP/ }).click();
  await waitForHeading(page, 'Ubah nomor HP');
  await page.locator('#q-value').fill(me.phone.replace('+62', '0'));
  await shot(page, 'm37-ubah-hp-360');
  await page.getByRole('button', { name: 'Kirim kode' }).click();
  await waitForHeading(page, 'Masukkan kode verifikasi');
  await page.locator('#q-code').fill(await codeFor(me.phone));
  await page.getByRole('button', { name: 'Verifikasi', exact: true }).click();
  await page.locator('.panel').filter({ hasText: 'Kontak diperbarui' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Terverifikasi[\s\S]*Terverifikasi/, 'e-mail and phone both verified');
  await shot(page, 'm38-profil-hp-baru-360');

  // Signed out, the password forgotten: a code by e-mail, a new password, and in again.
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.goto(`${BASE}/#/masuk`);
  await page.getByRole('link', { name: 'Lupa kata sandi?' }).click();
  await waitForHeading(page, 'Lupa kata sandi');
  await shot(page, 'm39-lupa-sandi-360');
  const before = await countMessages(me.email, /\b\d{6}\b/);
  await page.locator('#q-username').fill(me.nik);
  await page.getByRole('button', { name: 'Kirim kode' }).click();
  await waitForHeading(page, 'Buat kata sandi baru');
  await page.locator('#q-code').fill(await codeFor(me.email, before));
  await page.locator('#q-password').fill('pendek');
  await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await summary.filter({ hasText: /paling sedikit 10 karakter/ }).waitFor();
  await shot(page, 'm40-sandi-baru-lemah-360');
  const newPassword = `${me.password}Baru`;
  await page.locator('#q-password').fill(newPassword);
  await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await waitForHeading(page, 'Masuk');
  assert.match(await page.locator('.notice').innerText(), /Kata sandi baru tersimpan/);
  await page.locator('#username').fill(me.nik);
  await page.locator('#password').fill(newPassword);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await waitForHeading(page, 'Permohonan Saya');

  // The refusals above are answered 400 on purpose: the browser logs those as failed resources.
  assert.deepEqual(page.problems.filter((x) => !x.startsWith('console: Failed to load resource')), [], 'no script errors or accessibility violations in the pages');
  await page.context().close();
});

test('a foreign national registers with passport and nationality, then signs in with both', { timeout: 120000 }, async () => {
  const me = newPerson('P');
  const passport = `A${String(Date.now()).slice(-8)}`;
  const page = await openPage(MOBILE);
  await page.goto(`${BASE}/#/daftar`);
  await page.getByRole('link', { name: 'Daftar dengan paspor' }).click();
  await waitForHeading(page, 'Daftar sebagai warga negara asing');
  assert.equal(await page.locator('#q-nik').count(), 0, 'no NIK asked of a foreigner');
  await page.locator('#q-passportNumber').fill(passport.toLowerCase());
  await page.locator('#q-nationality').selectOption('MYS');
  await page.locator('#q-name').fill('Aisyah binti Ahmad');
  await page.locator('#q-birthDate').fill(me.birthDate);
  await page.locator('input[name="sex"][value="P"]').check();
  await page.locator('#q-email').fill(me.email);
  await page.locator('#q-password').fill(me.password);
  await shot(page, 'm40-daftar-wna-360');
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();
  await waitForHeading(page, 'Masukkan kode verifikasi');
  await page.locator('#q-code').fill(await codeFor(me.email));
  await page.getByRole('button', { name: 'Verifikasi', exact: true }).click();
  await waitForHeading(page, 'Masuk');
  const username = `MYS-${passport}`;
  assert.match(await page.locator('.notice').innerText(), new RegExp(`Nama pengguna Anda: ${username}`));
  await shot(page, 'm41-daftar-wna-selesai-360');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(me.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await waitForHeading(page, 'Permohonan Saya');
  await page.context().close();
});

test('back where one was: a person who came to apply registers and lands in the application; "Masuk" returns to the page; no open redirect', { timeout: 180000 }, async () => {
  const me = newPerson('L');
  const page = await openPage(MOBILE);
  await page.goto(`${BASE}/#/izin/surat-keterangan-domisili`);
  await page.getByRole('button', { name: 'Ajukan', exact: true }).click();
  await waitForHeading(page, 'Masuk');
  // No account yet: "Daftar", then the code, then signing in, all carrying where she was going.
  await page.getByRole('link', { name: 'Daftar', exact: true }).click();
  await waitForHeading(page, 'Daftar akun PISAO');
  assert.match(new URL(page.url()).hash, /lanjut=%2Fizin%2Fsurat-keterangan-domisili%2Fajukan/);
  await page.locator('#q-nik').fill(me.nik);
  await page.locator('#q-name').fill(me.name);
  await page.locator('#q-birthDate').fill(me.birthDate);
  await page.locator(`input[name="sex"][value="${me.sex}"]`).check();
  await page.locator('#q-email').fill(me.email);
  await page.locator('#q-password').fill(me.password);
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();
  await waitForHeading(page, 'Masukkan kode verifikasi');
  await page.locator('#q-code').fill(await codeFor(me.email));
  await page.getByRole('button', { name: 'Verifikasi', exact: true }).click();
  await waitForHeading(page, 'Masuk');
  await page.locator('#username').fill(me.nik);
  await page.locator('#password').fill(me.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  // The application of the permit she chose, at its first page (her name from the account), not "Permohonan Saya".
  await page.locator('form[data-page="pemohon"]').waitFor({ timeout: 20000 });
  assert.match(await page.locator('main .caption').innerText(), /Surat Keterangan Domisili/);
  assert.equal(await page.locator('#q-nama_lengkap').inputValue(), me.name, 'the name comes from the account');
  await shot(page, 'm40-daftar-lalu-ajukan-360');

  // "Masuk" in the header of a permit's page comes back to that page.
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.goto(`${BASE}/#/izin/skck`);
  await waitForHeading(page, 'Surat Keterangan Catatan Kepolisian (SKCK)');
  await page.locator('header').getByRole('link', { name: 'Masuk', exact: true }).click();
  await waitForHeading(page, 'Masuk');
  await page.locator('#username').fill(me.nik);
  await page.locator('#password').fill(me.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await waitForHeading(page, 'Surat Keterangan Catatan Kepolisian (SKCK)');

  // Another site, or a trick that looks like a path, is never where a sign-in leads.
  for (const evil of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
    await page.goto(`${BASE}/#/masuk?lanjut=${encodeURIComponent(evil)}`);
    await page.locator('#username').fill(me.nik);
    await page.locator('#password').fill(me.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await waitForHeading(page, 'Permohonan Saya');
    assert.equal(new URL(page.url()).origin, new URL(BASE).origin, `${evil}: still on PISAO`);
  }
  assert.deepEqual(page.problems, [], 'no script errors or accessibility violations in the pages');
  await page.context().close();
});
