// The back office end to end, in Chromium, against the local stack, with a permit of two steps: the
// Surat Keterangan Ahli Waris of Kelurahan Gambir (workflow "verifikasi-persetujuan": "verify" by a
// verifier, then "approve" by an approver). A citizen fills the form and uploads its documents (a file that
// lies about its type is refused in words); the verifier claims it from the queue and sends it back for one
// field; the citizen sees what to fix, fixes only that, and sends the correction; the verifier passes the
// verification step; the lurah (approver) finds it in his queue and approves it (a second "Setujui" from a
// stale tab is refused in words); the citizen sees "Terbit" and a timeline with every step, by role (never
// names); the lurah's "Kinerja layanan" has the permit with figures for both steps; a new application reuses
// an accepted document; the audit trail records who did what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, CITIZEN, STAFF, PNG, DESKTOP, MOBILE, shot, signIn, signInStaff, waitForHeading, browserForTests,
} from './lib.mjs';

const PERMIT = 'surat-keterangan-ahli-waris';
const APPROVER = { username: 'lurah.gambir', password: 'Demo#2026pisao' };
const SYSTEM_ADMIN = { username: 'admin.sistem', password: 'Demo#2026pisao' };
const STAFF_NAMES = /Rina Kurniawati|Ahmad Fauzi/; // verifikator.kelurahan, lurah.gambir (infra/local/demo.py)
const FILENAME = 'akta-kematian-backoffice.png';
const FIELD = 'nomor_akta_kematian';
const NOTE = 'Nomor akta kematian tidak sama dengan yang tertulis di kutipan akta: periksa dan tulis ulang.';
const FIXED = '3171-KM-17112026-0002';
// The demo citizen (Siti Aminah, born 1990-01-01) applies as the deceased's child and only heir
// (tests/vectors/build.py has the same shape of answers). Keys are the controls' names: a group's row
// fields are "group-row-question".
const ANSWERS = {
  nik: CITIZEN.username,
  nama_lengkap: 'Siti Aminah',
  telepon: '+6281234567890',
  hubungan_dengan_pewaris: 'anak',
  nik_pewaris: '3171011207500001',
  nama_pewaris: 'Slamet Santoso',
  tanggal_meninggal: '2026-11-10',
  nomor_akta_kematian: '3171-KM-17112026-0001',
  status_perkawinan_pewaris: 'kawin',
  'ahli_waris-0-nik': CITIZEN.username,
  'ahli_waris-0-nama': 'Siti Aminah',
  'ahli_waris-0-tanggal_lahir': '1990-01-01',
  'ahli_waris-0-hubungan': 'anak',
  ada_ahli_waris_di_bawah_umur: 'tidak',
};

/** A small valid PDF, written by hand (as tests/evidence_files.py does): one page with a line on it. */
function pdf() {
  const content = '0 0 m 200 200 l S';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.7\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const start = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${start}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
const PDF = pdf();

const openPage = browserForTests();

/** Save the current form page and wait for the next one (or the check page). */
async function next(page) {
  const at = await page.locator('form[data-page]').getAttribute('data-page');
  await page.getByRole('button', { name: 'Simpan dan lanjutkan', exact: true }).click();
  await page.waitForFunction(
    (prev) => document.querySelector('.error-summary') || document.querySelector('main h1')?.textContent === 'Periksa jawaban Anda' || (document.querySelector('form[data-page]') && document.querySelector('form[data-page]').getAttribute('data-page') !== prev),
    at,
    { timeout: 20000 },
  );
  const errors = page.locator('.error-summary');
  if (await errors.count()) throw new Error(`form page ${at}: ${await errors.innerText()}`);
}

/** Answer one control by its name: a radio by value, a select by option, anything else typed in. */
async function answer(page, name, value) {
  const radio = page.locator(`input[type=radio][name="${name}"][value="${value}"]`);
  if (await radio.count()) return radio.check();
  const el = page.locator(`#q-${name}`);
  if ((await el.evaluate((e) => e.tagName)) === 'SELECT') return el.selectOption(value);
  return el.fill(value);
}

/** Fill the ahli-waris form page by page; on the documents page, `upload(group, id)` answers each file. */
async function fillForm(page, upload) {
  for (let i = 0; i < 8; i++) {
    if ((await page.locator('main h1').innerText()) === 'Periksa jawaban Anda') return;
    const onPage = await page.locator('form[data-page] [name]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('name')))]);
    for (const name of onPage) if (name in ANSWERS) await answer(page, name, ANSWERS[name]);
    const files = page.locator('form[data-page] > [data-question][data-type="file"]:visible');
    for (let j = 0; j < (await files.count()); j++) {
      const g = files.nth(j);
      if (!(await upload(g, await g.getAttribute('data-question')))) return; // the caller stops here
    }
    await next(page);
  }
  await waitForHeading(page, 'Periksa jawaban Anda');
}

/** The application's status page, rendered afresh (not the page left open, with its last message). */
async function openStatus(page, id) {
  await page.goto(`${BASE}/#/permohonan/${encodeURIComponent(id)}`);
  await page.reload();
}

/** The lines of the "Kinerja layanan" table for one permit: its own row, then one per step. */
function measureRows(page, permitId) {
  return page.evaluate((id) => {
    const row = document.querySelector(`tr[data-measure="${id}"]`);
    if (!row) return null;
    const cells = (tr) => [...tr.children].map((c) => c.textContent.trim());
    const steps = {};
    for (let tr = row.nextElementSibling; tr && !tr.hasAttribute('data-measure'); tr = tr.nextElementSibling) steps[tr.dataset.step] = cells(tr);
    return { permit: cells(row), steps };
  }, permitId);
}

test('two steps: send back, correct, verify, approve; timeline with roles; measures', { timeout: 600000 }, async () => {
  // ---- the citizen applies in the browser, with the uploads checked at once ----
  const citizen = await openPage(MOBILE);
  await signIn(citizen, CITIZEN);
  await waitForHeading(citizen, 'Permohonan Saya');
  await citizen.goto(`${BASE}/#/izin/${PERMIT}`);
  await citizen.getByRole('button', { name: 'Ajukan', exact: true }).click();
  await citizen.locator('form[data-page]').waitFor();
  let first = true;
  await fillForm(citizen, async (g, qid) => {
    const input = citizen.locator(`#q-${qid}`);
    if (first) {
      // A file that lies about its type: the server's check refuses it, and says why, next to the field.
      first = false;
      await input.setInputFiles({ name: 'bukan-gambar.png', mimeType: 'image/png', buffer: Buffer.from('ini bukan gambar PNG, hanya teks biasa') });
      await g.locator('[data-check="rejected"]').waitFor({ timeout: 30000 });
      const why = await g.locator('.error-message').innerText();
      assert.ok(why.trim().length > 10, `the reason is shown next to the field (${why})`);
      await shot(citizen, 'm79-unggah-ditolak-360');
      await input.setInputFiles({ name: FILENAME, mimeType: 'image/png', buffer: PNG });
      // The verdict of the post-upload checks (type, size, metadata, virus scan), shown at once.
      await g.locator('[data-check="accepted"]').filter({ hasText: 'lolos pemeriksaan' }).waitFor({ timeout: 30000 });
      assert.match(await g.locator('.upload-done').innerText(), new RegExp(FILENAME.replaceAll('.', '\\.')));
      await shot(citizen, 'm80-unggah-diperiksa-360');
    } else if ((await input.getAttribute('accept') || '').includes('image/png')) {
      await input.setInputFiles({ name: `${qid}.png`, mimeType: 'image/png', buffer: PNG });
    } else {
      await input.setInputFiles({ name: `${qid}.pdf`, mimeType: 'application/pdf', buffer: PDF }); // PDF only
    }
    await g.locator('[data-check="accepted"]').waitFor({ timeout: 30000 });
    return true;
  });
  await citizen.getByRole('button', { name: 'Kirim permohonan' }).click();
  await citizen.locator('.panel').filter({ hasText: 'Permohonan terkirim' }).waitFor({ timeout: 20000 });
  const id = decodeURIComponent(new URL(citizen.url()).hash.split('/')[2]);
  // Validation and the workflow run asynchronously (queues, Step Functions): the page polls.
  await citizen.locator('.status-body .tag').filter({ hasText: 'Menunggu verifikasi petugas' }).waitFor({ timeout: 120000 });
  await citizen.locator('[data-step="verify"]').waitFor({ timeout: 30000 });
  await shot(citizen, 'm81-status-menunggu-tahap-360');

  // ---- the verifier: the queue, "Ambil", the application, "Kembalikan untuk perbaikan" for one field ----
  const verifier = await openPage(DESKTOP);
  await signInStaff(verifier, STAFF);
  await waitForHeading(verifier, 'Daftar tugas verifikasi');
  await verifier.goto(`${BASE}/#/petugas?petugas=none&izin=${PERMIT}`);
  const card = verifier.locator(`[data-task="${id}"]`);
  await card.waitFor({ timeout: 60000 });
  assert.match(await card.locator('[data-sla]').innerText(), /Tepat waktu|Mendekati batas|Terlambat/);
  await shot(verifier, 'd80-antrean-belum-diambil-desktop');
  await card.getByRole('button', { name: 'Ambil', exact: true }).click();
  await card.waitFor({ state: 'detached', timeout: 20000 }); // claimed: no longer among the unassigned
  await verifier.goto(`${BASE}/#/petugas?petugas=me&izin=${PERMIT}`);
  await verifier.locator(`[data-task="${id}"] [data-assignee]`).filter({ hasText: 'Anda' }).waitFor({ timeout: 20000 });
  await shot(verifier, 'd81-antrean-tugas-saya-desktop');
  await verifier.locator(`[data-task="${id}"] .card__title a`).click();
  await verifier.getByRole('button', { name: 'Setujui', exact: true }).waitFor();
  const detail = await verifier.locator('main').innerText();
  assert.match(detail, /Slamet Santoso/);
  assert.match(detail, /Riwayat permohonan/);
  // The evidence opens through a short-lived link.
  const evidence = verifier.locator('[data-evidence]').first();
  await evidence.waitFor();
  const res = await fetch(new URL(await evidence.getAttribute('href'), BASE));
  assert.equal(res.status, 200, 'the evidence link serves the file');
  await shot(verifier, 'd82-periksa-permohonan-desktop');

  // Nothing chosen, no note: both errors, next to the fields and in the summary.
  const back = verifier.getByRole('button', { name: 'Kembalikan untuk perbaikan', exact: true });
  await back.click();
  await verifier.locator('#fields-error').filter({ hasText: /Pilih paling sedikit satu/ }).waitFor();
  await verifier.locator('#note-error').filter({ hasText: /catatan perbaikan/ }).waitFor();
  await shot(verifier, 'd83-kembalikan-kosong-desktop');
  await verifier.locator(`#fix-${FIELD}`).check();
  await verifier.locator('#note').fill(NOTE);
  await back.click();
  await verifier.locator('.panel').filter({ hasText: 'Permohonan dikembalikan untuk perbaikan' }).waitFor({ timeout: 20000 });
  await shot(verifier, 'd84-setelah-kembalikan-desktop');

  // ---- the citizen: the correction box, only the named answer editable, "Kirim perbaikan" ----
  await openStatus(citizen, id);
  const box = citizen.locator('[data-correction]');
  await box.waitFor({ timeout: 90000 });
  assert.match(await box.locator('[data-correction-note]').innerText(), /tidak sama dengan yang tertulis/);
  assert.equal(await box.locator('[data-correction-fields] li').count(), 1);
  assert.equal(await box.locator(`[data-field="${FIELD}"]`).count(), 1);
  await shot(citizen, 'm82-perbaikan-diperlukan-360');
  await box.getByRole('button', { name: 'Perbaiki permohonan' }).click();
  await citizen.locator(`#q-${FIELD}`).waitFor();
  assert.equal(await citizen.locator('#q-nama_pewaris').count(), 0, 'answers not named stay read-only');
  await citizen.locator('[data-readonly="nama_pewaris"]').waitFor();
  await shot(citizen, 'm83-perbaiki-isian-360');
  await citizen.locator(`#q-${FIELD}`).fill(FIXED);
  await next(citizen);
  await waitForHeading(citizen, 'Periksa jawaban Anda');
  assert.equal(await citizen.getByRole('link', { name: /^Ubah/ }).count(), 1, 'only the named answer can be changed');
  await shot(citizen, 'm84-periksa-perbaikan-360');
  await citizen.getByRole('button', { name: 'Kirim perbaikan', exact: true }).click();
  await citizen.locator('.panel').filter({ hasText: 'Perbaikan terkirim' }).waitFor({ timeout: 20000 });
  await citizen.locator('[data-step="verify"]').waitFor({ timeout: 120000 });

  // ---- the verifier passes the verification step: "Setujui"; the approval step comes next ----
  await verifier.goto(`${BASE}/#/petugas/permohonan/${encodeURIComponent(id)}`);
  await verifier.locator(`[data-answer="${FIELD}"]`).filter({ hasText: FIXED }).waitFor({ timeout: 60000 });
  await verifier.getByRole('button', { name: 'Setujui', exact: true }).click();
  await verifier.locator('.panel').filter({ hasText: 'Permohonan disetujui' }).waitFor({ timeout: 20000 });
  await openStatus(citizen, id);
  await citizen.locator('[data-step="approve"]').waitFor({ timeout: 120000 });
  await shot(citizen, 'm85-menunggu-persetujuan-360');

  // ---- the lurah (approver): the task in his queue, "Setujui" ----
  const approver = await openPage(DESKTOP);
  await signInStaff(approver, APPROVER);
  await waitForHeading(approver, 'Daftar tugas verifikasi');
  await approver.goto(`${BASE}/#/petugas?izin=${PERMIT}`);
  const task = approver.locator(`[data-task="${id}"]`);
  await task.waitFor({ timeout: 60000 });
  await shot(approver, 'd85-antrean-penyetuju-desktop');
  await task.locator('.card__title a').click();
  const approve = approver.getByRole('button', { name: 'Setujui', exact: true });
  await approve.waitFor();
  assert.match(await approver.locator('main').innerText(), new RegExp(FIXED));
  // The same page open in a second tab (window.open copies the tab's session): the approval is given there
  // first, so this page's "Setujui" is then refused with a 409, said in words.
  const [tab] = await Promise.all([approver.context().waitForEvent('page'), approver.evaluate(() => window.open(location.href))]);
  await tab.getByRole('button', { name: 'Setujui', exact: true }).click({ timeout: 30000 });
  await tab.locator('.panel').filter({ hasText: 'Permohonan disetujui' }).waitFor({ timeout: 20000 });
  await tab.close();
  await approve.click();
  await approver.locator('.error-summary').filter({ hasText: /sudah diputuskan/ }).waitFor({ timeout: 20000 });
  await shot(approver, 'd86-sudah-diputuskan-desktop');
  await approver.locator('.error-summary').getByRole('button', { name: 'Muat ulang' }).click();
  await approver.locator('main').filter({ hasText: 'Permohonan ini tidak sedang menunggu keputusan Anda.' }).waitFor({ timeout: 20000 });

  // ---- the citizen: "Terbit", and a timeline with every step, by role, never by name ----
  await openStatus(citizen, id);
  await citizen.locator('.status-body .tag').filter({ hasText: 'Terbit' }).waitFor({ timeout: 120000 });
  const items = await citizen.locator('.timeline__item').allInnerTexts();
  const timeline = items.join('\n');
  const item = (label) => items.find((x) => label.test(x.split('\n')[0])) || '';
  assert.match(item(/^Permohonan dikirim/), /Pemohon/);
  assert.match(item(/^Dikembalikan/), /Petugas verifikasi/);
  assert.match(item(/^Dikembalikan/), /tidak sama dengan yang tertulis/, 'the send-back note is in the history');
  assert.match(item(/^Perbaikan dikirim/), /Pemohon/);
  assert.match(item(/^Tahap selesai: Verifikasi berkas/), /Petugas verifikasi/, 'the verification step, by the verifier');
  assert.match(item(/^Disetujui/), /Pejabat penyetuju/, 'the approval, by the approver');
  assert.match(item(/^Dokumen terbit/), /WIB|WITA|WIT/);
  assert.doesNotMatch(timeline, STAFF_NAMES, 'staff are named by role, not by name');
  assert.doesNotMatch(timeline, /verifikator\.kelurahan|lurah\.gambir/, 'nor by username');
  await shot(citizen, 'm86-terbit-riwayat-dengan-peran-360');

  // ---- the service measures: the permit's row, with figures for both steps ----
  await approver.goto(`${BASE}/#/petugas/kinerja`);
  await waitForHeading(approver, 'Kinerja layanan');
  await approver.locator(`tr[data-measure="${PERMIT}"]`).first().waitFor({ timeout: 20000 });
  const m = await measureRows(approver, PERMIT);
  assert.match(m.permit.join(' '), /Surat Keterangan Ahli Waris/);
  assert.match(m.permit[0], /Kantor Kelurahan Gambir/, `the office by its name (${m.permit[0]})`);
  assert.ok(Number(m.permit[2]) >= 1 && Number(m.permit[3]) >= 1, `received and decided (${m.permit})`);
  for (const [step, label] of [['verify', /Verifikasi berkas/], ['approve', /Persetujuan pejabat/]]) {
    const cells = m.steps[step];
    assert.ok(cells, `a line for the ${step} step (${JSON.stringify(m.steps)})`);
    assert.match(cells[1], label);
    assert.ok(Number(cells[3]) >= 1, `the ${step} step was decided (${cells})`);
    assert.match(cells[4], /\d/, `the ${step} step has a median (${cells})`);
    assert.match(cells[6], /\d/, `the ${step} step has a share within SLA (${cells})`);
  }
  await shot(approver, 'd87-kinerja-layanan-desktop');

  // ---- a new application reuses the death certificate accepted on this one, instead of a new upload ----
  await citizen.goto(`${BASE}/#/izin/${PERMIT}`);
  await citizen.getByRole('button', { name: 'Ajukan', exact: true }).click();
  await citizen.locator('form[data-page]').waitFor();
  await fillForm(citizen, async (g) => {
    const reuse = g.locator('[data-reuse]').filter({ hasText: FILENAME });
    await reuse.getByRole('button', { name: 'Pakai dokumen ini' }).click({ timeout: 20000 });
    await g.locator('[data-check="accepted"]').filter({ hasText: 'dipakai ulang' }).waitFor({ timeout: 20000 });
    assert.match(await g.locator('.upload-done').innerText(), new RegExp(FILENAME.replaceAll('.', '\\.')));
    await shot(citizen, 'm87-pakai-ulang-dokumen-360');
    return false;
  });
  await citizen.locator('[data-check="accepted"]').filter({ hasText: 'dipakai ulang' }).waitFor();

  // ---- the audit trail of the application (system admin: any agency): who, when, what, from where ----
  const admin = await openPage(DESKTOP);
  await signInStaff(admin, SYSTEM_ADMIN, { route: '/petugas/audit' });
  await admin.goto(`${BASE}/#/petugas/audit`);
  await waitForHeading(admin, 'Jejak audit');
  await admin.locator('#application-id').fill(id);
  await admin.getByRole('button', { name: 'Tampilkan', exact: true }).click();
  const trail = admin.locator('[data-audit]');
  await trail.waitFor({ timeout: 20000 });
  const text = await trail.innerText();
  assert.match(text, /Membuka data permohonan/, 'staff views of personal data are recorded');
  assert.match(text, /WIB|WITA|WIT/);
  assert.match(text, /Ditolak/, 'the refused second decision is recorded');
  await shot(admin, 'd88-jejak-audit-desktop');

  const problems = [...citizen.problems, ...verifier.problems, ...approver.problems, ...admin.problems].filter((x) => !x.startsWith('console: Failed to load resource'));
  assert.deepEqual(problems, [], 'no script errors or accessibility violations in the pages');
  await citizen.context().close();
  await verifier.context().close();
  await approver.context().close();
  await admin.context().close();
});
