// Staff administration (agency admins; system admins choose the agency): the staff list and
// "Tambah petugas". A new staff member gets a temporary password by e-mail and, at first sign-in,
// makes their own password and enrols an authenticator app. And the agency's catalogue worklist: the
// figures of its permits awaiting confirmation, each with the regulation to check (never shown to citizens).
import { h } from '../dom';
import { t } from '../i18n';
import { api, ApiError, hasRole, session, type Agency, type StaffMember, type UnconfirmedFigure } from '../api';
import { backLink, button, heading, linkButton, panel, showProblems, summaryList, tag } from '../ui';
import { checkAll, checkboxes, field, serverProblems } from '../fields';
import { flash, go, render, signInAgain, type Ctx } from '../router';
import { staffGuard } from './guard';

const ADMINS = ['agency_admin', 'system_admin'];
export const ROLE_LABELS: Record<string, string> = {
  counter: 'Petugas loket',
  verifier: 'Verifikator',
  approver: 'Pemberi persetujuan',
  treasurer: 'Bendahara',
  agency_admin: 'Admin instansi',
  system_admin: 'Admin sistem',
};
const ASSIGNABLE = ['counter', 'verifier', 'approver', 'treasurer', 'agency_admin'];

/** The agency whose staff are shown: the admin's own; a system admin picks one (?instansi=). */
function agencyOf(ctx: Ctx, agencies: Agency[]): Agency | null {
  const user = session()?.user;
  const wanted = hasRole(user, 'system_admin') ? ctx.query.get('instansi') || user?.agency || agencies[0]?.id : user?.agency;
  return agencies.find((a) => a.id === wanted) ?? null;
}

const query = (a: Agency): string => (hasRole(session()?.user, 'system_admin') ? `?agency=${encodeURIComponent(a.id)}` : '');

/** A system admin's choice of agency (?instansi=) on the page at `path`. */
function agencyPicker(agencies: Agency[], agency: Agency, path: string, hint: string): HTMLElement | null {
  if (!hasRole(session()?.user, 'system_admin')) return null;
  return h(
    'form',
    {
      class: 'inline-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        go(`${path}?instansi=${encodeURIComponent((document.getElementById('q-instansi') as HTMLSelectElement).value)}`);
      },
    },
    field({ id: 'instansi', type: 'select', label: t('Instansi'), hint, example: agencies[0]?.name ?? '', options: agencies.map((a) => ({ value: a.id, label: a.name })) }, agency.id).el,
    button(t('Tampilkan'), { class: 'button button--secondary' }),
  );
}

export async function staffList(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx, ADMINS)) return;
  const { agencies } = await api<{ agencies: Agency[] }>('GET', '/agencies', undefined, ctx.signal);
  const agency = agencyOf(ctx, agencies);
  const msg = flash();
  const title = t('Petugas instansi');
  if (!agency) {
    ctx.mount(title, ...heading(title), h('p', { class: 'body' }, t('Akun Anda belum terhubung ke instansi. Hubungi admin sistem.')));
    return;
  }
  const { staff } = await api<{ staff: StaffMember[] }>('GET', `/agency/staff${query(agency)}`, undefined, ctx.signal);
  const offices = new Map(agency.offices.map((o) => [o.id, o.name]));
  const problems = h('div');
  const isSystem = hasRole(session()?.user, 'system_admin');
  const me = session()?.user.name;

  const toggle = async (m: StaffMember, btn: HTMLButtonElement): Promise<void> => {
    btn.disabled = true;
    try {
      await api<StaffMember>('PATCH', `/agency/staff/${encodeURIComponent(m.username)}`, { enabled: !m.enabled, ...(isSystem ? { agency: agency.id } : {}) });
      flash({ kind: 'staff', title: m.enabled ? t('Petugas dinonaktifkan') : t('Petugas diaktifkan'), message: `${m.name} (${m.username})` });
      void render();
    } catch (err) {
      btn.disabled = false;
      const e = err as ApiError;
      if (e.code === 'session_expired') return signInAgain(ctx, e.message);
      showProblems(problems, [{ message: e.fields?.[0]?.message || e.message }]);
    }
  };

  const picker = agencyPicker(agencies, agency, '/petugas/staf', t('Admin sistem dapat mengelola petugas setiap instansi.'));

  ctx.mount(
    title,
    msg?.kind === 'staff' ? panel(msg.title, msg.message) : null,
    problems,
    ...heading(title, agency.name),
    picker,
    linkButton(t('Tambah petugas'), `#/petugas/staf/tambah${isSystem ? `?instansi=${encodeURIComponent(agency.id)}` : ''}`),
    staff.length
      ? h(
          'ul',
          { class: 'card-list', 'aria-label': t('Daftar petugas {agency}', { agency: agency.name }) },
          staff.map((m) => {
            const btn = button(m.enabled ? t('Nonaktifkan') : t('Aktifkan'), { type: 'button', class: 'button button--secondary button--small' });
            btn.append(h('span', { class: 'visually-hidden' }, ` ${m.name}`));
            btn.addEventListener('click', () => void toggle(m, btn));
            return h(
              'li',
              { class: 'card', 'data-staff': m.username },
              h('h2', { class: 'card__title' }, m.name),
              h('p', { class: 'card__status' }, m.enabled ? tag('issued', t('Aktif')) : tag('rejected', t('Nonaktif'))),
              summaryList([
                { key: t('Nama pengguna'), value: h('span', { class: 'mono' }, m.username) },
                { key: t('E-mail'), value: m.email },
                { key: t('Kantor'), value: offices.get(m.office) || m.office },
                { key: t('Peran'), value: m.roles.map((r) => t(ROLE_LABELS[r] || r)).join(', ') },
              ]),
              m.name === me ? null : btn,
            );
          }),
        )
      : h('p', { class: 'body' }, t('Belum ada petugas.')),
  );
}

export async function addStaff(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx, ADMINS)) return;
  const { agencies } = await api<{ agencies: Agency[] }>('GET', '/agencies', undefined, ctx.signal);
  const agency = agencyOf(ctx, agencies);
  if (!agency) return go('/petugas/staf', true);
  const isSystem = hasRole(session()?.user, 'system_admin');
  const problems = h('div');
  const fields = [
    field({ id: 'name', type: 'text', required: true, label: t('Nama lengkap'), hint: t('Nama petugas seperti di kartu pegawai.'), example: 'Rina Kurniawati', maxLength: 100 }, ''),
    field(
      {
        id: 'username',
        type: 'text',
        required: true,
        label: t('Nama pengguna'),
        hint: t('3–40 huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf. Dipakai untuk masuk.'),
        example: 'loket.mpp2',
        maxLength: 40,
      },
      '',
    ),
    field({ id: 'email', type: 'text', input: 'email', required: true, label: t('E-mail dinas'), hint: t('Kata sandi sementara dikirim ke alamat ini.'), example: 'rina@jakarta.go.id' }, ''),
    field(
      {
        id: 'office',
        type: 'select',
        required: true,
        label: t('Kantor'),
        hint: t('Tempat petugas bekerja. Permohonan di loket dicatat atas nama kantor ini.'),
        example: agency.offices[0]?.name ?? '',
        options: agency.offices.map((o) => ({ value: o.id, label: o.name })),
      },
      agency.offices.length === 1 ? agency.offices[0].id : '',
    ),
    checkboxes(
      {
        id: 'roles',
        type: 'select',
        required: true,
        label: t('Peran'),
        hint: t('Pilih satu atau lebih. Setiap peran hanya melihat yang perlu untuk tugasnya.'),
        example: t('Petugas loket'),
        options: ASSIGNABLE.map((r) => ({ value: r, label: t(ROLE_LABELS[r]) })),
      },
      [],
    ),
  ];
  const submit = button(t('Tambah petugas'));
  const back = `#/petugas/staf${isSystem ? `?instansi=${encodeURIComponent(agency.id)}` : ''}`;
  const title = t('Tambah petugas');
  ctx.mount(
    title,
    backLink(back, t('Kembali ke daftar petugas')),
    problems,
    ...heading(title, agency.name),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const list = checkAll(fields);
          if (list.length) return showProblems(problems, list);
          const v = Object.fromEntries(fields.map((f) => [f.q.id, f.value()]));
          submit.disabled = true;
          try {
            const m = await api<StaffMember>('POST', '/agency/staff', {
              username: v.username,
              name: v.name,
              email: v.email,
              office: v.office,
              roles: v.roles.split(','),
              ...(isSystem ? { agency: agency.id } : {}),
            });
            flash({ kind: 'staff', title: t('Petugas ditambahkan'), message: t('Kata sandi sementara untuk {username} sudah dikirim ke {email}.', { username: m.username, email: m.email }) });
            go(back.slice(1));
          } catch (err) {
            submit.disabled = false;
            const e2 = err as ApiError;
            if (e2.code === 'session_expired') return signInAgain(ctx, e2.message);
            showProblems(problems, serverProblems(e2, fields));
          }
        },
      },
      fields.map((f) => f.el),
      submit,
    ),
  );
}

/** The catalogue figures of the agency's permits awaiting confirmation: what the page says now, the
 * regulation to check it against, and the note; grouped by permit. */
export async function catalogueWorklist(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx, ADMINS)) return;
  const { agencies } = await api<{ agencies: Agency[] }>('GET', '/agencies', undefined, ctx.signal);
  const agency = agencyOf(ctx, agencies);
  const title = t('Data katalog yang perlu dikonfirmasi');
  if (!agency) {
    ctx.mount(title, ...heading(title), h('p', { class: 'body' }, t('Akun Anda belum terhubung ke instansi. Hubungi admin sistem.')));
    return;
  }
  const { items } = await api<{ items: UnconfirmedFigure[] }>('GET', `/agency/catalogue/unconfirmed${query(agency)}`, undefined, ctx.signal);
  const permits = [...new Set(items.map((i) => i.permitId))];
  ctx.mount(
    title,
    ...heading(title, agency.name),
    agencyPicker(agencies, agency, '/petugas/katalog', t('Admin sistem dapat melihat data katalog setiap instansi.')),
    h('p', { class: 'body' }, t('Angka dan keterangan ini tampil di halaman izin seperti tertulis. Periksa masing-masing terhadap peraturannya, lalu terbitkan versi baru izin tanpa catatan tersebut.')),
    permits.length
      ? h(
          'ul',
          { class: 'card-list', 'aria-label': t('Data katalog yang perlu dikonfirmasi') },
          permits.map((id) => {
            const mine = items.filter((i) => i.permitId === id);
            return h(
              'li',
              { class: 'card', 'data-worklist-permit': id },
              h('h2', { class: 'card__title' }, h('a', { href: `#/izin/${encodeURIComponent(id)}` }, mine[0].permitName)),
              h('p', { class: 'card__meta' }, t('Versi {n}', { n: mine[0].version })),
              summaryList(
                mine.map((i) => ({
                  key: i.label,
                  value: h(
                    'span',
                    { 'data-worklist-field': i.field },
                    h('span', { class: 'worklist__figure' }, i.figure),
                    h('span', { class: 'hint summary-hint' }, t('Periksa terhadap: {regulation}', { regulation: i.regulation })),
                    i.note ? h('span', { class: 'hint summary-hint' }, i.note) : null,
                  ),
                })),
              ),
            );
          }),
        )
      : h('p', { class: 'body' }, t('Semua data katalog instansi ini sudah dikonfirmasi.')),
  );
}
