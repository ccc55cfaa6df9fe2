/** The QR code of `text` (byte mode, UTF-8, level M) as rows of modules, true for dark; no quiet zone.
 * `mask` (0-7) forces a mask pattern, for tests; otherwise the one with the lowest penalty. */
export function qrMatrix(text: string, mask?: number): boolean[][];
