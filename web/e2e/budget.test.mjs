// Size budgets (DESIGN.md, web client): citizen first-load JS ≤ 50 KB gz, CSS ≤ 20 KB gz.
// Checks web/dist as built by `npm run build`; needs no running stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const KB = 1024;
const BUDGET = { firstLoadJs: 50 * KB, css: 20 * KB };

const gz = (file) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;

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
  console.log(`first-load JS: ${(total / KB).toFixed(1)} KB gz (${js.join(', ')})`);
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

test('every JS chunk together stays within the first-load budget too (lazy chunks are small)', () => {
  const all = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  const total = all.reduce((n, f) => n + gz(`assets/${f}`), 0);
  console.log(`all JS: ${(total / KB).toFixed(1)} KB gz`);
  assert.ok(total <= BUDGET.firstLoadJs, `all JS is ${(total / KB).toFixed(1)} KB gz`);
});
