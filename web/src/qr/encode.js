// A small QR code encoder (ISO/IEC 18004, model 2): byte mode (UTF-8), error correction level M, the
// smallest version 1-40 that fits, the mask with the lowest penalty. It draws the authenticator's otpauth URI
// and the dynamic QRIS payload (both ASCII, a few hundred characters), and replaces a general library that
// weighed three times as much in the citizen's JS budget. Plain JavaScript so Node tests it unbuilt against
// that library (e2e/qr.test.mjs); encode.d.ts types it.

// Level M, per version (index 0 unused): error-correction codewords per block, and the number of blocks.
const ECC = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
const BLOCKS = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

/** Modules that carry data and error correction (everything but the function patterns), in bits. */
function rawModules(v) {
  let n = (16 * v + 128) * v + 64;
  if (v >= 2) {
    const a = Math.floor(v / 7) + 2;
    n -= (25 * a - 10) * a - 55;
    if (v >= 7) n -= 36;
  }
  return n;
}

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1. */
function mul(x, y) {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

/** Reed-Solomon error-correction codewords of `data` (`degree` of them). */
function reedSolomon(data, degree) {
  const div = new Array(degree).fill(0);
  div[degree - 1] = 1;
  for (let i = 0, root = 1; i < degree; i++, root = mul(root, 2)) {
    for (let j = 0; j < degree; j++) div[j] = mul(div[j], root) ^ (j + 1 < degree ? div[j + 1] : 0);
  }
  const rem = new Array(degree).fill(0);
  for (const b of data) {
    const f = b ^ rem.shift();
    rem.push(0);
    for (let j = 0; j < degree; j++) rem[j] ^= mul(div[j], f);
  }
  return rem;
}

const bit = (x, i) => ((x >>> i) & 1) === 1;

const MASKS = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** The penalty of a finished symbol (the standard's four rules): lower scans better. */
function penalty(m) {
  const n = m.length;
  const lines = [];
  for (let i = 0; i < n; i++) {
    let row = '';
    let col = '';
    for (let j = 0; j < n; j++) {
      row += m[i][j] ? 1 : 0;
      col += m[j][i] ? 1 : 0;
    }
    lines.push(row, col);
  }
  let score = 0;
  let dark = 0;
  for (const l of lines) {
    for (const run of l.match(/0{5,}|1{5,}/g) || []) score += run.length - 2;
    score += 40 * (l.match(/(?=10111010000|00001011101)/g) || []).length;
  }
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (m[y][x]) dark++;
      if (x && y && m[y][x] === m[y - 1][x] && m[y][x] === m[y][x - 1] && m[y][x] === m[y - 1][x - 1]) score += 3;
    }
  }
  return score + 10 * (Math.ceil(Math.abs(dark * 20 - n * n * 10) / (n * n)) - 1);
}

/**
 * The QR code of `text` as rows of modules (true: dark), without the quiet zone. `mask` forces a mask
 * pattern (0-7; for tests), else the best one is chosen.
 * @param {string} text
 * @param {number} [mask]
 * @returns {boolean[][]}
 */
export function qrMatrix(text, mask) {
  const bytes = new TextEncoder().encode(text);
  let v = 1;
  let capacity = 0;
  for (; ; v++) {
    if (v > 40) throw new RangeError('text too long for a QR code');
    capacity = (rawModules(v) >>> 3) - ECC[v] * BLOCKS[v];
    if (4 + (v < 10 ? 8 : 16) + 8 * bytes.length <= capacity * 8) break;
  }

  // Data codewords: mode (byte), count, the bytes, terminator, padding.
  const bits = [];
  const put = (value, len) => {
    for (let i = len - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(4, 4);
  put(bytes.length, v < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacity * 8 - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  for (let pad = 0xec; bits.length < capacity * 8; pad ^= 0xec ^ 0x11) put(pad, 8);
  const data = [];
  for (let i = 0; i < bits.length; i += 8) data.push(parseInt(bits.slice(i, i + 8).join(''), 2));

  // Split into blocks, add error correction, interleave.
  const nBlocks = BLOCKS[v];
  const eccLen = ECC[v];
  const raw = rawModules(v) >>> 3;
  const short = nBlocks - (raw % nBlocks);
  const shortLen = Math.floor(raw / nBlocks);
  const blocks = [];
  for (let i = 0, k = 0; i < nBlocks; i++) {
    const part = data.slice(k, (k += shortLen - eccLen + (i < short ? 0 : 1)));
    const ecc = reedSolomon(part, eccLen);
    if (i < short) part.push(0);
    blocks.push(part.concat(ecc));
  }
  const words = [];
  for (let i = 0; i < blocks[0].length; i++) {
    blocks.forEach((b, j) => {
      if (i !== shortLen - eccLen || j >= short) words.push(b[i]);
    });
  }

  // Function patterns.
  const size = v * 4 + 17;
  const m = [];
  const fixed = [];
  for (let i = 0; i < size; i++) {
    m.push(new Array(size).fill(false));
    fixed.push(new Array(size).fill(false));
  }
  const set = (x, y, dark) => {
    m[y][x] = dark;
    fixed[y][x] = true;
  };
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]]) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, d !== 2 && d !== 4);
      }
    }
  }
  if (v > 1) {
    const count = Math.floor(v / 7) + 2;
    const step = Math.floor((v * 8 + count * 3 + 5) / (count * 4 - 4)) * 2;
    const pos = [6];
    for (let p = size - 7; pos.length < count; p -= step) pos.splice(1, 0, p);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < count; j++) {
        if ((i === 0 && j === 0) || (i === 0 && j === count - 1) || (i === count - 1 && j === 0)) continue;
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(pos[i] + dx, pos[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
      }
    }
  }
  const format = (mk, into) => {
    const set = (x, y, dark) => {
      into[y][x] = dark;
      fixed[y][x] = true;
    };
    let r = mk; // level M is 00
    for (let i = 0; i < 10; i++) r = (r << 1) ^ ((r >>> 9) * 0x537);
    const f = ((mk << 10) | r) ^ 0x5412;
    for (let i = 0; i <= 5; i++) set(8, i, bit(f, i));
    set(8, 7, bit(f, 6));
    set(8, 8, bit(f, 7));
    set(7, 8, bit(f, 8));
    for (let i = 9; i < 15; i++) set(14 - i, 8, bit(f, i));
    for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(f, i));
    for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(f, i));
    set(8, size - 8, true);
  };
  format(0, m); // reserve the format areas before the data goes in
  if (v >= 7) {
    let r = v;
    for (let i = 0; i < 12; i++) r = (r << 1) ^ ((r >>> 11) * 0x1f25);
    const f = (v << 12) | r;
    for (let i = 0; i < 18; i++) {
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      set(a, b, bit(f, i));
      set(b, a, bit(f, i));
    }
  }

  // The codewords, in the zigzag of two-module columns from the bottom right.
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const y = ((right + 1) & 2) === 0 ? size - 1 - vert : vert;
        if (!fixed[y][x] && i < words.length * 8) {
          m[y][x] = bit(words[i >>> 3], 7 - (i & 7));
          i++;
        }
      }
    }
  }

  const masked = (mk) => {
    const out = m.map((row, y) => row.map((dark, x) => (fixed[y][x] ? dark : dark !== MASKS[mk](x, y))));
    format(mk, out);
    return out;
  };
  if (mask !== undefined) return masked(mask);
  let best = null;
  let bestScore = Infinity;
  for (let mk = 0; mk < 8; mk++) {
    const candidate = masked(mk);
    const s = penalty(candidate);
    if (s < bestScore) {
      best = candidate;
      bestScore = s;
    }
  }
  return best;
}
