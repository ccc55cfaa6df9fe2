// Counter service ("Layani warga"): staff at a service counter find a person by NIK, or register a
// walk-in, choose a permit and fill in the same form pages the citizen would, on the citizen's behalf.
// The application belongs to the citizen, who sees it in their own account.
import { h } from '../dom';
import { t } from '../i18n';
import { api, ApiError, application, catalogue, form, session, type Application, type Person } from '../api';
import { calendarDate, dateTime } from '../format';
import { backLink, button, heading, linkButton, panel, showProblems, summaryList, tag, inset, type Problem } from '../ui';
import { checkAll, field, serverProblems } from '../fields';
import { flash, go, signInAgain, type Ctx } from '../router';
import { keep, kept } from '../keep';
import { staffGuard } from './guard';
import { nikQuestion, personQuestions, valuesOf } from './account';

interface Served extends Person {
  nik: string;
  registeredHere?: boolean;
}

const ROLE = ['counter'];
const served = (): Served | null => kept<Served>('counter.person');

/** For counter staff: whose application this is (remembered when the counter started it). */
export const counterApplicant = (id: string): string | null => kept<Record<string, string>>('counter.apps')?.[id] ?? null;

function remember(appId: string, name: string): void {
  keep('counter.apps', { ...(kept<Record<string, string>>('counter.apps') || {}), [appId]: name });
}

/** "2026-11-28" in Jakarta time: what "today" means at an Indonesian counter. */
const dayOf = (iso: string): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(iso));

function hrefOf(a: Application): string {
  const id = encodeURIComponent(a.id);
  return a.status === 'draft' ? `#/loket/permohonan/${id}/lanjutkan` : `#/loket/permohonan/${id}`;
}

export async function counterHome(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx, ROLE)) return;
  const { applications } = await api<{ applications: Application[] }>('GET', '/counter/applications', undefined, ctx.signal);
  const msg = flash();
  const today = dayOf(new Date().toISOString());
  const todays = applications
    .filter((a) => dayOf(a.filedBy?.at || a.createdAt) === today)
    .sort((a, b) => ((a.filedBy?.at || a.createdAt) < (b.filedBy?.at || b.createdAt) ? 1 : -1));
  const problems = h('div');
  const nik = field(nikQuestion(), ctx.query.get('nik') || '');
  const find = button(t('Cari warga'));

  const onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const list = checkAll([nik]);
    if (list.length) return showProblems(problems, list);
    const value = nik.value().replace(/\s+/g, '');
    find.disabled = true;
    try {
      const person = await api<Person>('POST', '/counter/people/lookup', { nik: value });
      keep<Served>('counter.person', { ...person, nik: value });
      go('/loket/warga');
    } catch (err) {
      find.disabled = false;
      const e2 = err as ApiError;
      if (e2.status === 404) {
        keep('counter.nik', value);
        go('/loket/daftar');
        return;
      }
      if (e2.code === 'session_expired') return signInAgain(ctx, e2.message);
      showProblems(problems, serverProblems(e2, [nik]));
    }
  };

  const title = t('Layani warga');
  ctx.mount(
    title,
    msg?.kind === 'saved' ? panel(t('Draf disimpan'), msg.message) : null,
    problems,
    ...heading(title, session()?.user.name),
    h('p', { class: 'body' }, t('Cari warga dengan NIK dari KTP-el yang ditunjukkan. Bila belum terdaftar, Anda dapat mendaftarkannya di sini.')),
    h('form', { novalidate: true, onsubmit: (e: Event) => void onSubmit(e) }, nik.el, find),
    h('h2', { class: 'heading-m' }, t('Permohonan di loket ini hari ini')),
    todays.length
      ? h(
          'ul',
          { class: 'card-list', 'data-counter-list': '' },
          todays.map((a) =>
            h(
              'li',
              { class: 'card', 'data-application': a.id },
              h('h3', { class: 'card__title' }, h('a', { href: hrefOf(a) }, a.permitName)),
              counterApplicant(a.id) ? h('p', { class: 'card__text' }, t('Atas nama {name}', { name: counterApplicant(a.id) as string })) : null,
              h('p', { class: 'card__status' }, tag(a.status, a.statusLabel)),
              h('p', { class: 'card__meta' }, `${t('Nomor')}: `, h('span', { class: 'mono' }, a.id), h('br'), `${t('Diajukan')}: ${dateTime(a.filedBy?.at || a.createdAt)}`),
            ),
          ),
        )
      : h('p', { class: 'body' }, t('Belum ada permohonan hari ini.')),
  );
}

export async function servedPerson(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx, ROLE)) return;
  const person = served();
  if (!person) return go('/loket', true);
  const msg = flash();
  const { permits } = await catalogue(ctx.signal);
  const problems = h('div');
  const permit = field(
    {
      id: 'permitId',
      type: 'select',
      required: true,
      label: t('Layanan yang diminta warga'),
      hint: t('Formulir yang sama dengan yang diisi warga secara daring.'),
      example: permits[0]?.name ?? '',
      options: permits.map((p) => ({ value: p.id, label: p.name })),
    },
    permits.length === 1 ? permits[0].id : '',
  );
  const start = button(t('Mulai isi formulir'));
  const contact = person.contact;
  const noContact = !contact?.email && !contact?.phone;

  const onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const list: Problem[] = checkAll([permit]);
    if (list.length) return showProblems(problems, list);
    start.disabled = true;
    try {
      const app = await api<Application>('POST', '/counter/applications', { personId: person.personId, permitId: permit.value() });
      remember(app.id, person.name);
      const def = await form(app.permitId).catch(() => null);
      const first = def?.pages[0]?.id;
      go(first ? `/loket/permohonan/${encodeURIComponent(app.id)}/isi/${encodeURIComponent(first)}` : `/loket/permohonan/${encodeURIComponent(app.id)}/lanjutkan`);
    } catch (err) {
      start.disabled = false;
      const e2 = err as ApiError;
      if (e2.code === 'session_expired') return signInAgain(ctx, e2.message);
      showProblems(problems, serverProblems(e2, [permit]));
    }
  };

  const title = person.name;
  ctx.mount(
    title,
    backLink('#/loket', t('Cari warga lain')),
    msg?.kind === 'registered' ? panel(t('Warga terdaftar'), msg.message) : null,
    problems,
    ...heading(title, t('Layani warga')),
    summaryList([
      { key: t('NIK'), value: h('span', { class: 'mono' }, person.nik) },
      { key: t('Tanggal lahir'), value: person.birthDate ? calendarDate(person.birthDate) : '' },
      {
        key: t('Akun PISAO'),
        value: person.hasAccount === false && !person.registeredHere ? t('Belum aktif (pendaftaran belum diverifikasi)') : t('Ada'),
      },
      { key: t('E-mail'), value: contact?.email ? h('span', { class: 'mono' }, contact.email) : h('span', { class: 'muted' }, t('Tidak ada')) },
      { key: t('Nomor HP'), value: contact?.phone ? h('span', { class: 'mono' }, contact.phone) : h('span', { class: 'muted' }, t('Tidak ada')) },
    ]),
    noContact ? inset(t('Warga ini tidak punya e-mail atau nomor HP di PISAO: pemberitahuan tentang permohonannya disimpan di kantor ini.')) : null,
    h('form', { novalidate: true, onsubmit: (e: Event) => void onSubmit(e) }, h('h2', { class: 'heading-m' }, t('Pilih layanan')), permit.el, start),
  );
}

export function registerWalkIn(ctx: Ctx): void {
  if (!staffGuard(ctx, ROLE)) return;
  const nikValue = kept<string>('counter.nik') || '';
  const problems = h('div');
  const fields = personQuestions(true).map((q) => field(q, q.id === 'nik' ? nikValue : ''));
  const submit = button(t('Daftarkan warga'));

  const onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const list = checkAll(fields);
    if (list.length) return showProblems(problems, list);
    const v = valuesOf(fields);
    const body: Record<string, string> = { nik: v.nik.replace(/\s+/g, ''), name: v.name, birthDate: v.birthDate, sex: v.sex };
    if (v.email) body.email = v.email;
    if (v.phone) body.phone = v.phone;
    submit.disabled = true;
    try {
      const person = await api<Person>('POST', '/counter/people', body);
      keep<Served>('counter.person', {
        personId: person.personId,
        name: person.name,
        nik: body.nik,
        birthDate: body.birthDate,
        hasAccount: false,
        registeredHere: true,
        contact: { email: body.email ?? null, phone: body.phone ?? null },
      });
      keep('counter.nik', null);
      flash({
        kind: 'registered',
        message: body.email || body.phone
          ? t('{name} sudah terdaftar. Ia dapat membuat kata sandi sendiri lewat “Lupa kata sandi” untuk memantau permohonannya.', { name: person.name })
          : t('{name} sudah terdaftar. Pemberitahuan untuknya disimpan di kantor ini.', { name: person.name }),
      });
      go('/loket/warga');
    } catch (err) {
      submit.disabled = false;
      const e2 = err as ApiError;
      if (e2.code === 'session_expired') return signInAgain(ctx, e2.message);
      showProblems(problems, serverProblems(e2, fields));
    }
  };

  const title = t('Daftarkan warga');
  ctx.mount(
    title,
    backLink('#/loket', t('Kembali')),
    problems,
    ...heading(title, t('Layani warga')),
    nikValue ? inset(t('NIK {nik} belum terdaftar di PISAO. Daftarkan warga ini dengan data dari KTP-el yang ditunjukkan.', { nik: nikValue })) : null,
    h('form', { novalidate: true, onsubmit: (e: Event) => void onSubmit(e) }, fields.map((f) => f.el), submit),
  );
}

export async function counterDone(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx, ROLE)) return;
  const app = await application(ctx.params.id, ctx.signal);
  const submitted = flash()?.kind === 'submitted';
  const who = counterApplicant(app.id);
  const person = served();
  const noContact = person && (!person.contact?.email && !person.contact?.phone) && person.name === who;
  const title = submitted ? t('Permohonan terkirim') : app.permitName;
  ctx.mount(
    title,
    backLink('#/loket', t('Layani warga')),
    submitted
      ? panel(t('Permohonan terkirim'), t('Nomor permohonan'), h('br'), h('strong', { class: 'mono', 'data-application-id': '' }, app.id))
      : null,
    ...heading(submitted ? app.permitName : title, who ? t('Atas nama {name}', { name: who }) : t('Layani warga')),
    summaryList([
      { key: t('Nomor permohonan'), value: h('span', { class: 'mono' }, app.id) },
      { key: t('Status'), value: tag(app.status, app.statusLabel) },
      app.submittedAt ? { key: t('Dikirim'), value: dateTime(app.submittedAt) } : { key: t('Dibuat'), value: dateTime(app.createdAt) },
    ]),
    app.status === 'draft'
      ? linkButton(t('Lanjutkan mengisi'), `#/loket/permohonan/${encodeURIComponent(app.id)}/lanjutkan`)
      : [
          h('p', { class: 'body' }, who
            ? t('{name} dapat melihat permohonan ini dan perkembangannya di akun PISAO-nya, di menu “Permohonan Saya”.', { name: who })
            : t('Warga dapat melihat permohonan ini dan perkembangannya di akun PISAO-nya, di menu “Permohonan Saya”.')),
          noContact ? h('p', { class: 'body' }, t('Warga ini tidak punya e-mail atau nomor HP: pemberitahuan disimpan di kantor ini.')) : null,
          h('p', { class: 'body' }, t('Berikan nomor permohonan ini kepada warga sebagai tanda terima.')),
        ],
    button(t('Layani warga berikutnya'), {
      type: 'button',
      onclick: () => {
        keep('counter.person', null);
        go('/loket');
      },
    }),
  );
}
