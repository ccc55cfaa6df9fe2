// Shared helpers for the end-to-end tests (not a test file itself).
import { createHash, createHmac, randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const BASE = (process.env.PISAO_URL || 'http://localhost:8080').replace(/\/+$/, '');
export const CITIZEN = { username: '3171014101900001', password: 'Demo#2026pisao' };
export const BUDI = { username: '3171010203850002', password: 'Demo#2026pisao', name: 'Budi Santoso' };
export const COUNTER = { username: 'loket.mpp', password: 'Demo#2026pisao' };
export const AGENCY_ADMIN = { username: 'admin.dukcapil', password: 'Demo#2026pisao' };
// The demo permit (surat-keterangan-domisili) belongs to Kelurahan Gambir, so its verifier is
// verifikator.kelurahan; verifikator.dukcapil (Disdukcapil) sees only its own agency's permits.
export const STAFF = { username: process.env.PISAO_STAFF_USER || 'verifikator.kelurahan', password: 'Demo#2026pisao' };
export const PERMIT = 'surat-keterangan-domisili';
export const MOBILE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

const here = dirname(fileURLToPath(import.meta.url));
export const SHOTS = join(here, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

// A real 1x1 PNG, written from bytes: enough for the upload path (type, size, storage).
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh, isolated browser profile (cookies, sessionStorage), like a second person's device. */
export async function newPage(browser, viewport = MOBILE) {
  const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.problems = problems;
  return page;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Accessibility check of the page as it is now (axe-core, WCAG 2.1 A/AA); returns readable violations. */
export async function audit(page, name) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations.map((v) => `${name}: ${v}`);
}

/** Screenshot (full page) into e2e/screenshots/, and an accessibility audit of the same state. */
export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  if (page.problems) page.problems.push(...(await audit(page, name)));
}

/** Fail fast with a clear message when the stack is not running. */
/** One Chromium for a test file: started once the local stack answers, closed after the last test. Returns
 * `openPage(viewport)`, a fresh page in a context of its own (see newPage). */
export function browserForTests() {
  let browser;
  before(async () => {
    await requireStack();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return (viewport) => newPage(browser, viewport);
}

export async function requireStack() {
  try {
    const res = await fetch(`${BASE}/api/catalogue`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    throw new Error(`The local stack is not answering at ${BASE} (${err.message}). Start it, or set PISAO_URL.`);
  }
}

export async function signIn(page, who, route = '/masuk') {
  await page.goto(`${BASE}/#${route}`);
  await page.locator('#username').fill(who.username);
  await page.locator('#password').fill(who.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.locator('.header__user').waitFor();
}

export const h1 = (page) => page.locator('main h1');

/** Wait for the h1 to read `text`; on timeout, say what the page shows instead (e.g. its error summary). */
export async function waitForHeading(page, text, timeout = 15000) {
  try {
    await page.waitForFunction((want) => document.querySelector('main h1')?.textContent.trim() === want, text, { timeout });
  } catch (err) {
    const seen = await page.evaluate(() => ({
      h1: document.querySelector('main h1')?.textContent,
      errors: document.querySelector('.error-summary')?.textContent,
    }));
    throw new Error(`expected heading "${text}", page shows ${JSON.stringify(seen)}`, { cause: err });
  }
}

// ---- direct API use, to set up a case quickly ----
export async function apiCall(method, path, body, token) {
  const res = await fetch(`${BASE}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

export async function waitForStatus(id, token, status, timeout = 60000) {
  const end = Date.now() + timeout;
  let app;
  while (Date.now() < end) {
    app = await apiCall('GET', `/applications/${id}`, undefined, token);
    if (app.status === status) return app;
    if (['rejected', 'issued'].includes(app.status) && app.status !== status) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`application ${id} is ${app?.status} (${JSON.stringify(app?.reasons)}), expected ${status}`);
}

// ---- staff sign-in: password, then the authenticator (TOTP) ----

/** RFC 4648 base32 (as authenticator apps read it): case-insensitive, padding optional. */
export function base32(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of secret.toUpperCase().replace(/[\s=]/g, '')) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP: HMAC-SHA1 over the 30-second step counter, 6 digits. */
export function totp(secret, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// Each staff member's authenticator secret, learnt at their enrolment (TOTP_SETUP). Re-enrolment is not
// possible, and test files run in separate processes (and a local stack keeps its data between runs), so
// each secret is also kept in a file of its own (no two processes write the same file), named after the
// stack's address and the username.
const secrets = new Map();
const usedStep = new Map();
const SECRET_DIR = join(tmpdir(), 'pisao-e2e-totp');
const secretFile = (username) => join(SECRET_DIR, `${createHash('sha256').update(`${BASE}|${username}`).digest('hex').slice(0, 24)}.txt`);
function rememberSecret(username, secret) {
  secrets.set(username, secret);
  mkdirSync(SECRET_DIR, { recursive: true });
  writeFileSync(secretFile(username), secret);
}
function secretOf(username) {
  let secret = secrets.get(username) || process.env[`PISAO_TOTP_${username.replace(/\W/g, '_').toUpperCase()}`];
  try {
    secret ||= readFileSync(secretFile(username), 'utf8').trim();
  } catch {
    /* never enrolled by these tests */
  }
  if (!secret) throw new Error(`${username} already has an authenticator, but its secret is unknown to this test run (set PISAO_TOTP_${username.replace(/\W/g, '_').toUpperCase()})`);
  return secret;
}

/** A code the server will take now: never in the last seconds of a step, never a step already used. */
async function freshCode(username, secret) {
  for (;;) {
    const now = Date.now();
    const step = Math.floor(now / 30000);
    const left = 30000 - (now % 30000);
    if (left > 3000 && usedStep.get(username) !== step) {
      usedStep.set(username, step);
      return totp(secret, now);
    }
    await new Promise((r) => setTimeout(r, left + 200));
  }
}

/** Where a staff sign-in stands: signed in, a challenge page, or an error. */
function stage(page) {
  return page
    .waitForFunction(
      () => {
        const h1 = document.querySelector('main h1')?.textContent.trim();
        const errors = document.querySelector('.error-summary:not([data-seen])'); // a new refusal
        if (errors) return `error: ${errors.textContent}`;
        if (document.querySelector('#totp-secret')) return 'setup';
        if (h1 === 'Masukkan kode autentikator') return 'totp';
        if (h1 === 'Buat kata sandi baru') return 'new-password';
        if (document.querySelector('.header__user') && !document.querySelector('#username')) return 'done';
        return false;
      },
      undefined,
      { timeout: 20000 },
    )
    .then((r) => r.jsonValue());
}

/**
 * Sign a staff member in through every step the API asks for: a new password (who.newPassword), the
 * authenticator enrolment (the secret is read from the page, as a person would type it) or the code.
 * With `shots`, each step's screen is photographed and audited as `${shots}-…`.
 */
export async function signInStaff(page, who, { route = '/petugas', shots = null } = {}) {
  await page.goto(`${BASE}/#${route}`);
  await page.locator('#username').fill(who.username);
  await page.locator('#password').fill(who.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  return continueStaffSignIn(page, who, { shots });
}

/** The rest of a staff sign-in from wherever it stands (a challenge page, or already signed in). */
export async function continueStaffSignIn(page, who, { shots = null } = {}) {
  const seen = [];
  const markSeen = () => page.evaluate(() => document.querySelectorAll('.error-summary').forEach((e) => e.setAttribute('data-seen', '')));
  await markSeen(); // a refusal already on the page (the test's own) is not this helper's failure
  for (let i = 0; i < 6; i++) {
    const where = await stage(page);
    if (where === 'done') return seen;
    if (where.startsWith('error') || seen.filter((s) => s === where).length > 1) {
      throw new Error(`staff sign-in of ${who.username} stopped at ${where} after ${seen.join(' → ')}`);
    }
    seen.push(where);
    if (shots) await shot(page, `${shots}-${where}`);
    await markSeen();
    if (where === 'new-password') {
      if (!who.newPassword) throw new Error(`${who.username} must make a new password: give who.newPassword`);
      await page.locator('#q-newPassword').fill(who.newPassword);
      who.password = who.newPassword;
      await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    } else {
      let secret;
      if (where === 'setup') {
        secret = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
        rememberSecret(who.username, secret);
      } else secret = secretOf(who.username);
      await page.locator('#q-code').fill(await freshCode(who.username, secret));
      await page.getByRole('button', { name: where === 'setup' ? 'Lanjutkan' : 'Masuk', exact: true }).click();
    }
    await page.waitForFunction((h) => document.querySelector('main h1')?.textContent.trim() !== h || document.querySelector('.error-summary:not([data-seen])'),
      await page.locator('main h1').innerText(), { timeout: 20000 }).catch(() => {});
  }
  throw new Error(`staff sign-in of ${who.username} did not finish: ${seen.join(' → ')}`);
}

// ---- the local stack's test inbox (every e-mail and SMS sent) ----
/** Every message sent to `to`, oldest first (the outbox pages newest first, 20 a page; one person's fit on one). */
export async function outbox(to) {
  const res = await fetch(`${BASE}/_local/outbox?per_page=500&to=${encodeURIComponent(to)}`);
  if (!res.ok) throw new Error(`/_local/outbox: HTTP ${res.status} (only the local stack has it)`);
  return (await res.json()).messages.reverse();
}

/** The latest message to `to` whose text matches, once there are more than `seenBefore` such messages. */
export async function waitForMessage(to, { match = /./, seenBefore = 0, timeout = 20000 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const mine = (await outbox(to)).filter((m) => match.test(m.text));
    if (mine.length > seenBefore) return mine[mine.length - 1];
    if (Date.now() > end) throw new Error(`no message to ${to} matching ${match} (had ${mine.length})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function countMessages(to, match = /./) {
  return (await outbox(to)).filter((m) => match.test(m.text)).length;
}

/** The one-time code (6 digits) in the latest message to `to`. */
export async function codeFor(to, seenBefore = 0) {
  const m = await waitForMessage(to, { match: /\b\d{6}\b/, seenBefore });
  return /\b(\d{6})\b/.exec(m.text)[1];
}

// ---- people who do not exist yet ----
/**
 * A valid NIK for someone first registered in Gambir, Jakarta Pusat (317101): DDMMYY of birth, with
 * day + 40 for women, and a random 9xxx serial so runs do not clash.
 */
export function newPerson(sex = randomInt(2) ? 'P' : 'L') {
  const year = 1975 + randomInt(25);
  const month = 1 + randomInt(12);
  const day = 1 + randomInt(28);
  const two = (n) => String(n).padStart(2, '0');
  const nik = `317101${two(sex === 'P' ? day + 40 : day)}${two(month)}${two(year % 100)}${9000 + randomInt(1000)}`;
  const tag = `${Date.now().toString(36)}${randomInt(1000)}`;
  return {
    nik,
    sex,
    birthDate: `${year}-${two(month)}-${two(day)}`,
    name: sex === 'P' ? 'Rahayu Sulistyowati' : 'Joko Prasetyo',
    email: `warga.${tag}@contoh.id`,
    phone: `+62812${String(randomInt(1e8)).padStart(8, '0')}`,
    password: `Sandi${tag}X9`,
  };
}

// ---- filling in a permit's form, page by page (the definition may grow) ----
export const ANSWERS = {
  nama_lengkap: 'Siti Aminah',
  alamat: 'Jl. Kebon Sirih No. 12, RT 003/RW 005',
  keperluan: 'pekerjaan',
};

async function fillPage(page, answers, filename) {
  const groups = page.locator('form[data-page] > [data-question]:visible');
  const n = await groups.count();
  for (let i = 0; i < n; i++) {
    const g = groups.nth(i);
    const id = await g.getAttribute('data-question');
    const type = await g.getAttribute('data-type');
    const want = answers[id];
    if (type === 'file') {
      await page.locator(`#q-${id}`).setInputFiles({ name: filename, mimeType: 'image/png', buffer: PNG });
      await g.locator('.upload-done').filter({ hasText: filename }).waitFor({ timeout: 20000 });
    } else if (type === 'select' || type === 'radio') {
      if (await g.locator('input[type=radio]').count()) {
        const pick = want ? g.locator(`input[type=radio][value="${want}"]`) : g.locator('input[type=radio]').first();
        await pick.check();
      } else {
        await page.locator(`#q-${id}`).selectOption(want || { index: 1 });
      }
    } else if (type === 'date') {
      await page.locator(`#q-${id}`).fill(want || '1990-01-01');
    } else if (type === 'number') {
      await page.locator(`#q-${id}`).fill(String(want ?? 1));
    } else {
      await page.locator(`#q-${id}`).fill(want || 'Isian contoh untuk pengujian');
    }
  }
}

/** From the current form page to "Periksa jawaban Anda", one page at a time. */
export async function fillForm(page, { answers = ANSWERS, filename = 'ktp.png', shots = null } = {}) {
  for (let step = 1; step < 20; step++) {
    const pageId = await page.locator('form[data-page]').getAttribute('data-page');
    await fillPage(page, answers, filename);
    if (shots) await shot(page, `${shots}-${step}-${pageId}`);
    await page.getByRole('button', { name: 'Simpan dan lanjutkan', exact: true }).click();
    const where = await page
      .waitForFunction(
        (prev) => {
          if (document.querySelector('.error-summary')) return `error: ${document.querySelector('.error-summary').textContent}`;
          if (document.querySelector('main h1')?.textContent === 'Periksa jawaban Anda') return 'check';
          const f = document.querySelector('form[data-page]');
          return f && f.getAttribute('data-page') !== prev ? 'next' : false;
        },
        pageId,
        { timeout: 20000 },
      )
      .then((h) => h.jsonValue());
    if (where === 'check') return;
    if (where !== 'next') throw new Error(`form page ${pageId}: ${where}`);
  }
  throw new Error('the form never reached the check-your-answers page');
}

/** The application id in the current route (#/permohonan/{id}/…). */
export const appIdOf = (page) => decodeURIComponent(new URL(page.url()).hash.split('/')[2]);

/** Record the requests matching `test` (method + URL) from now on: `.list` and `.stop()`. */
export function recordRequests(page, test) {
  const list = [];
  const on = (req) => test(req.method(), req.url()) && list.push(`${req.method()} ${req.url()}`);
  page.on('request', on);
  return { list, stop: () => page.off('request', on) };
}
