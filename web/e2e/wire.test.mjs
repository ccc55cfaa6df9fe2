// What the home page's first load costs a citizen on the wire (issue 16): every text answer of 1 KiB or more
// arrives compressed (the web client as brotli, /api JSON gzipped as API Gateway sends it), and the whole first
// load stays within its budget. Chromium's own accounting of the bytes it received, against a running stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, MOBILE, PERMIT, browserForTests } from './lib.mjs';

const openPage = browserForTests();
const KB = 1024;
const WIRE_BUDGET = 40 * KB; // the first load's bodies as received: HTML, JS, CSS and the catalogue
const COMPRESS_MIN_BYTES = 1024;

test(`the home page's first load is compressed: ≤ ${WIRE_BUDGET / KB} KB of bodies on the wire`, async () => {
  const page = await openPage(MOBILE);
  const answers = [];
  page.on('requestfinished', async (request) => {
    const response = await request.response();
    const sizes = await request.sizes();
    const body = await response.body().catch(() => Buffer.alloc(0));
    answers.push({
      url: request.url().replace(BASE, ''),
      coding: (await response.headerValue('content-encoding')) || 'identity',
      type: (await response.headerValue('content-type')) || '',
      wire: sizes.responseBodySize,
      size: body.length,
    });
  });
  await page.goto(`${BASE}/#/`);
  await page.locator(`a[href="#/izin/${PERMIT}"]`).waitFor();
  await page.waitForLoadState('networkidle');
  const wire = answers.reduce((n, a) => n + a.wire, 0);
  const size = answers.reduce((n, a) => n + a.size, 0);
  for (const a of answers) console.log(`${a.url}: ${a.size} B, ${a.wire} B on the wire (${a.coding})`);
  console.log(`first load: ${answers.length} answers, ${(size / KB).toFixed(1)} KB, ${(wire / KB).toFixed(1)} KB on the wire`);
  assert.ok(answers.some((a) => a.url.startsWith('/api/catalogue')), 'the first load reads the catalogue');
  const plain = answers.filter((a) => a.size >= COMPRESS_MIN_BYTES && /text|javascript|json|css/.test(a.type)
    && a.coding === 'identity');
  assert.deepEqual(plain.map((a) => a.url), [], 'every text answer of 1 KiB or more arrives compressed');
  assert.ok(wire <= WIRE_BUDGET, `the first load is ${(wire / KB).toFixed(1)} KB on the wire`);
  await page.context().close();
});
