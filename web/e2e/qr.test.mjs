// No stack needed. The small QR encoder (src/qr/encode.js) against a general QR library (qrcode-generator, a dev dependency
// kept for this test only): for the same text, the same version and, with the library's own mask forced,
// the same modules, bit for bit. Then the encoder's own mask choice must still carry the right format bits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import qrcode from 'qrcode-generator';
import { qrMatrix } from '../src/qr/encode.js';

// The format bits next to the top-left finder, read back: (level << 3 | mask) after the 0x5412 mask.
function formatOf(m) {
  const at = (x, y) => (m[y][x] ? 1 : 0);
  const bits = [0, 1, 2, 3, 4, 5].map((i) => at(8, i)).concat([at(8, 7), at(8, 8), at(7, 8)], [9, 10, 11, 12, 13, 14].map((i) => at(14 - i, 8)));
  const f = bits.reduce((n, b, i) => n | (b << i), 0) ^ 0x5412;
  return { level: f >>> 13, mask: (f >>> 10) & 7 };
}

function library(text) {
  const qr = qrcode(0, 'M');
  qr.addData(Buffer.from(text, 'utf8').toString('latin1')); // the library keeps one byte per character: give it UTF-8
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

const qris = (n) => `00020101021226${'6'.repeat(n)}5303360540530000580` + `2ID5912PEMDA DKI JKT6013JAKARTA PUSAT6304ABCD`;
const TEXTS = [
  'a',
  'otpauth://totp/PISAO:verifikator.samsat?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=PISAO',
  qris(10),
  qris(120),
  qris(300),
  'Pembayaran — retribusi daerah “PISAO” ✓', // not ASCII: UTF-8 bytes
  'x'.repeat(1000),
  'y'.repeat(2331), // the most level M holds in byte mode (version 40)
];
for (let n = 1; n <= 400; n += 13) TEXTS.push('Q'.repeat(n));

for (const text of TEXTS) {
  test(`same modules as qrcode-generator: ${text.length} characters`, () => {
    const theirs = library(text);
    const { level, mask } = formatOf(theirs);
    assert.equal(level, 0, 'level M');
    const mine = qrMatrix(text, mask);
    assert.equal(mine.length, theirs.length, 'same version');
    assert.deepEqual(mine, theirs);
    const chosen = qrMatrix(text);
    assert.equal(chosen.length, theirs.length);
    assert.equal(formatOf(chosen).level, 0);
    assert.deepEqual(chosen, qrMatrix(text, formatOf(chosen).mask), 'the format bits name the mask applied');
  });
}

test('too long for any version', () => {
  assert.throws(() => qrMatrix('z'.repeat(2332)), RangeError);
});
