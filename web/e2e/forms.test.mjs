// Smart forms in Chromium against a running local stack (PISAO_URL): questions that appear and disappear
// with the answers, every question type (radios, numbers, region choices, repeatable rows), the browser's
// own checks before any round trip, the server's checks shown the same way, drafts saved as the person
// types and continued in another browser, and deleting a draft.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, CITIZEN, PNG, MOBILE, DESKTOP, shot, signIn, waitForHeading, apiCall, appIdOf, recordRequests,
  browserForTests,
} from './lib.mjs';

const openPage = browserForTests();

const next = (page) => page.getByRole('button', { name: 'Simpan dan lanjutkan', exact: true }).click();
const onPage = (page, id) => page.locator(`form[data-page="${id}"]`).waitFor({ timeout: 20000 });
const shown = (page, id) => page.locator(`[data-question="${id}"]`).isVisible();
const SAVED = /Tersimpan pukul \d{2}\.\d{2}/;

async function upload(page, id, filename) {
  await page.locator(`#q-${id}`).setInputFiles({ name: filename, mimeType: 'image/png', buffer: PNG });
  await page.locator(`[data-question="${id}"] .upload-done`).filter({ hasText: filename }).waitFor({ timeout: 20000 });
}

async function start(page, permit) {
  await page.goto(`${BASE}/#/izin/${permit}`);
  await page.getByRole('button', { name: 'Ajukan', exact: true }).click();
  await page.locator('form[data-page]').waitFor();
  return appIdOf(page);
}

test('penggantian KTP-el: prefilled, questions follow the reason, draft continued in a fresh browser, NIK refused by the server, sent', { timeout: 240000 }, async () => {
  // ---- first visit: half the form ----
  const first = await openPage(MOBILE);
  await signIn(first, CITIZEN);
  await waitForHeading(first, 'Permohonan Saya');
  const id = await start(first, 'penggantian-ktp-el');
  // The profile answers the whole applicant's page: the form starts at the reason; back shows the page.
  await onPage(first, 'alasan');
  await first.locator('.back-link').click();
  await onPage(first, 'pemohon');
  assert.equal(await first.locator('#q-nik').inputValue(), '3171014101900001', 'NIK prefilled from the profile');
  assert.equal(await first.locator('#q-nama_lengkap').inputValue(), 'Siti Aminah');
  assert.equal(await first.locator('#q-tanggal_lahir').inputValue(), '1990-01-01');
  assert.ok(await first.locator('input[name="jenis_kelamin"][value="P"]').isChecked(), 'sex prefilled: Perempuan');
  await shot(first, 'f01-ktp-pemohon-prefill-360');
  await first.locator('#q-nomor_kk').fill('3171010101090001');
  await next(first);

  await onPage(first, 'alasan');
  assert.equal(await shown(first, 'nomor_laporan_polisi'), false, 'no police report before a reason is chosen');
  await first.locator('input[name="alasan"][value="hilang"]').check();
  await first.locator('[data-question="nomor_laporan_polisi"]').waitFor({ state: 'visible' });
  assert.ok(await shown(first, 'tanggal_hilang'), 'the date lost appears with "Hilang"');
  await shot(first, 'f02-ktp-alasan-hilang-360');
  await first.locator('input[name="alasan"][value="rusak"]').check();
  await first.locator('[data-question="nomor_laporan_polisi"]').waitFor({ state: 'hidden' });
  assert.equal(await shown(first, 'tanggal_hilang'), false);
  // Saved as the person goes: a discreet status, announced politely.
  await first.locator('.save-status').filter({ hasText: SAVED }).waitFor({ timeout: 10000 });
  assert.equal(await first.locator('.save-status').getAttribute('aria-live'), 'polite');
  await shot(first, 'f03-ktp-alasan-rusak-tersimpan-360');
  await first.getByRole('button', { name: 'Keluar' }).click();
  await first.locator('#main a[href="#/izin/penggantian-ktp-el"]').waitFor();
  const draft = await apiCall('GET', `/applications/${id}`, undefined, (await apiCall('POST', '/auth/sessions', CITIZEN)).idToken);
  assert.equal(draft.answers.alasan, 'rusak', 'the reason was saved without pressing a button');
  assert.equal(draft.answers.nomor_kk, '3171010101090001');

  // ---- a fresh browser: continue the draft from "Permohonan Saya" ----
  const page = await openPage(MOBILE);
  await signIn(page, CITIZEN);
  await waitForHeading(page, 'Permohonan Saya');
  const card = page.locator(`[data-application="${id}"]`);
  assert.match(await card.locator('[data-changed]').innerText(), /Terakhir diubah: .+ WIB/);
  await shot(page, 'f04-permohonan-saya-draf-360');
  await card.getByRole('link', { name: /^Lanjutkan mengisi/ }).click();
  await onPage(page, 'dokumen'); // the first page still missing something
  assert.equal(await shown(page, 'surat_kehilangan'), false, 'no police letter for a damaged card');
  assert.ok(await shown(page, 'foto_ktp_rusak'));
  await page.locator('.back-link').click();
  await onPage(page, 'alasan');
  assert.ok(await page.locator('input[name="alasan"][value="rusak"]').isChecked());
  assert.equal(await shown(page, 'nomor_laporan_polisi'), false);
  await page.locator('.back-link').click();
  await onPage(page, 'pemohon');

  // Every problem of the page in one round (issue 14): a birth date in the future is named with a wrong name,
  // before any round trip; a NIK typed with spaces, as on the card, is no problem at all.
  await page.locator('#q-nik').fill('3171 0141 0190 0001');
  await page.locator('#q-nama_lengkap').fill('S1ti');
  await page.locator('#q-tanggal_lahir').fill('2999-01-01');
  await next(page);
  const oneRound = await page.locator('.error-summary').innerText();
  assert.match(oneRound, /Tanggal lahir tidak boleh di masa depan/);
  assert.match(oneRound, /Nama hanya boleh berisi huruf/);
  assert.doesNotMatch(oneRound, /NIK/, 'a NIK with spaces is read as typed');
  await shot(page, 'f04b-ktp-semua-kesalahan-sekaligus-360');
  // A problem only the server can see (a district Jakarta Pusat does not have) joins the browser's own in
  // the same round, after the save, instead of waiting until the browser's are fixed.
  await page.locator('#q-nik').fill('3171 0941 0190 0001');
  await next(page);
  await page.locator('.error-summary', { hasText: /Kode kecamatan pada NIK .* tidak ada di/ }).waitFor();
  assert.match(await page.locator('.error-summary').innerText(), /Nama hanya boleh berisi huruf/);
  await page.locator('#q-nik').fill('3171 0141 0190 0001');
  await page.locator('#q-nama_lengkap').fill('Siti Aminah');
  await page.locator('#q-tanggal_lahir').fill('1990-01-01');
  await next(page);
  await onPage(page, 'alasan');
  await page.locator('.back-link').click();
  await onPage(page, 'pemohon');

  // A NIK that says "male" (day of birth without +40): only the server knows; its message, linked to the field.
  await page.locator('#q-nik').fill('3171010101900001');
  await next(page);
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /NIK ini tercatat untuk laki-laki/);
  assert.match(await page.locator('#q-nik-error').innerText(), /laki-laki/);
  await shot(page, 'f05-ktp-nik-ditolak-server-360');
  await summary.locator('a').first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q-nik', 'the summary link focuses the NIK');
  await page.locator('#q-nik').fill('3171014101900001');
  await next(page);
  await onPage(page, 'alasan');
  await next(page);
  await onPage(page, 'dokumen');
  await upload(page, 'foto_kk', 'kk-siti.png');
  await upload(page, 'foto_ktp_rusak', 'ktp-rusak.png');
  await shot(page, 'f06-ktp-dokumen-360');
  await next(page);

  // Check your answers: only what was asked.
  await waitForHeading(page, 'Periksa jawaban Anda');
  const text = await page.locator('main').innerText();
  assert.match(text, /Rusak/);
  assert.match(text, /Perempuan/);
  assert.match(text, /1 Januari 1990/);
  assert.match(text, /ktp-rusak\.png/);
  assert.doesNotMatch(text, /kepolisian/i, 'no police questions for a damaged card');
  assert.doesNotMatch(text, /Kapan KTP-el hilang/);
  assert.equal(await page.getByRole('link', { name: /^Ubah/ }).count(), 8, 'an "Ubah" link for each visible question');
  assert.match(await page.getByRole('link', { name: /^Ubah Mengapa KTP-el/ }).getAttribute('href'), /\/isi\/alasan\?kembali=periksa$/);
  await shot(page, 'f07-ktp-periksa-360');
  await page.setViewportSize(DESKTOP);
  await shot(page, 'f07-ktp-periksa-desktop');
  await page.getByRole('button', { name: 'Kirim permohonan' }).click();
  await page.locator('.panel').filter({ hasText: 'Permohonan terkirim' }).waitFor({ timeout: 20000 });

  // The server's refusal of the NIK is a 400 the browser logs; nothing else may appear.
  const refused = (x) => x.startsWith('console: Failed to load resource: the server responded with a status of 400');
  assert.deepEqual([...first.problems, ...page.problems.filter((x) => !refused(x))], [], 'no script errors or accessibility violations in the pages');
  await first.context().close();
  await page.context().close();
});

test('SPP-IRT: business name on demand, regions cascade, product rows, a short name told at once and kept in the draft', { timeout: 240000 }, async () => {
  const page = await openPage(MOBILE);
  await signIn(page, CITIZEN);
  await waitForHeading(page, 'Permohonan Saya');
  const id = await start(page, 'spp-irt');
  await onPage(page, 'pemohon');
  assert.equal(await shown(page, 'nama_usaha'), false, 'no business name for an individual');
  assert.match(await page.locator('[data-question="npwp"] [data-label]').innerText(), /\(opsional\)/);
  await page.locator('input[name="jenis_pemohon"][value="badan_usaha"]').check();
  await page.locator('[data-question="nama_usaha"]').waitFor({ state: 'visible' });
  assert.doesNotMatch(await page.locator('[data-question="npwp"] [data-label]').innerText(), /opsional/, 'NPWP is required for a business');
  await shot(page, 'f10-spp-pemohon-badan-usaha-360');
  await page.locator('input[name="jenis_pemohon"][value="perorangan"]').check();
  await page.locator('[data-question="nama_usaha"]').waitFor({ state: 'hidden' });
  // A phone number written as the registration page's example is accepted, and stored as +62….
  await page.locator('#q-telepon').fill('0812 3456 7890');
  await page.locator('#q-nib').fill('9120001234567');
  await next(page);

  // The location, answered from Siti's profile, is not asked (the check page shows it): back to it.
  await onPage(page, 'produk');
  await page.locator('.back-link').click();
  // Regions: each level waits for the one above, and starts again when it changes.
  await onPage(page, 'lokasi');
  // The address comes from Siti's profile; choosing no province starts the cascade again.
  await page.locator('#q-kelurahan_desa option[value="31.71.01.1001"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#q-provinsi').inputValue(), '31', 'prefilled from the profile');
  assert.equal(await page.locator('#q-kelurahan_desa').inputValue(), '31.71.01.1001', 'prefilled from the profile');
  await page.locator('#q-provinsi').selectOption('');
  await page.locator('#q-kabupaten_kota:disabled').waitFor();
  assert.ok(await page.locator('#q-kabupaten_kota').isDisabled(), 'no regency before a province');
  assert.match(await page.locator('[data-question="kabupaten_kota"] .region-wait').innerText(), /Pilih provinsi terlebih dahulu/);
  const pick = async (id, code) => {
    await page.locator(`#q-${id} option[value="${code}"]`).waitFor({ state: 'attached' });
    await page.locator(`#q-${id}`).selectOption(code);
  };
  await pick('provinsi', '31');
  await pick('kabupaten_kota', '31.71');
  await pick('kecamatan', '31.71.01');
  await pick('kelurahan_desa', '31.71.01.1002');
  await pick('kecamatan', '31.71.02'); // another district: the village is chosen again
  await page.locator('#q-kelurahan_desa option[value="31.71.01.1002"]').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#q-kelurahan_desa').inputValue(), '');
  await pick('kecamatan', '31.71.01');
  await pick('kelurahan_desa', '31.71.01.1002');
  await page.locator('#q-alamat_jalan').fill('Jl. Tanah Abang II No. 5');
  await shot(page, 'f11-spp-lokasi-360');
  await next(page);

  // Products: one row to start, two added, one removed.
  await onPage(page, 'produk');
  const rows = page.locator('[data-question="produk"] .group-row');
  assert.equal(await rows.count(), 1);
  assert.equal(await page.locator('.group-remove').count(), 0, 'the only row cannot be removed');
  const fillRow = async (i, name, kind, grams) => {
    await page.locator(`#q-produk-${i}-nama_produk`).fill(name);
    await page.locator(`input[name="produk-${i}-jenis_pangan"][value="${kind}"]`).check();
    await page.locator(`#q-produk-${i}-berat_gram`).fill(grams);
  };
  await fillRow(0, 'Keripik Singkong', 'makanan_ringan', '250');
  await page.getByRole('button', { name: 'Tambah produk' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q-produk-1-nama_produk', 'focus goes to the new row');
  await fillRow(1, 'Kue Nastar', 'kue', '500');
  await page.getByRole('button', { name: 'Tambah produk' }).click();
  await fillRow(2, 'Sambal Bawang', 'bumbu', '150');
  assert.equal(await rows.count(), 3);
  await shot(page, 'f12-spp-produk-3-baris-360');
  await page.getByRole('button', { name: 'Hapus Produk 2' }).click();
  assert.equal(await rows.count(), 2);
  assert.equal(await page.locator('#q-produk-1-nama_produk').inputValue(), 'Sambal Bawang', 'rows are renumbered');
  assert.equal(await rows.nth(1).locator('.group-row__title').innerText(), 'Produk 2');

  // A two-letter name: the browser's form engine says so at once; what was typed is saved all the same.
  const puts = recordRequests(page, (method, url) => method === 'PUT' && url.includes('/answers'));
  await page.locator('#q-produk-1-nama_produk').fill('Ab');
  await next(page);
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Produk 2: Nama produk terlalu pendek \(paling sedikit 3 karakter\)/);
  assert.match(await page.locator('#q-produk-1-nama_produk-error').innerText(), /terlalu pendek/);
  await shot(page, 'f13-spp-produk-nama-pendek-360');
  await summary.locator('a').first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q-produk-1-nama_produk');
  puts.stop();
  assert.ok(puts.list.length >= 1, 'the page was saved as typed');
  const { idToken } = await apiCall('POST', '/auth/sessions', CITIZEN);
  assert.equal((await apiCall('GET', `/applications/${id}`, undefined, idToken)).answers.produk[1].nama_produk, 'Ab');

  // "Simpan dan lanjutkan nanti" with the mistake still there: saved, said so, and the problem stays listed.
  await page.getByRole('button', { name: 'Simpan dan lanjutkan nanti', exact: true }).click();
  await page.locator('[data-saved-note]').filter({ hasText: 'Draf sudah disimpan, termasuk isian yang masih salah' }).waitFor();
  assert.match(await summary.innerText(), /Produk 2: Nama produk terlalu pendek/);
  await onPage(page, 'produk');
  await shot(page, 'f13b-spp-simpan-nanti-dengan-kesalahan-360');

  await page.locator('#q-produk-1-nama_produk').fill('Sambal Bawang');
  await next(page);
  await onPage(page, 'dokumen');
  assert.equal(await shown(page, 'akta_pendirian'), false, 'no deed for an individual');
  await upload(page, 'foto_label', 'label.png');
  await next(page);
  await waitForHeading(page, 'Periksa jawaban Anda');
  const products = await page.locator('[data-answer="produk"] li').allInnerTexts();
  assert.deepEqual(products, ['Keripik Singkong — Makanan ringan — 250', 'Sambal Bawang — Bumbu dan sambal — 150']);
  const text = await page.locator('main').innerText();
  assert.match(text, /Kota Administrasi Jakarta Pusat/);
  assert.match(text, /Cideng/);
  assert.doesNotMatch(text, /Nama usaha|Akta pendirian/);
  assert.match(text, /\+6281234567890/, 'the phone as stored, read from what was typed');
  await shot(page, 'f14-spp-periksa-360');

  assert.deepEqual(page.problems, [], 'no script errors or accessibility violations in the pages');
  await page.context().close();
});

test('an incomplete draft cannot be sent; a draft is deleted from "Permohonan Saya"', { timeout: 120000 }, async () => {
  const { idToken } = await apiCall('POST', '/auth/sessions', CITIZEN);
  const app = await apiCall('POST', '/applications', { permitId: 'spp-irt' }, idToken);

  const page = await openPage(MOBILE);
  await signIn(page, CITIZEN);
  await page.goto(`${BASE}/#/permohonan/${encodeURIComponent(app.id)}/periksa`);
  await waitForHeading(page, 'Periksa jawaban Anda');
  await page.getByRole('button', { name: 'Kirim permohonan' }).click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  const problems = await summary.innerText();
  assert.match(problems, /Nomor Induk Berusaha|NIB/);
  assert.match(problems, /belum diunggah/);
  assert.match(await summary.locator('a').first().getAttribute('href'), /\/isi\/pemohon\?kembali=periksa$/);
  await shot(page, 'f20-periksa-belum-lengkap-360');

  await page.goto(`${BASE}/#/permohonan`);
  await waitForHeading(page, 'Permohonan Saya');
  const card = page.locator(`[data-application="${app.id}"]`);
  await card.getByRole('link', { name: /^Hapus draf/ }).click();
  await waitForHeading(page, 'Hapus draf ini?');
  await shot(page, 'f21-hapus-draf-konfirmasi-360');
  await page.getByRole('link', { name: 'Batal' }).click();
  await waitForHeading(page, 'Permohonan Saya');
  assert.equal(await card.count(), 1, '"Batal" keeps the draft');
  await card.getByRole('link', { name: /^Hapus draf/ }).click();
  await page.getByRole('button', { name: 'Ya, hapus draf' }).click();
  await page.locator('.panel').filter({ hasText: 'Draf dihapus' }).waitFor();
  await waitForHeading(page, 'Permohonan Saya');
  assert.equal(await card.count(), 0, 'the deleted draft is no longer listed');
  await shot(page, 'f22-draf-dihapus-360');
  const gone = await apiCall('GET', `/applications/${app.id}`, undefined, idToken);
  assert.equal(gone.status, 'deleted');

  assert.deepEqual(page.problems, [], 'no script errors or accessibility violations in the pages');
  await page.context().close();
});

test('a changed form is announced; a version conflict offers "Muat ulang" and keeps what was typed', { timeout: 120000 }, async () => {
  const { idToken } = await apiCall('POST', '/auth/sessions', CITIZEN);
  const app = await apiCall('POST', '/applications', { permitId: 'spp-irt' }, idToken);
  const page = await openPage(MOBILE);
  await signIn(page, CITIZEN);

  // The form changed since the draft began (the stack has no older form version to offer, so the API's
  // answer is amended in flight): the removed answers are named, by label when the question is known.
  const route = `**/api/applications/${encodeURIComponent(app.id)}`;
  await page.route(route, async (r) => {
    if (r.request().method() !== 'GET') return r.continue();
    const res = await r.fetch();
    const json = await res.json();
    json.formUpdate = { from: 1, to: 2, removed: ['nib', 'merek_dagang'] };
    await r.fulfill({ response: res, json });
  });
  await page.goto(`${BASE}/#/permohonan/${encodeURIComponent(app.id)}/isi/pemohon`);
  const update = page.locator('[data-form-update]');
  await update.waitFor();
  assert.match(await update.innerText(), /sudah diperbarui/);
  assert.match(await update.innerText(), /Nomor Induk Berusaha \(NIB\)/);
  assert.match(await update.innerText(), /merek_dagang/);
  await shot(page, 'f30-formulir-diperbarui-360');
  await page.unroute(route);

  // Another tab saves meanwhile; this page's autosave meets the conflict.
  await page.goto(`${BASE}/#/permohonan`);
  await waitForHeading(page, 'Permohonan Saya');
  await page.goto(`${BASE}/#/permohonan/${encodeURIComponent(app.id)}/isi/pemohon`);
  await onPage(page, 'pemohon');
  const current = await apiCall('GET', `/applications/${app.id}`, undefined, idToken);
  await apiCall('PUT', `/applications/${app.id}/answers`, { answers: { jenis_pemohon: 'perorangan' }, version: current.version }, idToken);
  await page.locator('#q-nib').fill('9120001234567');
  const summary = page.locator('.error-summary');
  await summary.waitFor({ timeout: 10000 });
  assert.match(await summary.innerText(), /diubah di tempat lain/);
  await shot(page, 'f31-konflik-versi-360');
  await summary.getByRole('button', { name: 'Muat ulang' }).click();
  await page.locator('.notice').filter({ hasText: 'masih ada di halaman ini' }).waitFor();
  assert.equal(await page.locator('#q-nib').inputValue(), '9120001234567', 'what was typed survives the reload');
  assert.ok(await page.locator('input[name="jenis_pemohon"][value="perorangan"]').isChecked(), 'the other tab\'s answer is shown');
  await page.locator('.save-status').filter({ hasText: SAVED }).waitFor({ timeout: 10000 });
  const after = await apiCall('GET', `/applications/${app.id}`, undefined, idToken);
  assert.equal(after.answers.nib, '9120001234567');
  assert.equal(after.answers.jenis_pemohon, 'perorangan');
  await shot(page, 'f32-setelah-muat-ulang-360');

  const conflictLogged = (x) => x.startsWith('console: Failed to load resource: the server responded with a status of 409');
  assert.deepEqual(page.problems.filter((x) => !conflictLogged(x)), [], 'no script errors or accessibility violations in the pages');
  await page.context().close();
});
