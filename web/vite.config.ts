import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

// Content-Security-Policy for the built site only: the dev server injects inline styles for HMR.
// connect-src stays open to http(s) because presigned upload URLs live on the storage origin,
// which differs per deployment (local S3-compatible store, ap-southeast-3, a Pemda data centre).
const csp: Plugin = {
  name: 'pisao-csp',
  apply: 'build',
  transformIndexHtml(html) {
    const policy = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data: blob:",
      "connect-src 'self' https: http:",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ].join('; ');
    return html.replace('<!--csp-->', `<meta http-equiv="Content-Security-Policy" content="${policy}">`);
  },
};

// Precompressed copies of what the build writes (file.gz, file.br beside file.js): the local front serves them
// to a browser that accepts them (infra/local/stack.py), as CloudFront compresses in production; the web budgets
// (e2e/budget.test.mjs) weigh these files, the bytes a citizen receives. Node's own zlib, no package: gzip at
// level 9, brotli at quality 11. Files under 1 KiB (API Gateway's threshold too) and a copy that is not smaller go
// without.
const COMPRESS_MIN_BYTES = 1024;
const compress: Plugin = {
  name: 'pisao-compress',
  apply: 'build',
  writeBundle(options, bundle) {
    const dir = options.dir ?? 'dist';
    for (const file of Object.keys(bundle)) {
      if (!/\.(js|css|html|svg|json|txt|map)$/.test(file)) continue;
      const original = readFileSync(join(dir, file));
      if (original.length < COMPRESS_MIN_BYTES) continue;
      const copies: [string, Buffer][] = [
        ['gz', gzipSync(original, { level: 9 })],
        ['br', brotliCompressSync(original, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        })],
      ];
      for (const [ext, copy] of copies) {
        if (copy.length < original.length) writeFileSync(join(dir, `${file}.${ext}`), copy);
      }
    }
  },
};

export default defineConfig({
  // Relative asset URLs: dist/ can be served from any bucket path or embedded in a Pemda website.
  base: './',
  plugins: [csp, compress],
  build: {
    outDir: 'dist',
    target: 'es2020',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': {
        target: 'http://localhost:8000',
        changeOrigin: true,
        rewrite: (path) => path.replace(/^\/api/, ''),
      },
    },
  },
});
