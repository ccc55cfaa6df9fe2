// Beranda: every general permit in one catalogue (R2): search (the server tolerates typos), browse by
// life event and by agency; for a signed-in citizen, the permits whose renewal is open come first.
import { h } from '../dom';
import { t } from '../i18n';
import { catalogue, isStaff, session, type IssuedPermit, type Permit } from '../api';
import { fee } from '../format';
import { button, heading, inset } from '../ui';
import { go, type Ctx } from '../router';
import { myPermits, renewalBanner } from './renew';

function permitCards(permits: Permit[]): HTMLElement {
  return h(
    'ul',
    { class: 'card-list', 'data-results': '' },
    permits.map((p) =>
      h(
        'li',
        { class: 'card', 'data-permit-id': p.id },
        h('h3', { class: 'card__title' }, h('a', { href: `#/izin/${encodeURIComponent(p.id)}` }, p.name)),
        // Why a search found this service although it says other words ("perpanjang ktp": valid for life).
        p.searchNote ? h('p', { class: 'card__note', 'data-search-note': '' }, p.searchNote) : null,
        h('p', { class: 'card__text' }, p.description),
        h('p', { class: 'card__meta' }, `${p.agency.name} · ${t('Biaya')}: ${fee(p)} · ${t('Perkiraan selesai: {n} hari kerja', { n: p.slaDays })}`),
      ),
    ),
  );
}

const browse = (items: { href: string; text: string; count: number; current: boolean }[]): HTMLElement =>
  h(
    'ul',
    { class: 'browse' },
    items.map((i) =>
      h('li', null, h('a', { href: i.href, 'aria-current': i.current ? 'true' : null }, i.text), h('span', { class: 'muted' }, ` (${i.count})`)),
    ),
  );

export async function home(ctx: Ctx): Promise<void> {
  const q = (ctx.query.get('cari') || '').trim().slice(0, 100);
  const event = ctx.query.get('peristiwa') || '';
  const agency = ctx.query.get('instansi') || '';
  const s = session();
  const citizen = !!s && !isStaff(s.user);
  const [found, held] = await Promise.all([
    catalogue(ctx.signal, { q, lifeEvent: event, agency }),
    citizen ? myPermits(ctx.signal).catch((): IssuedPermit[] => []) : [],
  ]);
  const filtered = !!(q || event || agency);
  const problems = h('div');

  const input = h('input', {
    class: 'input search__input',
    type: 'search',
    id: 'cari',
    name: 'cari',
    value: q,
    autocomplete: 'off',
    enterkeyhint: 'search',
    'aria-describedby': 'cari-hint',
  });
  const search = h(
    'form',
    {
      role: 'search',
      class: 'search',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const v = input.value.trim();
        go(v ? `/?cari=${encodeURIComponent(v)}` : '/');
      },
    },
    h('label', { class: 'label', for: 'cari' }, t('Cari layanan')),
    h('div', { class: 'hint', id: 'cari-hint' }, t('Misalnya “perpanjang stnk” atau “ktp hilang”.')),
    h('div', { class: 'search__row' }, input, button(t('Cari'), { class: 'button search__button' })),
  );

  const eventName = found.lifeEvents.find((e) => e.id === event)?.label || event;
  const agencyName = found.agencies.find((a) => a.id === agency)?.name || agency;
  const resultsTitle = q ? t('Hasil pencarian untuk “{q}”', { q }) : event ? eventName : agencyName;
  const results = filtered
    ? [
        h('h2', { class: 'heading-m', id: 'hasil' }, resultsTitle),
        h('p', { class: 'body', 'data-count': '' }, t('{n} layanan ditemukan.', { n: found.permits.length }), ' ', h('a', { href: '#/' }, t('Lihat semua layanan'))),
        found.permits.length
          ? permitCards(found.permits)
          : h('p', { class: 'body' }, t('Tidak ada layanan yang cocok. Coba kata lain, atau pilih menurut peristiwa hidup atau instansi.')),
      ]
    : null;

  ctx.mount(
    filtered ? `${resultsTitle} – ${t('Beranda')}` : t('Beranda'),
    problems,
    ...heading(t('Ajukan izin secara daring')),
    renewalBanner(ctx, held, problems),
    filtered ? null : h('p', { class: 'lead' }, t('Pilih izin atau surat yang Anda perlukan. Isi formulir, unggah dokumen, lalu pantau prosesnya dari rumah, tanpa antre di kantor.')),
    s
      ? null
      : inset(
          t('Untuk mengajukan, Anda perlu masuk dengan NIK (nomor KTP-el) atau nomor paspor. '),
          h('a', { href: '#/masuk' }, t('Masuk')),
        ),
    search,
    results,
    h('h2', { class: 'heading-m' }, t('Cari menurut peristiwa hidup')),
    browse(found.lifeEvents.map((e) => ({ href: `#/?peristiwa=${encodeURIComponent(e.id)}`, text: e.label, count: e.count, current: e.id === event }))),
    h('h2', { class: 'heading-m' }, t('Cari menurut instansi')),
    browse(found.agencies.map((a) => ({ href: `#/?instansi=${encodeURIComponent(a.id)}`, text: a.name, count: a.count, current: a.id === agency }))),
    filtered
      ? null
      : [
          h('h2', { class: 'heading-m' }, t('Semua layanan')),
          found.permits.length ? permitCards(found.permits) : h('p', { class: 'body' }, t('Belum ada izin yang dapat diajukan secara daring.')),
        ],
  );
}
