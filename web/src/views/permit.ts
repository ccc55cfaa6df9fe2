import { h } from '../dom';
import { t } from '../i18n';
import { api, ApiError, catalogue, form, isStaff, session, type Application } from '../api';
import { rupiah, dateTime } from '../format';
import { arrow, backLink, button, heading, inset, summaryList, showProblems } from '../ui';
import { go, type Ctx } from '../router';

export async function permitPage(ctx: Ctx): Promise<void> {
  const id = ctx.params.permitId;
  const s = session();
  const citizen = s && !isStaff(s.user);
  const [permits, def, mine] = await Promise.all([
    catalogue(ctx.signal),
    form(id, ctx.signal).catch(() => null), // the requirements list is a nicety: never block on it
    citizen
      ? api<{ applications: Application[] }>('GET', '/applications', undefined, ctx.signal).then((r) => r.applications).catch(() => [])
      : Promise.resolve([] as Application[]),
  ]);
  const permit = permits.find((p) => p.id === id);
  if (!permit) throw new ApiError(404, 'not_found', t('Jenis izin ini tidak ada di katalog. Pilih izin dari beranda.'));

  const drafts = mine.filter((a) => a.permitId === id && a.status === 'draft');
  const files = def ? def.pages.flatMap((p) => p.questions).filter((q) => q.type === 'file') : [];
  const problems = h('div');
  const start = button(t('Ajukan'), { class: 'button button--start', type: 'button' });
  start.append(arrow());

  start.addEventListener('click', async () => {
    if (!session()) {
      go(`/masuk?lanjut=${encodeURIComponent(`/izin/${id}`)}`);
      return;
    }
    start.disabled = true;
    try {
      const app = await api<Application>('POST', '/applications', { permitId: id });
      const first = def?.pages[0]?.id;
      go(first ? `/permohonan/${encodeURIComponent(app.id)}/isi/${encodeURIComponent(first)}` : `/permohonan/${encodeURIComponent(app.id)}/lanjutkan`);
    } catch (err) {
      start.disabled = false;
      const e = err as ApiError;
      if (e.code === 'session_expired') {
        go(`/masuk?lanjut=${encodeURIComponent(`/izin/${id}`)}`);
        return;
      }
      showProblems(problems, [{ message: e.message }]);
    }
  });

  ctx.mount(
    permit.name,
    backLink('#/', t('Kembali ke daftar izin')),
    problems,
    ...heading(permit.name, permit.agency.name),
    h('p', { class: 'lead' }, permit.description),
    summaryList([
      { key: t('Instansi'), value: permit.agency.name },
      { key: t('Biaya'), value: rupiah(permit.feeRupiah) },
      { key: t('Perkiraan waktu'), value: t('{n} hari kerja setelah permohonan lengkap', { n: permit.slaDays }) },
    ]),
    files.length
      ? [
          h('h2', { class: 'heading-m' }, t('Yang perlu Anda siapkan')),
          h('ul', { class: 'list list--bullet' }, files.map((q) => h('li', null, q.label, q.hint ? h('span', { class: 'hint' }, ` – ${q.hint}`) : null))),
        ]
      : null,
    drafts.length
      ? inset(
          t('Anda punya draf permohonan izin ini yang belum dikirim (terakhir disimpan {at}). ', { at: dateTime(drafts[0].editedAt || drafts[0].updatedAt) }),
          h('a', { href: `#/permohonan/${encodeURIComponent(drafts[0].id)}/lanjutkan` }, t('Lanjutkan draf')),
        )
      : null,
    s ? null : h('p', { class: 'body' }, t('Anda akan diminta masuk dengan NIK atau nomor paspor terlebih dahulu.')),
    s && isStaff(s.user) ? h('p', { class: 'body' }, t('Anda masuk sebagai petugas. Permohonan diajukan oleh warga dengan akun pribadinya.')) : start,
  );
}
