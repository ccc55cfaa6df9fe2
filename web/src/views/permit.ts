// A permit's page: everything a person needs to know BEFORE starting (R18): the documents with an example
// of an acceptable photo, the fee, the service time, the validity and the renewal rule, the legal basis and
// the FAQ. Then "Ajukan". (Figures the agency has yet to confirm are the agency admin's worklist, not shown here.)
import { h, type Child } from '../dom';
import { t } from '../i18n';
import { api, ApiError, form, isStaff, session, type Application, type Permit } from '../api';
import { dateTime, fee } from '../format';
import { arrow, backLink, button, heading, inset, summaryList, showProblems } from '../ui';
import { go, type Ctx } from '../router';
import { applyPath, startApplication } from './apply';
import { myPermits, renewButton, validityLine } from './renew';

/** "12 bulan" / "5 tahun". */
const months = (n: number): string => (n % 12 ? t('{n} bulan', { n }) : t('{n} tahun', { n: n / 12 }));

/** The renewal rule in words. */
function renewalRule(p: Permit): string {
  const r = p.renewal;
  if (!r) return t('Tidak dapat diperpanjang: setelah habis, ajukan permohonan baru.');
  const from = t('Dapat diperpanjang mulai {n} hari sebelum masa berlaku habis.', { n: r.windowDays });
  const after =
    r.afterExpiry === 'new' || !r.graceDays
      ? t('Setelah habis, harus mengajukan permohonan baru.')
      : t('Setelah habis, masih dapat diperpanjang paling lambat {n} hari.', { n: r.graceDays });
  return `${from} ${after}`;
}

export async function permitPage(ctx: Ctx): Promise<void> {
  const id = ctx.params.permitId;
  const s = session();
  const citizen = s && !isStaff(s.user);
  const [permit, , mine, held] = await Promise.all([
    api<Permit>('GET', `/catalogue/${encodeURIComponent(id)}`, undefined, ctx.signal).catch((err: ApiError) => {
      throw err.status === 404 ? new ApiError(404, 'not_found', t('Jenis izin ini tidak ada di katalog. Pilih izin dari beranda.')) : err;
    }),
    form(id, ctx.signal).catch(() => null), // to start at the first page: never block on it
    citizen
      ? api<{ applications: Application[] }>('GET', '/applications', undefined, ctx.signal).then((r) => r.applications).catch(() => [])
      : Promise.resolve([] as Application[]),
    citizen ? myPermits(ctx.signal).catch(() => []) : Promise.resolve([]),
  ]);

  const drafts = mine.filter((a) => a.permitId === id && a.status === 'draft' && !a.renewalOf);
  const problems = h('div');
  const start = button(t('Ajukan'), { class: 'button button--start', type: 'button' });
  start.append(arrow());

  start.addEventListener('click', async () => {
    if (!session()) {
      go(`/masuk?lanjut=${encodeURIComponent(applyPath(id))}`); // after signing in, the application starts
      return;
    }
    start.disabled = true;
    try {
      go(await startApplication(id, ctx.signal, true));
    } catch (err) {
      start.disabled = false;
      const e = err as ApiError;
      if (e.code === 'session_expired') {
        go(`/masuk?lanjut=${encodeURIComponent(applyPath(id))}`);
        return;
      }
      showProblems(problems, [{ message: e.message }]);
    }
  });
  // A permit of this type the person holds and may renew: renewing carries every answer over.
  const renewable = held.filter((p) => p.permitId === id && p.renewal.allowed);

  const feeValue = h('span', null, fee(permit));
  ctx.mount(
    permit.name,
    backLink('#/', t('Kembali ke daftar izin')),
    problems,
    ...heading(permit.name, permit.agency.name),
    h('p', { class: 'lead' }, permit.description),
    summaryList(([
      { key: t('Instansi'), value: permit.agency.name },
      {
        key: t('Biaya'),
        value: [feeValue, permit.feeBasis && permit.feeRupiah !== 0 ? h('span', { class: 'hint summary-hint' }, permit.feeBasis) : null],
      },
      { key: t('Waktu layanan'), value: t('{n} hari kerja setelah permohonan lengkap', { n: permit.slaDays }) },
      { key: t('Masa berlaku'), value: permit.validityMonths ? months(permit.validityMonths) : t('Tanpa batas waktu') },
      permit.validityMonths ? { key: t('Perpanjangan'), value: renewalRule(permit) } : null,
      // The titles of Indonesian regulations stay in Indonesian (marked so, for screen readers too).
      permit.legalBasis ? { key: t('Dasar hukum'), value: h('span', { lang: 'id' }, permit.legalBasis) } : null,
    ] as ({ key: string; value: Child } | null)[]).filter((r): r is { key: string; value: Child } => !!r)),
    permit.requirements.length
      ? [
          h('h2', { class: 'heading-m' }, t('Yang perlu Anda siapkan')),
          h(
            'ul',
            { class: 'list list--bullet requirements', 'data-requirements': '' },
            permit.requirements.map((r) =>
              h(
                'li',
                null,
                h('strong', null, r.document),
                r.example ? h('span', { class: 'example requirement__example' }, h('span', { class: 'example__label' }, t('Contoh yang diterima:')), ` ${r.example}`) : null,
              ),
            ),
          ),
        ]
      : null,
    permit.faq.length
      ? [
          h('h2', { class: 'heading-m' }, t('Pertanyaan yang sering diajukan')),
          h(
            'div',
            { class: 'faq', 'data-faq': '' },
            permit.faq.map((f) =>
              h('details', { class: 'details' }, h('summary', { class: 'details__summary' }, f.q), h('div', { class: 'details__text' }, f.a)),
            ),
          ),
        ]
      : null,
    drafts.length
      ? inset(
          t('Anda punya draf permohonan izin ini yang belum dikirim (terakhir disimpan {at}). ', { at: dateTime(drafts[0].editedAt || drafts[0].updatedAt) }),
          h('a', { href: `#/permohonan/${encodeURIComponent(drafts[0].id)}/lanjutkan` }, t('Lanjutkan draf')),
        )
      : null,
    renewable.map((p) =>
      h('div', { class: 'inset', 'data-renewable': p.number },
        h('p', { class: 'body' }, t('Anda memegang izin ini: {number}. {validity} Perpanjang agar semua jawaban terbawa; Anda hanya melengkapi yang belum ada.', { number: p.number, validity: validityLine(p) })),
        renewButton(ctx, p, problems))),
    s ? null : h('p', { class: 'body' }, t('Anda akan diminta masuk dengan NIK atau nomor paspor terlebih dahulu.')),
    s && isStaff(s.user) ? h('p', { class: 'body' }, t('Anda masuk sebagai petugas. Permohonan diajukan oleh warga dengan akun pribadinya.')) : start,
  );
}

/** #/izin/x/ajukan (an "Ajukan" carried through signing in, or a link): start the application, go there. */
export async function applyPage(ctx: Ctx): Promise<void> {
  const id = ctx.params.permitId;
  if (!session()) return go(`/masuk?lanjut=${encodeURIComponent(applyPath(id))}`, true);
  go(await startApplication(id, ctx.signal), true);
}
