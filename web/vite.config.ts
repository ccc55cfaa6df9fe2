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

export default defineConfig({
  // Relative asset URLs: dist/ can be served from any bucket path or embedded in a Pemda website.
  base: './',
  plugins: [csp],
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
