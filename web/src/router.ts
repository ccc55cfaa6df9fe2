// Hash routing (#/...): the built files work from any bucket path or inside a Pemda website.
import { h, replace, type Child } from './dom';
import { t } from './i18n';
import { ApiError } from './api';
import { heading, linkButton, button } from './ui';

export interface Ctx {
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  signal: AbortSignal;
  /** Replace the page content (and set the document title). */
  mount: (title: string, ...nodes: Child[]) => void;
  /** Run when the route is left (stop polling, etc.). */
  onLeave: (fn: () => void) => void;
}
export type View = (ctx: Ctx) => Promise<void> | void;

const routes: { re: RegExp; keys: string[]; view: View }[] = [];
let main: HTMLElement;
let controller: AbortController | null = null;
let leaving: (() => void)[] = [];
let first = true;
let afterRender: () => void = () => {};

export function route(pattern: string, view: View): void {
  const keys: string[] = [];
  const re = new RegExp(
    '^' + pattern.replace(/:(\w+)/g, (_, k: string) => (keys.push(k), '([^/]+)')) + '/?$',
  );
  routes.push({ re, keys, view });
}

export function currentPath(): string {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  return raw;
}

export function go(path: string, replaceEntry = false): void {
  const target = `#${path}`;
  if (location.hash === target) void render();
  else if (replaceEntry) location.replace(target);
  else location.hash = target;
}

// One-shot message carried to the next page (e.g. "Permohonan disetujui").
let flashValue: Record<string, string> | null = null;
export function flash(value?: Record<string, string>): Record<string, string> | null {
  if (value) {
    flashValue = value;
    return value;
  }
  const v = flashValue;
  flashValue = null;
  return v;
}

/** A route of this app to go on to after signing in or registering (`?lanjut=`): a path like
 * "/izin/spp-irt", never another site ("//evil.example", "https:…", "/\\…") nor the sign-in pages. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !/^\/[A-Za-z0-9\-._~%/?=&]*$/.test(next) || next.startsWith('//')) return null;
  return /^\/(masuk|daftar|lupa-sandi)(\/|\?|$)/.test(next) ? null : next;
}

/** `path` with where to go on to afterwards (nothing when that is not a safe in-app route). */
export const withNext = (path: string, next: string | null | undefined): string => {
  const n = safeNext(next);
  return n && n !== '/' ? `${path}?lanjut=${encodeURIComponent(n)}` : path;
};

/** The session ended while working on a page: sign in again, then come back to it. */
export function signInAgain(ctx: Ctx, message: string, replaceEntry = false): void {
  flash({ kind: 'signin', message });
  const staffArea = ctx.path.startsWith('/loket') || ctx.path.startsWith('/petugas');
  go(withNext(staffArea ? '/petugas' : '/masuk', ctx.path.split('?')[0]), replaceEntry);
}

export function start(mainEl: HTMLElement, onRender: () => void): void {
  main = mainEl;
  afterRender = onRender;
  window.addEventListener('hashchange', () => {
    // "#q-nama" style fragments are in-page targets, not routes.
    if (location.hash === '' || location.hash.startsWith('#/')) void render();
  });
  void render();
}

export async function render(): Promise<void> {
  controller?.abort();
  leaving.forEach((fn) => fn());
  leaving = [];
  const ctl = new AbortController();
  controller = ctl;

  const full = currentPath();
  const [path, qs] = full.split('?', 2);
  let params: Record<string, string> = {};
  let view: View = notFound;
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) {
      params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])]));
      view = r.view;
      break;
    }
  }
  afterRender();
  const wasFirst = first;
  first = false;
  // Show "Memuat…" only if the page is slow, to avoid a flash on fast networks.
  const slow = setTimeout(() => {
    if (!ctl.signal.aborted) replace(main, h('p', { class: 'loading', role: 'status' }, t('Memuat…')));
  }, 250);
  const ctx: Ctx = {
    path: full,
    params,
    query: new URLSearchParams(qs || ''),
    signal: ctl.signal,
    mount: (title, ...nodes) => {
      if (ctl.signal.aborted) return;
      clearTimeout(slow);
      document.title = `${title} – PISAO`;
      replace(main, ...nodes);
      if (!wasFirst) {
        window.scrollTo(0, 0);
        (main.querySelector('h1') as HTMLElement | null)?.focus({ preventScroll: true });
      }
    },
    onLeave: (fn) => leaving.push(fn),
  };
  try {
    await view(ctx);
  } catch (err) {
    if (ctl.signal.aborted) return;
    showError(ctx, err);
  } finally {
    clearTimeout(slow);
  }
}

export function showError(ctx: Ctx, err: unknown): void {
  const e = err instanceof ApiError ? err : null;
  if (e?.code === 'aborted') return;
  if (e && (e.code === 'session_expired' || e.status === 401)) return signInAgain(ctx, e.message, true);
  if (!e) console.error(err);
  const title =
    e?.status === 404 ? t('Tidak ditemukan') : e?.status === 0 ? t('Tidak dapat terhubung') : t('Maaf, terjadi masalah');
  const message = e ? e.message : t('Terjadi kesalahan yang tidak terduga. Muat ulang halaman, lalu coba lagi.');
  ctx.mount(
    title,
    ...heading(title),
    h('p', { class: 'body' }, message),
    h('div', { class: 'button-group' },
      button(t('Coba lagi'), { type: 'button', onclick: () => void render() }),
      linkButton(t('Ke beranda'), '#/', 'button--secondary')),
  );
}

const notFound: View = (ctx) => {
  const title = t('Halaman tidak ditemukan');
  ctx.mount(
    title,
    ...heading(title),
    h('p', { class: 'body' }, t('Alamat yang Anda buka tidak ada. Periksa kembali alamatnya, atau mulai dari beranda.')),
    linkButton(t('Ke beranda'), '#/'),
  );
};
