// The treasurer's "Kas Daerah", in Chromium: a day's bank statement (built here, for a day no other test uses)
// is uploaded — a broken one first, refused with its line — and reconciled (not balanced: one credit nobody
// knows, with what to do about it); the income report of that day is zero; the refund opened for the unknown
// credit is listed, refused without a note (at the field) and closed with one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import {
  BASE, DESKTOP, MOBILE, shot, signInStaff, waitForHeading, browserForTests,
} from './lib.mjs';

const TREASURER = { username: 'bendahara.dpmptsp', password: 'Demo#2026pisao' };
const DAY = '2026-01-05';
const REF = `BPD-E2E-${Date.now().toString(36).toUpperCase()}${randomInt(1000)}`;
const HEADER = 'tanggal_transaksi,kanal,nomor_va,nomor_tagihan,referensi_bank,jumlah,mata_uang,keterangan';
const statement = (currency) => `${HEADER}\n${DAY}T10:15:00+07:00,VA,"   88081000000099990",,${REF},75000,${currency},tes\n`;
// The page's own refusals (the broken file) and a day not yet reconciled (404) are logged by the browser.
const expected = (x) => /^console: Failed to load resource: the server responded with a status of (400|404)\b/.test(x);
const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

const openPage = browserForTests();

test('the treasurer reconciles a statement, reads the income and closes a refund', { timeout: 180000 }, async () => {
  const page = await openPage(DESKTOP);
  await signInStaff(page, TREASURER, { route: '/petugas' });
  // The treasurer's console starts at Kas Daerah, the one console link for that role.
  await waitForHeading(page, 'Kas Daerah');
  const nav = await page.locator('.nav__link').allInnerTexts();
  assert.ok(nav.includes('Kas Daerah'), `the navigation offers Kas Daerah (${nav.join(', ')})`);
  for (const other of ['Daftar tugas', 'Antrean transaksi', 'Jejak audit', 'Petugas']) assert.ok(!nav.includes(other), `no "${other}" for a treasurer`);
  assert.match(page.url(), /#\/petugas\/kas$/, 'the sign-in lands on Kas Daerah');
  // Another console's page is refused in words; the navigation leads back.
  await page.goto(`${BASE}/#/petugas/antrean`);
  await waitForHeading(page, 'Khusus petugas');
  await page.getByRole('link', { name: 'Kas Daerah' }).click();
  await waitForHeading(page, 'Kas Daerah');

  // ---- a broken file (a foreign currency) is refused whole, with its line, at the field and in the summary ----
  await page.getByLabel('Tanggal transaksi').fill(DAY);
  await page.locator('#statement').setInputFiles(csv('rekening-koran-usd.csv', statement('USD')));
  await page.getByText('Dipilih: rekening-koran-usd.csv').waitFor();
  await page.getByRole('button', { name: 'Unggah dan rekonsiliasi' }).click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Baris 2.*mata_uang.*USD/);
  assert.match(await page.locator('#statement-error').innerText(), /Baris 2/);
  await shot(page, 't01-kas-rekening-koran-ditolak-desktop');

  // ---- the good file: not balanced, the unknown credit with what to do ----
  await page.locator('#statement').setInputFiles(csv('rekening-koran.csv', statement('IDR')));
  await page.getByRole('button', { name: 'Unggah dan rekonsiliasi' }).click();
  const result = page.locator(`[data-reconciliation="${DAY}"]`);
  await result.waitFor();
  assert.equal(await summary.count(), 0, 'the summary is gone');
  assert.equal(await page.locator('#statement-error').isVisible(), false, 'the field error is gone');
  await page.getByText('Rekening koran tanggal 5 Januari 2026 sudah direkonsiliasi.').waitFor();
  assert.equal(await result.getAttribute('data-balanced'), 'false');
  assert.equal(await result.locator('[data-verdict]').innerText(), 'Tidak seimbang');
  assert.match(await result.locator('.summary-list').innerText(), /Rp75\.000 lebih banyak/);
  assert.match(await result.locator('.summary-list').innerText(), /Direkonsiliasi[\s\S]*Bendahara/);
  const headings = await result.locator('h3').allInnerTexts();
  assert.deepEqual(headings.slice(1), ['Cocok', 'Lunas di PISAO, tidak ada di bank', 'Masuk di bank, tidak dikenal PISAO', 'Jumlah berbeda']);
  const unknown = result.locator('[data-category="unknownToUs"]');
  const row = unknown.locator(`tr[data-item="${REF}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Tanpa nomor tagihan[\s\S]*VA 88081000000099990[\s\S]*5 Januari 2026 pukul 10\.15 WIB[\s\S]*Rp75\.000/);
  assert.match(await unknown.locator('[data-action]').innerText(), /Yang harus dilakukan: Dana masuk di bank tetapi tidak ada tagihan lunas di PISAO/);
  assert.match(await result.locator('[data-category="matched"]').innerText(), /Tidak ada\./);
  await shot(page, 't02-kas-rekonsiliasi-desktop');

  // ---- the income report of that day: zero ----
  await page.locator('#income-from').fill(DAY);
  await page.locator('#income-to').fill(DAY);
  await page.getByRole('button', { name: 'Tampilkan', exact: true }).click();
  const total = page.locator('[data-income-total]');
  await page.waitForFunction(() => /5 Januari 2026/.test(document.querySelector('[data-income-total]')?.textContent || ''));
  assert.match(await total.innerText(), /Pendapatan 5 Januari 2026: Rp0 · 0 transaksi/);
  await page.getByText('Tidak ada pembayaran yang lunas pada periode ini.').waitFor();
  // The export is a fresh 5-minute link to that period's file.
  page.context().on('page', (p) => p.close().catch(() => {}));
  const [exported] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/treasury/income/export')),
    page.getByRole('button', { name: 'Unduh CSV' }).click(),
  ]);
  assert.equal(exported.status(), 200, `the export link (${await exported.text()})`);
  assert.match(new URL(exported.url()).search, new RegExp(`from=${DAY}&to=${DAY}&format=csv`));
  const file = await fetch(new URL((await exported.json()).url, BASE));
  assert.equal(file.status, 200);
  assert.match((await file.text()).split('\n')[0], /kode|rekening|tanggal/i, 'the CSV has a header');

  // ---- the refund opened for the unknown credit ----
  const card = page.locator(`[data-refund="${REF}"]`);
  await card.waitFor();
  assert.match(await card.locator('[data-reason]').innerText(), /^Dana masuk tanpa tagihan yang cocok$/);
  assert.match(await card.innerText(), /Rp75\.000/);
  await card.getByLabel('Dikembalikan ke pembayar').check();
  await card.getByRole('button', { name: 'Simpan keputusan' }).click();
  await summary.waitFor();
  const noteError = card.locator('textarea + *, .form-group--error .error-message').filter({ hasText: 'Catatan wajib diisi' });
  await noteError.first().waitFor();
  assert.match(await summary.innerText(), /Catatan wajib diisi, 5 sampai 500 karakter\./);
  assert.equal(await card.locator('textarea').getAttribute('aria-describedby').then((d) => d.split(' ').some((x) => x.endsWith('-error'))), true, 'the note is described by its error');
  await shot(page, 't03-kas-pengembalian-tanpa-catatan-desktop');

  await card.getByLabel('Catatan').fill('Dikembalikan lewat transfer BPD nomor TRF-E2E-001.');
  await card.getByRole('button', { name: 'Simpan keputusan' }).click();
  await page.getByText(`Pengembalian dana ${REF} ditutup: Dikembalikan kepada pembayar.`).waitFor();
  assert.equal(await page.locator(`[data-refund="${REF}"]`).count(), 0, 'no longer pending');
  assert.equal(await summary.count(), 0);
  await shot(page, 't04-kas-pengembalian-ditutup-desktop');
  assert.deepEqual(page.problems.filter((x) => !expected(x)), [], 'no script errors or accessibility violations in the pages');
});

test('Kas Daerah on a phone: the stored reconciliation of a day, readable at 360 px', { timeout: 120000 }, async () => {
  const page = await openPage(MOBILE);
  await signInStaff(page, TREASURER, { route: '/petugas/kas' });
  await waitForHeading(page, 'Kas Daerah');
  // A link to a day and a period (the sign-in keeps the route, not its query).
  await page.goto(`${BASE}/#/petugas/kas?tanggal=${DAY}&dari=${DAY}&sampai=${DAY}`);
  const result = page.locator(`[data-reconciliation="${DAY}"]`);
  await result.waitFor(); // the first test (or an earlier run) reconciled it
  assert.equal(await result.getAttribute('data-balanced'), 'false');
  // A day never reconciled says so.
  await page.getByLabel('Tanggal transaksi').fill('2026-01-04');
  await page.locator('[data-not-reconciled]').filter({ hasText: '4 Januari 2026 belum direkonsiliasi' }).waitFor();
  await page.getByLabel('Tanggal transaksi').fill(DAY);
  await result.waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page does not scroll sideways (${overflow} px)`);
  assert.match(await page.locator('[data-income-total]').innerText(), /5 Januari 2026: Rp0/);
  await shot(page, 't05-kas-daerah-360');
  assert.deepEqual(page.problems.filter((x) => !expected(x)), [], 'no script errors or accessibility violations in the pages');
});
