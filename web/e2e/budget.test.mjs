// Size budgets (DESIGN.md, web client): citizen first-load JS ≤ 50 KB gz, CSS ≤ 20 KB gz; every chunk a citizen
// can reach ≤ 50 KB gz together, and the staff console's lazy chunk ≤ 25 KB gz.
// Checks web/dist as built by `npm run build`; needs no running stack. A file weighs what a gzip-only browser
// receives from the local front: its precompressed .gz copy (web/vite.config.ts), or the file itself when the
// build made none (under 1 KiB); a brotli browser receives the .br copy, smaller still.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const KB = 1024;
const BUDGET = { firstLoadJs: 50 * KB, css: 20 * KB, console: 25 * KB };
const COMPRESS_MIN_BYTES = 1024;

const size = (file) => statSync(join(DIST, file)).size;
const sent = (file, ext) => (existsSync(join(DIST, `${file}.${ext}`)) ? size(`${file}.${ext}`) : size(file));
const gz = (file) => sent(file, 'gz');
const br = (file) => sent(file, 'br');

function firstLoad() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const js = [...html.matchAll(/<script[^>]+src="\.?\/?([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.?\/?([^"]+)"/g)].map((m) => m[1]);
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\.?\/?([^"]+)"/g)].map((m) => m[1]);
  return { js: [...new Set(js)], css: [...new Set(css)] };
}

test('web/dist exists (run `npm run build` first)', () => {
  assert.ok(existsSync(join(DIST, 'index.html')), `${DIST}/index.html is missing: run npm run build`);
});

test(`first-load JS ≤ ${BUDGET.firstLoadJs / KB} KB gzipped`, () => {
  const { js } = firstLoad();
  assert.ok(js.length > 0, 'index.html loads a script');
  const total = js.reduce((n, f) => n + gz(f), 0);
  const raw = js.reduce((n, f) => n + size(f), 0);
  const brotli = js.reduce((n, f) => n + br(f), 0);
  console.log(`first-load JS: ${(raw / KB).toFixed(1)} KB, ${(total / KB).toFixed(1)} KB gz, ` +
    `${(brotli / KB).toFixed(1)} KB br (${js.join(', ')})`);
  assert.ok(total <= BUDGET.firstLoadJs, `first-load JS is ${(total / KB).toFixed(1)} KB gz`);
});

test(`CSS ≤ ${BUDGET.css / KB} KB gzipped`, () => {
  const all = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.css')).map((f) => `assets/${f}`);
  const { css } = firstLoad();
  assert.ok(css.length > 0, 'index.html links a stylesheet');
  const total = all.reduce((n, f) => n + gz(f), 0);
  console.log(`CSS: ${(total / KB).toFixed(1)} KB gz`);
  assert.ok(total <= BUDGET.css, `CSS is ${(total / KB).toFixed(1)} KB gz`);
});

// The staff console is a lazy chunk of its own (views/staff.ts, imported on demand by main.ts): a citizen
// never loads it. Everything else a citizen can reach must fit the first-load budget; the console has its own.
const isConsole = (f) => /^staff-[\w-]+\.js$/.test(f);

test(`the staff console is a separate chunk ≤ ${BUDGET.console / KB} KB gzipped`, () => {
  const chunks = readdirSync(join(DIST, 'assets')).filter(isConsole);
  assert.equal(chunks.length, 1, `one staff console chunk (found: ${chunks.join(', ') || 'none'})`);
  const { js } = firstLoad();
  assert.ok(!js.some((f) => isConsole(f.split('/').pop())), 'the console is not part of the first load');
  const total = chunks.reduce((n, f) => n + gz(`assets/${f}`), 0);
  console.log(`staff console JS: ${(total / KB).toFixed(1)} KB gz (${chunks.join(', ')})`);
  assert.ok(total <= BUDGET.console, `the staff console chunk is ${(total / KB).toFixed(1)} KB gz`);
});

test(`citizen-reachable JS (every chunk but the console) ≤ ${BUDGET.firstLoadJs / KB} KB gzipped`, () => {
  const all = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js') && !isConsole(f));
  const total = all.reduce((n, f) => n + gz(`assets/${f}`), 0);
  console.log(`citizen-reachable JS: ${(total / KB).toFixed(1)} KB gz (${all.length} chunks)`);
  assert.ok(total <= BUDGET.firstLoadJs, `citizen-reachable JS is ${(total / KB).toFixed(1)} KB gz`);
});

test('every text file of 1 KiB or more has .gz and .br copies that unpack to its bytes', () => {
  const files = ['index.html', ...readdirSync(join(DIST, 'assets')).map((f) => `assets/${f}`)]
    .filter((f) => /\.(js|css|html)$/.test(f));
  const large = files.filter((f) => size(f) >= COMPRESS_MIN_BYTES);
  assert.ok(large.length >= 3, `the build has text files of 1 KiB or more (${large.join(', ')})`);
  for (const file of large) {
    const original = readFileSync(join(DIST, file));
    assert.ok(existsSync(join(DIST, `${file}.gz`)) && existsSync(join(DIST, `${file}.br`)), `${file} has both copies`);
    assert.ok(gunzipSync(readFileSync(join(DIST, `${file}.gz`))).equals(original), `${file}.gz unpacks to ${file}`);
    assert.ok(brotliDecompressSync(readFileSync(join(DIST, `${file}.br`))).equals(original), `${file}.br unpacks to ${file}`);
    assert.ok(size(`${file}.br`) < original.length && size(`${file}.gz`) < original.length, `${file}: copies are smaller`);
  }
  for (const file of files.filter((f) => size(f) < COMPRESS_MIN_BYTES)) {
    assert.ok(!existsSync(join(DIST, `${file}.gz`)), `${file} is too small to be worth a copy`);
  }
});
