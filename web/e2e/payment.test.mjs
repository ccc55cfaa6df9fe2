// Paying into the regional treasury, end to end, in Chromium, against the local stack (with its RKUD bank
// simulator at /_local/bank/). Siti files an annual STNK validation (`pengesahan-stnk-tahunan`: a fee the
// agency computes) through the API, with a vehicle of this run's own; `verifikator.samsat` passes the
// verification step in the console (no amount is asked there); `kasi.samsat` approves the last step, which
// asks for the assessed amount: empty and too large are refused next to the field (the second by the
// server), then "350.000" goes. Siti, in the browser, sees the invoice: the amount and its lines, the virtual
// account number in groups of four, the QRIS as a QR code (the very payload, module for module), the deadline
// and the time left; "Permohonan Saya" says "Menunggu pembayaran" with "Bayar tagihan". An expired code (the
// API's answer changed in the browser: the stack cannot wait a day) offers "Minta kode pembayaran baru", and the
// server's refusal of a code that has not really expired is shown in words. She opens the bank
// simulator from the local-test link, pays the VA, comes back: "Lunas" with the bank's reference, then
// "Terbit"; the receipt link serves a PDF. The approver's page shows the invoice paid with the same reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import {
  BASE, CITIZEN, PNG, DESKTOP, MOBILE, apiCall, shot, signIn, signInStaff, waitForHeading, browserForTests,
} from './lib.mjs';
import { qrMatrix } from '../src/qr/encode.js';

const PERMIT = 'pengesahan-stnk-tahunan';
const VERIFIER = { username: 'verifikator.samsat', password: 'Demo#2026pisao' };
const APPROVER = { username: 'kasi.samsat', password: 'Demo#2026pisao' };
const FEE = 350000;

// A vehicle of this run's own, so parallel runs on the shared stack never meet.
const letters = () => Array.from({ length: 3 }, () => 'ABCDEFGHJKLMNPRSTUVWXYZ'[randomInt(23)]).join('');
const digits = (n) => Array.from({ length: n }, () => randomInt(10)).join('');
const ANSWERS = {
  nik: CITIZEN.username,
  nama_lengkap: 'Siti Aminah',
  pemilik_sendiri: 'ya',
  nomor_polisi: `B ${1000 + randomInt(9000)} ${letters()}`,
  nomor_rangka: `MHKA4DE3JB${digits(7)}`,
  nomor_mesin: `1NRF${digits(6)}`,
  jenis_kendaraan: 'sepeda_motor',
  tahun_pembuatan: 2019,
};

const openPage = browserForTests();

/** The citizen's token, as the browser would get it (the demo citizen has no second factor). */
async function citizenToken() {
  const r = await apiCall('POST', '/auth/sessions', { username: CITIZEN.username, password: CITIZEN.password });
  assert.ok(r.idToken, `a citizen signs in with a password only (${JSON.stringify(r)})`);
  return r.idToken;
}

/** Upload a PNG for `field` through the presigned form, then ask for the file's checks. */
async function attach(token, id, field) {
  const ticket = await apiCall('POST', `/applications/${id}/uploads`, { field, filename: `${field}.png`, contentType: 'image/png', size: PNG.length }, token);
  const form = new FormData();
  for (const [k, v] of Object.entries(ticket.fields)) form.append(k, v);
  form.append('file', new Blob([PNG], { type: 'image/png' }), `${field}.png`);
  const res = await fetch(new URL(ticket.url, BASE), { method: 'POST', body: form });
  assert.ok(res.ok, `upload to storage: HTTP ${res.status} ${await res.text()}`);
  const verdict = await apiCall('POST', `/applications/${id}/uploads/${field}/check`, {}, token).catch((e) => ({ status: `check failed: ${e.message}` }));
  assert.notEqual(verdict.status, 'rejected', `the STNK photo passes its checks (${JSON.stringify(verdict)})`);
}

/** Wait until the application is at `want` (a status, or a status and a step). */
async function waitFor(id, token, test, what, timeout = 90000) {
  const end = Date.now() + timeout;
  let app;
  while (Date.now() < end) {
    app = await apiCall('GET', `/applications/${id}`, undefined, token);
    if (test(app)) return app;
    if (['rejected', 'issued'].includes(app.status)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`application ${id} never reached ${what}: ${app?.status} at ${app?.step?.id} (${JSON.stringify(app?.reasons)})`);
}

/** One staff decision in the console: open the application, "Setujui". */
async function openInConsole(page, id) {
  await page.goto(`${BASE}/#/petugas/permohonan/${encodeURIComponent(id)}`);
  await page.reload();
  await page.getByRole('button', { name: 'Setujui', exact: true }).waitFor({ timeout: 30000 });
}

test('computed fee: assessed at approval, invoice, pay the VA at the bank, "Lunas", "Terbit", receipt PDF', { timeout: 600000 }, async () => {
  // ---- Siti files the STNK validation (set-up through the API: the form itself is tested elsewhere) ----
  const token = await citizenToken();
  let app = await apiCall('POST', '/applications', { permitId: PERMIT }, token);
  const id = app.id;
  app = await apiCall('PUT', `/applications/${id}/answers`, { answers: ANSWERS, version: app.version }, token);
  await attach(token, id, 'foto_stnk');
  await apiCall('POST', `/applications/${id}/submit`, undefined, token);
  app = await waitFor(id, token, (a) => a.status === 'awaiting_verification' && a.step?.id === 'verify', 'the verify step');
  assert.equal(app.feeRule, 'computed');
  assert.equal(app.step.last, false);
  assert.equal(app.invoice, null, 'no invoice before approval');

  // ---- verifikator.samsat passes the verification step: no amount is asked before the last step ----
  const verifier = await openPage(DESKTOP);
  await signInStaff(verifier, VERIFIER);
  await openInConsole(verifier, id);
  assert.equal(await verifier.locator('#q-assessedFee').count(), 0, 'the verifier is not asked for the amount');
  await verifier.getByRole('button', { name: 'Setujui', exact: true }).click();
  await verifier.locator('.panel').filter({ hasText: 'Permohonan disetujui' }).waitFor({ timeout: 20000 });
  app = await waitFor(id, token, (a) => a.status === 'awaiting_verification' && a.step?.id === 'approve', 'the approve step');
  assert.equal(app.step.last, true);

  // ---- kasi.samsat approves with the assessed amount ----
  const approver = await openPage(DESKTOP);
  await signInStaff(approver, APPROVER);
  await openInConsole(approver, id);
  const fee = approver.locator('#q-assessedFee');
  await fee.waitFor();
  assert.match(await approver.locator('label[for="q-assessedFee"]').innerText(), /Jumlah tagihan hasil penetapan \(Rp\)/);
  assert.match(await approver.locator('#q-assessedFee-hint').innerText(), /angka bulat tanpa titik, misalnya 350000/i);
  const approve = approver.getByRole('button', { name: 'Setujui', exact: true });
  // Empty: refused in the browser, next to the field and in the summary.
  await approve.click();
  await approver.locator('#q-assessedFee-error').filter({ hasText: 'Isi jumlah tagihan' }).waitFor();
  assert.match(await approver.locator('.error-summary').innerText(), /Isi jumlah tagihan/);
  await shot(approver, 'pay01-jumlah-kosong-desktop');
  // Absurdly large (a typing error): the browser sends it, the server refuses it, shown next to the field.
  await fee.fill('2000000000000');
  const refused = approver.waitForResponse((r) => r.url().endsWith(`/staff/applications/${id}/decision`));
  await approve.click();
  assert.equal((await refused).status(), 400);
  await approver.locator('#q-assessedFee-error').filter({ hasText: 'Isi jumlah dalam rupiah' }).waitFor();
  assert.match(await approver.locator('.error-summary').innerText(), /Isi jumlah dalam rupiah/);
  await shot(approver, 'pay02-jumlah-ditolak-server-desktop');
  // Written as people write rupiah: taken as 350000, echoed back.
  await fee.fill('350.000');
  await approver.locator('[data-fee-echo]').filter({ hasText: 'Rp350.000' }).waitFor();
  const sent = approver.waitForRequest((r) => r.url().endsWith(`/staff/applications/${id}/decision`));
  await approve.click();
  assert.equal(JSON.parse((await sent).postData()).assessedFee, FEE);
  await approver.locator('.panel').filter({ hasText: 'Permohonan disetujui' }).waitFor({ timeout: 20000 });
  app = await waitFor(id, token, (a) => a.status === 'awaiting_payment' && a.invoice?.status === 'unpaid', 'awaiting_payment');
  const invoice = app.invoice;
  assert.equal(invoice.total, FEE);
  assert.match(invoice.virtualAccount, /^\d{10,20}$/);
  assert.ok(invoice.qris?.startsWith('000201'), 'a QRIS payload');

  // The approver's page now shows the invoice, unpaid.
  await approver.goto(`${BASE}/#/petugas/permohonan/${encodeURIComponent(id)}`);
  await approver.reload();
  await approver.locator('[data-invoice-status="unpaid"]').waitFor({ timeout: 20000 });
  assert.equal(await approver.locator('[data-invoice-total]').innerText(), 'Rp350.000');
  await shot(approver, 'pay03-petugas-tagihan-desktop');

  // ---- Siti sees how to pay ----
  const citizen = await openPage(MOBILE);
  await signIn(citizen, CITIZEN);
  await citizen.goto(`${BASE}/#/permohonan/${encodeURIComponent(id)}`);
  const panel = citizen.locator('[data-invoice="unpaid"]');
  await panel.waitFor({ timeout: 30000 });
  await citizen.locator('.status-body .tag').filter({ hasText: 'Menunggu pembayaran' }).first().waitFor();
  assert.equal(await panel.locator('[data-amount]').innerText(), 'Rp350.000');
  // What is paid is named for what it is in law: the vehicle tax, not a "Biaya layanan" (issue 14).
  assert.deepEqual(invoice.lines.map((l) => [l.kind, l.label]), [['pajak', 'Pajak: PKB dan SWDKLLJ']]);
  assert.equal(await panel.locator('[data-line-kind="pajak"]').innerText(), 'Pajak: PKB dan SWDKLLJ');
  const va = citizen.locator('#va-number');
  assert.equal(await va.getAttribute('data-va'), invoice.virtualAccount);
  assert.equal(await va.innerText(), invoice.virtualAccount.replace(/(\d{4})(?=\d)/g, '$1 '), 'the VA number in groups of four');
  assert.match(await panel.innerText(), /ATM, mobile banking atau internet banking bank mana pun/);
  assert.match(await panel.innerText(), /Bayar sebelum \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WIB/);
  assert.match(await citizen.locator('[data-countdown]').innerText(), /\d+ (jam|menit|hari)/);
  // The QR code is the invoice's QRIS payload, module for module.
  const path = await panel.locator('[data-qris] svg.qr path').getAttribute('d', { timeout: 15000 });
  let want = '';
  qrMatrix(invoice.qris).forEach((row, r) => row.forEach((dark, c) => dark && (want += `M${c + 4} ${r + 4}h1v1h-1z`)));
  assert.equal(path, want, 'the QR code encodes the QRIS payload');
  await shot(citizen, 'pay04-tagihan-360');
  await citizen.setViewportSize(DESKTOP);
  await shot(citizen, 'pay04-tagihan-desktop');
  await citizen.setViewportSize(MOBILE);

  // "Permohonan Saya": the status from the server, and the way to pay.
  await citizen.goto(`${BASE}/#/permohonan`);
  const card = citizen.locator(`[data-application="${id}"]`);
  await card.waitFor();
  assert.match(await card.locator('.tag').innerText(), /Menunggu pembayaran/);
  assert.match(await card.innerText(), /Tagihan Rp350\.000, bayar sebelum/);
  await card.locator('[data-pay]').filter({ hasText: 'Bayar tagihan' }).waitFor();
  await shot(citizen, 'pay05-daftar-menunggu-bayar-360');
  await card.locator('[data-pay]').click();
  await panel.waitFor({ timeout: 20000 });

  // ---- an expired code: the stack cannot wait a day, so the API's answer is changed in this browser ----
  const appUrl = `**/api/applications/${id}`;
  const expire = async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    body.status = 'payment_expired';
    body.statusLabel = 'Kode pembayaran kedaluwarsa';
    body.nextAction = 'Minta kode pembayaran baru, lalu bayar sebelum batas waktunya.';
    body.invoice = { ...body.invoice, status: 'expired', statusLabel: 'Kedaluwarsa', virtualAccount: null, qris: null, secondsLeft: 0 };
    await route.fulfill({ response: res, json: body });
  };
  await citizen.route(appUrl, expire);
  await citizen.reload();
  const expired = citizen.locator('[data-invoice="expired"]');
  await expired.waitFor({ timeout: 20000 });
  assert.equal(await citizen.locator('#va-number').count(), 0, 'no payment code once expired');
  assert.match(await expired.innerText(), /kedaluwarsa pada \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WIB/);
  await shot(citizen, 'pay06-kode-kedaluwarsa-360');
  // The server still holds the code valid, so it refuses a new one (409): its reason is shown in words.
  const [renewal] = await Promise.all([
    citizen.waitForResponse((r) => r.url().endsWith(`/applications/${id}/invoice`) && r.request().method() === 'POST'),
    expired.getByRole('button', { name: 'Minta kode pembayaran baru' }).click(),
  ]);
  assert.equal(renewal.status(), 409);
  await expired.locator('.error-summary').filter({ hasText: 'kedaluwarsa' }).waitFor();
  // Wait for a handler still answering the page's poll: fulfilling after the reload fails ("already handled").
  await citizen.unrouteAll({ behavior: 'wait' });
  await citizen.reload();
  await panel.waitFor({ timeout: 20000 });

  // ---- the bank simulator (local stack only): pay the VA ----
  const [bank] = await Promise.all([citizen.waitForEvent('popup'), citizen.locator('[data-local-bank]').click()]);
  await bank.waitForLoadState();
  assert.equal(await bank.locator('#va').inputValue(), invoice.virtualAccount, 'the VA number is filled in');
  await bank.getByRole('button', { name: 'Cek tagihan' }).click();
  await bank.locator('#amount').waitFor();
  assert.equal((await bank.locator('#amount').innerText()).trim(), 'Rp350.000', 'the bank asks for the same amount');
  await bank.screenshot({ path: new URL('./screenshots/pay07-bank-konfirmasi.png', import.meta.url).pathname, fullPage: true });
  await bank.getByRole('button', { name: 'Bayar', exact: true }).click();
  await bank.locator('#result').waitFor();
  assert.match(await bank.locator('#result').innerText(), /Pembayaran berhasil/);
  await bank.screenshot({ path: new URL('./screenshots/pay08-bank-berhasil.png', import.meta.url).pathname, fullPage: true });
  await bank.close();

  // ---- back at PISAO: "Lunas", the bank's reference, then "Terbit" ----
  await citizen.bringToFront();
  const paid = citizen.locator('[data-invoice="paid"]');
  await paid.waitFor({ timeout: 60000 });
  assert.match(await paid.locator('.tag').innerText(), /Lunas/);
  const reference = (await paid.locator('[data-bank-reference]').innerText()).trim();
  assert.ok(reference && reference !== '–', `a bank reference (${reference})`);
  assert.match(await paid.locator('[data-paid-at]').innerText(), /WIB$/);
  assert.equal(await paid.locator('[data-amount]').innerText(), 'Rp350.000');
  assert.equal(await citizen.locator('#va-number').count(), 0, 'no payment code once paid');
  await shot(citizen, 'pay09-lunas-360');
  await citizen.locator('.status-body .tag').filter({ hasText: 'Terbit' }).first().waitFor({ timeout: 120000 });
  const timeline = await citizen.locator('.timeline').innerText();
  for (const event of ['Tagihan terbit', 'Pembayaran diterima bank']) assert.match(timeline, new RegExp(event), `the timeline has "${event}"`);
  await paid.waitFor(); // the receipt stays on the issued application's page
  await shot(citizen, 'pay10-terbit-360');

  // The receipt: a fresh 5-minute link, opened in a new tab; it serves a PDF.
  citizen.context().on('page', (p) => p.close().catch(() => {}));
  const [receipt] = await Promise.all([
    citizen.waitForResponse((r) => r.url().endsWith(`/applications/${id}/invoice/receipt`)),
    citizen.getByRole('button', { name: 'Unduh bukti pembayaran (PDF)' }).click(),
  ]);
  assert.equal(receipt.status(), 200, `the receipt link (${await receipt.text()})`);
  const { url } = await receipt.json();
  const pdf = await fetch(new URL(url, BASE));
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get('content-type') || '', /pdf/);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF', 'the receipt is a PDF');

  // ---- the approver sees it paid, with the same bank reference ----
  await approver.goto(`${BASE}/#/petugas/permohonan/${encodeURIComponent(id)}`);
  await approver.reload();
  await approver.locator('[data-invoice-status="paid"]').waitFor({ timeout: 20000 });
  assert.equal((await approver.locator('[data-bank-reference]').innerText()).trim(), reference);
  await waitForHeading(approver, 'Pengesahan STNK tahunan dan pembayaran PKB');
  await shot(approver, 'pay11-petugas-lunas-desktop');

  // The refusals the test asked for (the too-large amount, the new code too early) are logged by the browser.
  const problems = [...verifier.problems, ...citizen.problems, ...approver.problems].filter((x) => !x.startsWith('console: Failed to load resource'));
  assert.deepEqual(problems, [], 'no script errors or accessibility violations in the pages');
});
