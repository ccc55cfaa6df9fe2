// Signing in: NIK (or staff username) and password, then whatever the API asks next. Staff prove an
// authenticator app (TOTP) every time, enrolling one at their first sign-in; a staff account made by an
// administrator first replaces its temporary password. Citizens are signed in at once.
import { h } from '../dom';
import { t } from '../i18n';
import { api, ApiError, homeOf, session, startSession, type Challenge, type Question, type SignInStep } from '../api';
import { heading, button, showProblems, notice, type Problem } from '../ui';
import { checkAll, errorLine, field, serverProblems, setErrorOn, type Field } from '../fields';
import { flash, go, safeNext, withNext, type Ctx } from '../router';
import { applyTarget, startApplication } from './apply';

// The step in progress: held in memory only (a reload starts the sign-in again; the ticket lives 5 minutes).
let pending: (Challenge & { next: string | null; staff: boolean }) | null = null;

const CHALLENGE_ROUTE: Record<Challenge['challenge'], string> = {
  NEW_PASSWORD: '/masuk/kata-sandi-baru',
  TOTP_SETUP: '/masuk/pasang-autentikator',
  TOTP: '/masuk/kode-autentikator',
};

/** After a sign-in step: the next challenge's page, or signed in and on to where the person was going. */
function proceed(step: SignInStep, next: string | null, staff: boolean): void {
  if ('challenge' in step) {
    pending = { ...step, next, staff };
    go(CHALLENGE_ROUTE[step.challenge]);
    return;
  }
  pending = null;
  const s = startSession(step);
  // Came to apply ("Ajukan" before signing in): the application is started now, not asked for again.
  const applying = staff ? null : applyTarget(next);
  if (!applying) return go(next || homeOf(s.user));
  void startApplication(applying).then(go, () => go(`/izin/${encodeURIComponent(applying)}`));
}

/** `back`: where to return after signing in when this form stands in for a page that needs a session. */
export function signIn(ctx: Ctx, staff = false, back: string | null = null): void {
  const next = safeNext(ctx.query.get('lanjut')) || safeNext(back);
  const msg = flash();
  const title = staff ? t('Masuk sebagai petugas') : t('Masuk');
  const problems = h('div');

  const userId = 'username';
  const passId = 'password';
  const userQ: Question = {
    id: userId,
    type: 'text',
    label: staff ? t('Nama pengguna petugas') : t('NIK atau nomor paspor'),
    hint: staff ? t('Nama pengguna yang diberikan oleh instansi Anda.') : t('NIK adalah 16 angka di KTP-el Anda.'),
    example: staff ? 'verifikator.kelurahan' : '3201234567890001',
  };
  const passQ: Question = { id: passId, type: 'text', label: t('Kata sandi') };
  const user = h('input', {
    class: 'input input--w20',
    id: userId,
    name: 'username',
    type: 'text',
    autocomplete: 'username',
    spellcheck: 'false',
    'aria-describedby': `${userId}-hint ${userId}-example`,
  });
  const pass = h('input', {
    class: 'input input--w20',
    id: passId,
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
  });
  const userGroup = h(
    'div',
    { class: 'form-group' },
    h('label', { class: 'label', for: userId }, userQ.label),
    h('div', { class: 'hint', id: `${userId}-hint` }, userQ.hint),
    h('div', { class: 'example', id: `${userId}-example` }, h('span', { class: 'example__label' }, t('Contoh pengisian:')), ' ', userQ.example),
    errorLine(userId),
    user,
  );
  const passGroup = h('div', { class: 'form-group' }, h('label', { class: 'label', for: passId }, passQ.label), errorLine(passId), pass);
  const submit = button(t('Masuk'));

  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const errs: Problem[] = [];
        const u = user.value.trim();
        const p = pass.value;
        const uErr = u ? null : staff ? t('Isi nama pengguna Anda.') : t('Isi NIK atau nomor paspor Anda.');
        const pErr = p ? null : t('Isi kata sandi Anda.');
        setErrorOn(userGroup, userId, [user], userQ, uErr);
        setErrorOn(passGroup, passId, [pass], passQ, pErr);
        if (uErr) errs.push({ target: userId, message: uErr });
        if (pErr) errs.push({ target: passId, message: pErr });
        if (errs.length) return showProblems(problems, errs);
        submit.disabled = true;
        submit.textContent = t('Sedang masuk…');
        try {
          const step = await api<SignInStep>('POST', '/auth/sessions', { username: u, password: p }, undefined, true);
          proceed(step, next, staff);
        } catch (err) {
          submit.disabled = false;
          submit.textContent = t('Masuk');
          const e2 = err as ApiError;
          if (e2.fields?.length) {
            const list = e2.fields.map((f) => ({ target: f.field === 'password' ? passId : userId, message: f.message }));
            showProblems(problems, list);
          } else {
            showProblems(problems, [{ target: userId, message: e2.message }]);
          }
        }
      },
    },
    userGroup,
    passGroup,
    showPassword(pass),
    submit,
  );

  const already = session();
  ctx.mount(
    title,
    problems,
    msg?.message ? notice(msg.message) : null,
    ...heading(title),
    already ? h('p', { class: 'body' }, t('Anda sudah masuk sebagai {name}. Masuk lagi untuk berganti akun.', { name: already.user.name })) : null,
    staff
      ? h('p', { class: 'body' }, t('Halaman ini untuk petugas instansi: loket, verifikator dan admin.'))
      : h('p', { class: 'body' }, t('Masuk untuk mengajukan izin dan melihat permohonan Anda.')),
    form,
    h('p', { class: 'body' }, h('a', { href: '#/lupa-sandi' }, t('Lupa kata sandi?'))),
    staff
      ? null
      : [
          h('p', { class: 'body' }, t('Belum punya akun? '), h('a', { href: `#${withNext('/daftar', next)}` }, t('Daftar'))),
          h('p', { class: 'body' }, h('a', { href: '#/petugas' }, t('Masuk sebagai petugas'))),
        ],
  );
}

/** "Tampilkan kata sandi": GOV.UK asks for a password once and lets people see what they typed. */
export function showPassword(...inputs: HTMLInputElement[]): HTMLElement {
  const id = `show-${inputs[0].id}`;
  const box = h('input', {
    type: 'checkbox',
    id,
    class: 'checkbox',
    onchange: () => inputs.forEach((i) => (i.type = box.checked ? 'text' : 'password')),
  });
  return h('div', { class: 'checkboxes__item form-group' }, box, h('label', { for: id, class: 'label checkboxes__label' }, t('Tampilkan kata sandi')));
}

/** The 6-digit code of an authenticator app (or of a message): digits only, spaces ignored. */
export function codeQuestion(label: string, hint: string): Question {
  return { id: 'code', type: 'text', label, hint, example: '482913', input: 'numeric', autocomplete: 'one-time-code', maxLength: 7, required: true };
}
export const codeValue = (f: Field): string => f.value().replace(/\s+/g, '');

/** A challenge page needs the step in progress; without it (reload, old link) start again. */
function current(_ctx: Ctx, want: Challenge['challenge']): (Challenge & { next: string | null; staff: boolean }) | null {
  if (pending?.challenge === want) return pending;
  flash({ kind: 'signin', message: t('Silakan masuk kembali dari awal.') });
  go(pending?.staff === false ? '/masuk' : '/petugas', true);
  return null;
}

/** Send the answer to a challenge; shows the server's problems on the page, or goes on. */
function answerer(step: Challenge & { next: string | null; staff: boolean }, fields: Field[], problems: HTMLElement, submit: HTMLButtonElement, body: () => Record<string, string>) {
  return async (): Promise<void> => {
    submit.disabled = true;
    try {
      const r = await api<SignInStep>('POST', '/auth/sessions/challenge', { ticket: step.ticket, ...body() }, undefined, true);
      proceed(r, step.next, step.staff);
    } catch (err) {
      submit.disabled = false;
      const e = err as ApiError;
      if (e.status === 401) {
        // The ticket expired or was used up: start again, with the reason.
        pending = null;
        flash({ kind: 'signin', message: e.message });
        go(step.staff ? '/petugas' : '/masuk');
        return;
      }
      showProblems(problems, serverProblems(e, fields));
    }
  };
}

export function newPassword(ctx: Ctx): void {
  const step = current(ctx, 'NEW_PASSWORD');
  if (!step) return;
  const problems = h('div');
  const pw = field(
    {
      id: 'newPassword',
      type: 'text',
      input: 'password',
      autocomplete: 'new-password',
      required: true,
      label: t('Kata sandi baru'),
      hint: t('Paling sedikit 10 karakter, memuat huruf besar, huruf kecil dan angka. Jangan pakai kata sandi sementara dari e-mail.'),
      example: 'MelatiPutih2026',
    },
    '',
  );
  const input = pw.el.querySelector('input') as HTMLInputElement;
  const submit = button(t('Simpan kata sandi'));
  const send = answerer(step, [pw], problems, submit, () => ({ newPassword: input.value }));
  const title = t('Buat kata sandi baru');
  ctx.mount(
    title,
    problems,
    ...heading(title, step.staff ? t('Masuk sebagai petugas') : null),
    h('p', { class: 'body' }, t('Anda masuk dengan kata sandi sementara. Buat kata sandi baru yang hanya Anda ketahui.')),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          const list = checkAll([pw]);
          if (list.length) return showProblems(problems, list);
          void send();
        },
      },
      pw.el,
      showPassword(input),
      submit,
    ),
  );
}

function checkCode(f: Field, message: string): Problem[] {
  const v = codeValue(f);
  const m = /^[0-9]{6}$/.test(v) ? null : message;
  f.setError(m);
  return m ? [{ target: f.target, message: m }] : [];
}

/** "ABCD EFGH IJKL": a base32 key is easier to type in groups of four. */
const grouped = (secret: string): string => secret.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');

/** The otpauth URI as an SVG QR code; the encoder is a lazy chunk, loaded only on the pages that draw one. */
const qrCode = async (uri: string): Promise<SVGSVGElement> => (await import('../qr/qrcode')).qrSvg(uri, t('Kode QR untuk aplikasi autentikator'));

export function totpSetup(ctx: Ctx): void {
  const step = current(ctx, 'TOTP_SETUP');
  if (!step) return;
  const problems = h('div');
  const code = field(codeQuestion(t('Kode dari aplikasi autentikator'), t('6 angka yang tampil di aplikasi setelah akun PISAO ditambahkan. Kode berganti setiap 30 detik.')), '');
  const submit = button(t('Lanjutkan'));
  const send = answerer(step, [code], problems, submit, () => ({ code: codeValue(code) }));
  const qrSlot = h('div', { class: 'qr-slot' });
  if (step.otpauthUri) {
    qrCode(step.otpauthUri)
      .then((svg) => qrSlot.append(svg))
      .catch(() => qrSlot.append(h('p', { class: 'muted' }, t('Kode QR tidak dapat ditampilkan. Ketik kunci di bawah ini.'))));
  }
  const title = t('Pasang aplikasi autentikator');
  ctx.mount(
    title,
    problems,
    ...heading(title, step.staff ? t('Masuk sebagai petugas') : null),
    h('p', { class: 'body' }, t('Untuk melindungi data warga, petugas masuk dengan kata sandi dan kode dari aplikasi autentikator di ponsel, misalnya Google Authenticator, Microsoft Authenticator atau FreeOTP.')),
    h(
      'ol',
      { class: 'list list--number steps' },
      h('li', null, t('Buka aplikasi autentikator di ponsel Anda, lalu pilih tambah akun.')),
      h(
        'li',
        null,
        t('Pindai kode QR ini:'),
        qrSlot,
        t('Tidak bisa memindai? Ketik kunci ini di aplikasi (jenis: berbasis waktu):'),
        h('p', { class: 'secret' }, h('code', { id: 'totp-secret', class: 'mono' }, grouped(step.secret || ''))),
      ),
      h('li', null, t('Isi kode 6 angka yang tampil di aplikasi.')),
    ),
    codeForm(code, problems, submit, send),
  );
}

/** The authenticator code's form: checked in the browser first, then sent. */
function codeForm(code: Field, problems: HTMLElement, submit: HTMLButtonElement, send: () => Promise<void>): HTMLElement {
  return h(
    'form',
    {
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const list = checkCode(code, t('Isi 6 angka yang tampil di aplikasi autentikator Anda.'));
        if (list.length) return showProblems(problems, list);
        void send();
      },
    },
    code.el,
    submit,
  );
}

export function totp(ctx: Ctx): void {
  const step = current(ctx, 'TOTP');
  if (!step) return;
  const problems = h('div');
  const code = field(codeQuestion(t('Kode dari aplikasi autentikator'), t('Buka aplikasi autentikator di ponsel Anda dan isi 6 angka untuk PISAO. Kode berganti setiap 30 detik.')), '');
  const submit = button(t('Masuk'));
  const send = answerer(step, [code], problems, submit, () => ({ code: codeValue(code) }));
  const title = t('Masukkan kode autentikator');
  ctx.mount(
    title,
    problems,
    ...heading(title, step.staff ? t('Masuk sebagai petugas') : null),
    codeForm(code, problems, submit, send),
    h('p', { class: 'body' }, t('Ponsel Anda hilang atau diganti? Hubungi admin instansi Anda untuk memasang ulang autentikator.')),
  );
}
