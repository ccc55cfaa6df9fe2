// The citizen's screens in English, in Chromium against a running local stack (PISAO_URL): home, search,
// permit pages, sign-in, "My permits", "My applications", a form page, check answers, status and profile.
// Each screen's visible text must hold no Indonesian: no text equal to a string of the Indonesian message
// catalogue (the keys of web/src/en.ts) and no Indonesian marker word. Text marked lang="id" is exempt, as
// it is meant to stay Indonesian (a law's title, an address), and a screen reader reads it so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE, CITIZEN, BUDI, PNG, MOBILE, signIn, waitForHeading, browserForTests } from './lib.mjs';

const openPage = browserForTests();

/** The Indonesian source strings of the message catalogue whose English differs (placeholders as wildcards). */
const catalogue = (() => {
  const src = readFileSync(fileURLToPath(new URL('../src/en.ts', import.meta.url)), 'utf8');
  const pairs = [...src.matchAll(/^\s*(?:'((?:\\.|[^'\\])*)'|([A-Za-z]+)):\s*\n?\s*'((?:\\.|[^'\\])*)',?$/gm)];
  const unquote = (s) => s.replace(/\\'/g, "'");
  return pairs
    .map((m) => [unquote(m[1] ?? m[2]), unquote(m[3])])
    .filter(([id, en]) => id !== en && id.replace(/\{\w+\}/g, '').trim().length >= 3)
    .map(([id]) => new RegExp(`^${id.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '.+?')}$`));
})();

// Words of Bahasa Indonesia that are not English words (nor names in the demo data).
const MARKERS = [
  'yang', 'dan', 'untuk', 'anda', 'tidak', 'belum', 'dengan', 'sudah', 'dari', 'atau', 'akan', 'sampai',
  'berlaku', 'permohonan', 'izin', 'simpan', 'lanjutkan', 'masuk', 'kirim', 'hari', 'bulan', 'tahun', 'kerja',
  'diperpanjang', 'perpanjang', 'periksa', 'jawaban', 'ubah', 'berkas', 'unggah', 'terbit', 'menunggu', 'baru',
  'lihat', 'semua', 'layanan', 'biaya', 'dikonfirmasi', 'dicabut', 'habis', 'pemohon', 'ajukan', 'kembali',
  'langkah', 'tanggal', 'isi', 'pilih', 'contoh', 'wajib', 'diisi', 'ini', 'itu', 'tersimpan', 'pukul',
];
const WORD = new RegExp(`(^|[^\\p{L}])(${MARKERS.join('|')})(?=$|[^\\p{L}])`, 'iu');
// Indonesian kept on purpose in English text: search words to type, and local terms glossed in brackets.
const GLOSSES = ['“perpanjang stnk”', '“ktp hilang”', '(izin keramaian)', '(kecamatan)', '(kelurahan/desa)'];
const EMAIL = /[^\s@()]+@[^\s@()]+/g; // addresses are data (siti.aminah@contoh.id)

/** Visible text of the page, one entry per text node (outside lang="id"), with the accessible button names. */
const visibleTexts = (page) =>
  page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent.replace(/\s+/g, ' ').trim();
      if (!text || !el || el.closest('script, style, body [lang="id"], .visually-hidden')) continue;
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      out.push(text);
    }
    for (const el of document.querySelectorAll('input[type=submit], input[type=button], [aria-label], [placeholder]')) {
      if (el.closest('body [lang="id"]')) continue;
      for (const v of [el.getAttribute('aria-label'), el.getAttribute('placeholder'), el.type === 'submit' ? el.value : null]) if (v) out.push(v.trim());
    }
    return out;
  });

/** The Indonesian left on the screen: "screen: text" for each text that is a catalogue string or has a marker. */
async function indonesian(page, screen) {
  const found = [];
  for (const text of await visibleTexts(page)) {
    const prose = GLOSSES.reduce((s, g) => s.split(g).join(' '), text).replace(EMAIL, ' ');
    if (catalogue.some((re) => re.test(text)) || WORD.test(prose)) found.push(`${screen}: “${text}”`);
  }
  return found;
}

test('the check itself: an Indonesian page is caught', { timeout: 60000 }, async () => {
  const page = await openPage(MOBILE);
  await page.goto(`${BASE}/#/izin/pengesahan-stnk-tahunan`);
  await waitForHeading(page, 'Pengesahan STNK tahunan dan pembayaran PKB');
  const found = await indonesian(page, 'permit (id)');
  assert.ok(found.length > 10, `the Indonesian page has Indonesian text: ${found.length}`);
  assert.ok(found.some((f) => f.includes('Ajukan')) && found.some((f) => f.includes('Masa berlaku')), found.join('\n'));
  await page.context().close();
});

test('every citizen screen in English holds no Indonesian string', { timeout: 240000 }, async () => {
  const page = await openPage(MOBILE);
  const found = [];
  const screen = async (name, heading) => {
    await waitForHeading(page, heading, 20000);
    await page.waitForLoadState('networkidle');
    found.push(...(await indonesian(page, name)));
  };

  await page.goto(`${BASE}/#/`);
  await page.getByRole('button', { name: 'English' }).click();
  await screen('home', 'Apply for a permit online');
  await page.locator('#cari').fill('domisili');
  await page.locator('#cari').press('Enter');
  await page.waitForFunction(() => location.hash.startsWith('#/?cari='));
  await screen('search', 'Apply for a permit online');
  await page.goto(`${BASE}/#/izin/pengesahan-stnk-tahunan`);
  await screen('permit (STNK)', 'Annual STNK validation and vehicle tax payment');
  await page.goto(`${BASE}/#/izin/penggantian-ktp-el`);
  await screen('permit (e-KTP)', 'e-KTP replacement (lost or damaged)');
  await page.goto(`${BASE}/#/izin/surat-keterangan-domisili`);
  await screen('permit (domicile)', 'Certificate of Domicile');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await screen('sign-in', 'Sign in');

  // Signed in, back on the way to apply: the form, then its pages in English.
  await page.locator('#username').fill(CITIZEN.username);
  await page.locator('#password').fill(CITIZEN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('form[data-page], .button--start').first().waitFor({ timeout: 20000 });
  if (await page.locator('.button--start').count()) {
    await screen('permit (with a draft)', 'Certificate of Domicile'); // a draft from before: back on the permit page
    await page.locator('.button--start').click();
  }
  await page.locator('form[data-page]').waitFor({ timeout: 20000 });
  await screen('form page', await page.locator('main h1').innerText());
  // Going on without an answer: the problem is told in English.
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click();
  await page.locator('.error-summary').waitFor();
  found.push(...(await indonesian(page, 'form page (a problem)')));
  await page.locator('form[data-page] input[type=radio]').first().check();
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click();
  await page.locator('form[data-page="dokumen"]').waitFor({ timeout: 20000 });
  await screen('form page (documents)', 'Supporting documents');
  await page.locator('#q-foto_ktp').setInputFiles({ name: 'ktp.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('[data-question="foto_ktp"] .upload-done').waitFor({ timeout: 20000 });
  found.push(...(await indonesian(page, 'form page (uploaded)')));
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click();
  await screen('check answers', 'Check your answers');
  await page.getByRole('button', { name: /^Send/ }).click();
  await page.locator('.panel').first().waitFor({ timeout: 20000 });
  await page.locator('.status-body .tag').first().waitFor({ timeout: 60000 });
  found.push(...(await indonesian(page, 'status')));

  await page.goto(`${BASE}/#/permohonan`);
  await screen('My applications', 'My applications');
  await page.goto(`${BASE}/#/izin-saya`);
  await screen('My permits', 'My permits');
  await page.goto(`${BASE}/#/profil`);
  await screen('profile', 'My profile');
  await page.context().close();

  // Budi: a permit in its renewal window (the home banner, "Renew") and an expired one.
  const budi = await openPage(MOBILE);
  await signIn(budi, BUDI);
  await budi.evaluate(() => localStorage.setItem('pisao.lang', 'en')); // chosen before: English from the start
  await budi.goto(`${BASE}/#/`);
  await budi.reload();
  await waitForHeading(budi, 'Apply for a permit online'); // with the renewals banner while one is open
  await budi.waitForLoadState('networkidle');
  found.push(...(await indonesian(budi, 'home (renewals)')));
  await budi.goto(`${BASE}/#/izin-saya`);
  await waitForHeading(budi, 'My permits');
  await budi.locator('[data-permit]').first().waitFor();
  found.push(...(await indonesian(budi, 'My permits (Budi)')));
  await budi.goto(`${BASE}/#/izin/perpanjangan-stnk-lima-tahunan`);
  await budi.locator('.button--start').waitFor();
  await budi.waitForLoadState('networkidle');
  found.push(...(await indonesian(budi, 'permit (held)')));
  await budi.context().close();

  assert.deepEqual(found, [], `Indonesian on English screens:\n${found.join('\n')}`);
});
