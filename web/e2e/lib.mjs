// Shared helpers for the end-to-end tests (not a test file itself).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE = (process.env.PISAO_URL || 'http://localhost:8080').replace(/\/+$/, '');
export const CITIZEN = { username: '3171014101900001', password: 'Demo#2026pisao' };
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
