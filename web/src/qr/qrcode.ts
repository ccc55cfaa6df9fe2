// A QR code as an SVG image (a lazy chunk: the authenticator set-up page and the payment panel load it).
import { qrMatrix } from './encode.js';

export function qrSvg(text: string, label: string): SVGSVGElement {
  const m = qrMatrix(text);
  const n = m.length;
  const quiet = 4;
  let d = '';
  m.forEach((row, r) => row.forEach((dark, c) => dark && (d += `M${c + quiet} ${r + quiet}h1v1h-1z`)));
  const ns = 'http://www.w3.org/2000/svg';
  const size = n + quiet * 2;
  const el = (tag: string, attrs: Record<string, string>): SVGElement => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };
  const svg = el('svg', { class: 'qr', viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': label, 'shape-rendering': 'crispEdges' }) as SVGSVGElement;
  svg.append(el('rect', { width: String(size), height: String(size), fill: '#fff' }), el('path', { d, fill: '#0b0c0c' }));
  return svg;
}
