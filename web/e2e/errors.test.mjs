// What people see when things go wrong: never a blank page, always Indonesian words and a way on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, CITIZEN, PERMIT, MOBILE, shot, signIn, waitForHeading, browserForTests,
} from './lib.mjs';

const openPage = browserForTests();

test('no network: the catalogue page explains and offers to try again', async () => {
  const page = await openPage(MOBILE);
  await page.route('**/api/catalogue', (r) => r.abort('internetdisconnected'));
  await page.goto(`${BASE}/#/`);
  await waitForHeading(page, 'Tidak dapat terhubung');
  assert.match(await page.locator('main').innerText(), /Periksa koneksi internet Anda/);
  await shot(page, 'm20-tanpa-koneksi-360');
  // Back online: "Coba lagi" recovers without a reload.
  await page.unroute('**/api/catalogue');
  await page.getByRole('button', { name: 'Coba lagi' }).click();
  await page.locator(`a[href="#/izin/${PERMIT}"]`).waitFor();
  assert.deepEqual(page.problems.filter((x) => !x.startsWith('console:')), [], 'no script errors or accessibility violations');
  await page.context().close();
});

test('a gateway error page (HTML, 502) becomes a clear message', async () => {
  const page = await openPage(MOBILE);
  await page.route('**/api/catalogue', (r) => r.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad Gateway</h1>' }));
  await page.goto(`${BASE}/#/`);
  await waitForHeading(page, 'Maaf, terjadi masalah');
  assert.match(await page.locator('main').innerText(), /Layanan sedang mengalami gangguan/);
  assert.deepEqual(page.problems.filter((x) => !x.startsWith('console:')), [], 'no script errors or accessibility violations');
  await page.context().close();
});

test('wrong password: error summary, inline, Indonesian', async () => {
  const page = await openPage(MOBILE);
  await page.goto(`${BASE}/#/masuk`);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('.error-summary').innerText(), /Isi NIK atau nomor paspor Anda/);
  await page.locator('#username').fill(CITIZEN.username);
  await page.locator('#password').fill('salah-sekali');
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.locator('.error-summary').filter({ hasText: /salah/ }).waitFor();
  await shot(page, 'm21-kata-sandi-salah-360');
  assert.deepEqual(page.problems.filter((x) => !x.startsWith('console:')), [], 'no script errors or accessibility violations');
  await page.context().close();
});

test('form page: missing and badly formatted answers are explained before saving', async () => {
  const page = await openPage(MOBILE);
  await signIn(page, CITIZEN);
  await page.goto(`${BASE}/#/izin/${PERMIT}`);
  await page.getByRole('button', { name: 'Ajukan', exact: true }).click();
  await page.locator('form[data-page]').waitFor();
  await page.getByRole('button', { name: 'Simpan dan lanjutkan', exact: true }).click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.ok((await summary.locator('a').count()) >= 1);
  assert.match(await page.title(), /^Kesalahan: /);
  const first = await page.locator('form[data-page] [data-question]').first().getAttribute('data-question');
  await summary.locator('a').first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), `q-${first}`);
  await shot(page, 'm22-form-kosong-360');
  if (await page.locator('#q-nama_lengkap').count()) {
    await page.locator('#q-nama_lengkap').fill('S1t1 ###');
    await page.getByRole('button', { name: 'Simpan dan lanjutkan', exact: true }).click();
    // The browser's form engine words it as the server would (the form's own message for the pattern).
    await summary.filter({ hasText: /Nama hanya boleh berisi huruf/ }).waitFor();
  }
  // The draft stays listed under "Permohonan Saya", to resume later.
  await page.goto(`${BASE}/#/permohonan`);
  await waitForHeading(page, 'Permohonan Saya');
  assert.deepEqual(page.problems.filter((x) => !x.startsWith('console:')), [], 'no script errors or accessibility violations');
  await page.context().close();
});
