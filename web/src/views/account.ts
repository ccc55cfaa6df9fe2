// A citizen's own account: registering with the NIK (verified by a code sent by e-mail or SMS), and a
// forgotten password (a code to a verified contact, then a new password).
import { h } from '../dom';
import { t } from '../i18n';
import { api, ApiError, type CodeSent, type Question } from '../api';
import { backLink, button, heading, notice, showProblems, type Problem } from '../ui';
import { checkAll, field, serverProblems, type Field } from '../fields';
import { flash, go, safeNext, withNext, type Ctx } from '../router';
import { keep, kept } from '../keep';
import { codeQuestion, codeValue, showPassword } from './signin';

interface Pending extends CodeSent {
  nik: string;
  at: number; // when the last code was sent (ms)
  next?: string | null; // where the person was going before registering
}

const RESEND_AFTER = 60; // seconds, as the API allows

export const nikQuestion = (): Question => ({
  id: 'nik',
  type: 'text',
  input: 'numeric',
  required: true,
  label: t('NIK'),
  hint: t('Nomor Induk Kependudukan: 16 angka di KTP-el atau Kartu Keluarga.'),
  example: '3171014101900001',
});

/** The person's data as on the KTP-el: shared by self-registration and registering at the counter. */
export function personQuestions(atCounter: boolean): Question[] {
  return [
    nikQuestion(),
    {
      id: 'name',
      type: 'text',
      required: true,
      autocomplete: atCounter ? 'off' : 'name',
      label: t('Nama lengkap sesuai KTP-el'),
      hint: t('Tulis persis seperti di KTP-el, tanpa gelar.'),
      example: 'Siti Aminah',
      maxLength: 100,
    },
    {
      id: 'birthDate',
      type: 'date',
      required: true,
      autocomplete: atCounter ? 'off' : 'bday',
      label: t('Tanggal lahir'),
      hint: t('Sesuai KTP-el.'),
      example: '17/08/1990',
    },
    {
      id: 'sex',
      type: 'select',
      required: true,
      label: t('Jenis kelamin'),
      hint: t('Sesuai KTP-el.'),
      example: t('Perempuan'),
      options: [
        { value: 'L', label: t('Laki-laki') },
        { value: 'P', label: t('Perempuan') },
      ],
    },
    {
      id: 'email',
      type: 'text',
      input: 'email',
      autocomplete: atCounter ? 'off' : 'email',
      required: atCounter ? false : undefined,
      label: t('Alamat e-mail'),
      hint: atCounter
        ? t('Bila warga punya e-mail. Tanpa e-mail dan nomor HP, pemberitahuan dikirim ke kantor ini.')
        : t('Isi e-mail atau nomor HP, paling sedikit salah satu. Kode verifikasi dikirim ke sana (ke e-mail bila keduanya diisi).'),
      example: 'siti.aminah@contoh.id',
      maxLength: 254,
    },
    {
      id: 'phone',
      type: 'text',
      input: 'tel',
      autocomplete: atCounter ? 'off' : 'tel',
      required: atCounter ? false : undefined,
      label: t('Nomor HP'),
      hint: t('Nomor ponsel yang aktif dan dapat menerima SMS.'),
      example: '0812 3456 7890',
      maxLength: 20,
    },
  ];
}

export const passwordQuestion = (id: string, labelText: string): Question => ({
  id,
  type: 'text',
  input: 'password',
  autocomplete: 'new-password',
  required: true,
  label: labelText,
  hint: t('Paling sedikit 10 karakter, memuat huruf besar, huruf kecil dan angka.'),
  example: 'MelatiPutih2026',
});

export const valuesOf = (fields: Field[]): Record<string, string> =>
  Object.fromEntries(fields.map((f) => [f.q.id, f.q.input === 'password' ? (f.el.querySelector('input') as HTMLInputElement).value : f.value()]));

/** A foreigner (WNA) registers with passport number and nationality instead of a NIK. */
function passportQuestions(countries: { code: string; name: string }[]): Question[] {
  return [
    {
      id: 'passportNumber',
      type: 'text',
      required: true,
      autocomplete: 'off',
      label: t('Nomor paspor'),
      hint: t('Huruf dan angka seperti di halaman data paspor.'),
      example: 'A12345678',
      maxLength: 12,
    },
    {
      id: 'nationality',
      type: 'select',
      required: true,
      label: t('Kewarganegaraan'),
      hint: t('Negara yang menerbitkan paspor Anda.'),
      example: t('Malaysia'),
      options: countries.map((c) => ({ value: c.code, label: c.name })),
    },
  ];
}

export async function registerForeigner(ctx: Ctx): Promise<void> {
  const { countries } = await api<{ countries: { code: string; name: string }[] }>('GET', '/countries', undefined, ctx.signal, true);
  register(ctx, countries);
}

export function register(ctx: Ctx, countries?: { code: string; name: string }[]): void {
  const foreigner = countries !== undefined;
  const problems = h('div');
  const person = personQuestions(false).filter((q) => !foreigner || q.id !== 'nik');
  const questions = foreigner ? [...passportQuestions(countries), ...person] : person;
  const fields = [...questions, passwordQuestion('password', t('Kata sandi'))].map((q) => field(q, ''));
  const pass = fields[fields.length - 1].el.querySelector('input') as HTMLInputElement;
  const submit = button(t('Daftar'));
  const title = foreigner ? t('Daftar sebagai warga negara asing') : t('Daftar akun PISAO');
  ctx.mount(
    title,
    backLink(`#${withNext('/masuk', ctx.query.get('lanjut'))}`, t('Kembali ke halaman masuk')),
    problems,
    ...heading(title),
    h('p', { class: 'body' }, foreigner
      ? t('Untuk pemegang paspor asing. Anda masuk dengan kode negara dan nomor paspor, misalnya MYS-A12345678.')
      : t('Satu akun untuk semua layanan izin. Anda perlu KTP-el dan e-mail atau nomor HP yang aktif.')),
    foreigner ? null : h('p', { class: 'body' }, t('Warga negara asing? '), h('a', { href: `#${withNext('/daftar/wna', ctx.query.get('lanjut'))}` }, t('Daftar dengan paspor'))),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const v = valuesOf(fields);
          const list: Problem[] = checkAll(fields);
          if (!v.email && !v.phone) {
            const m = t('Isi e-mail atau nomor HP, untuk mengirim kode verifikasi.');
            fields.find((f) => f.q.id === 'email')?.setError(m);
            list.push({ target: 'q-email', message: m });
          }
          if (list.length) return showProblems(problems, list);
          submit.disabled = true;
          try {
            const body: Record<string, string> = { name: v.name, birthDate: v.birthDate, sex: v.sex, password: v.password };
            if (foreigner) Object.assign(body, { idType: 'passport', passportNumber: v.passportNumber, nationality: v.nationality });
            else body.nik = v.nik; // as typed: the server reads spaces, dots and other digits (identity/nik.py)
            if (v.email) body.email = v.email;
            if (v.phone) body.phone = v.phone;
            const sent = await api<CodeSent & { username: string }>('POST', '/auth/registrations', body, undefined, true);
            keep<Pending>('registration', { ...sent, nik: sent.username, at: Date.now(), next: safeNext(ctx.query.get('lanjut')) });
            go('/daftar/verifikasi');
          } catch (err) {
            submit.disabled = false;
            showProblems(problems, serverProblems(err as ApiError, fields));
          }
        },
      },
      fields.map((f) => f.el),
      showPassword(pass),
      submit,
    ),
    h('p', { class: 'body' }, t('Sudah punya akun? '), h('a', { href: `#${withNext('/masuk', ctx.query.get('lanjut'))}` }, t('Masuk'))),
  );
}

export function verifyRegistration(ctx: Ctx): void {
  let pending = kept<Pending>('registration');
  if (!pending) {
    go('/daftar', true);
    return;
  }
  const problems = h('div');
  const code = field(codeQuestion(t('Kode verifikasi'), t('6 angka dari pesan yang kami kirim. Kode berlaku 10 menit.')), '');
  const submit = button(t('Verifikasi'));
  const sentLine = h('p', { class: 'body', id: 'code-sent' });
  const showSent = (): void => {
    sentLine.textContent = t('Kami mengirim kode verifikasi ke {to}. Periksa juga folder spam.', { to: (pending as Pending).sentTo });
  };
  showSent();
  const resent = h('div', { 'aria-live': 'polite' });
  const resend = button(t('Kirim ulang kode'), { type: 'button', class: 'button button--secondary' });
  let timer = 0;
  const tick = (): void => {
    const left = Math.ceil(RESEND_AFTER - (Date.now() - (pending as Pending).at) / 1000);
    resend.disabled = left > 0;
    resend.textContent = left > 0 ? t('Kirim ulang kode ({n} detik)', { n: left }) : t('Kirim ulang kode');
    if (left <= 0) clearInterval(timer);
  };
  const countdown = (): void => {
    clearInterval(timer);
    tick();
    timer = window.setInterval(tick, 1000);
  };
  ctx.onLeave(() => clearInterval(timer));
  resend.addEventListener('click', async () => {
    resend.disabled = true;
    try {
      const sent = await api<CodeSent>('POST', '/auth/registrations/code', { nik: (pending as Pending).nik }, undefined, true);
      pending = { ...(pending as Pending), ...sent, at: Date.now() };
      keep('registration', pending);
      showSent();
      resent.replaceChildren(notice(t('Kode baru sudah dikirim ke {to}. Kode yang lama tidak berlaku lagi.', { to: sent.sentTo })));
      showProblems(problems, []);
    } catch (err) {
      showProblems(problems, [{ message: (err as ApiError).message }]);
    }
    countdown();
  });
  countdown();

  const title = t('Masukkan kode verifikasi');
  ctx.mount(
    title,
    backLink('#/daftar', t('Kembali')),
    problems,
    ...heading(title, t('Daftar akun PISAO')),
    sentLine,
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const v = codeValue(code);
          const m = /^[0-9]{6}$/.test(v) ? null : t('Isi 6 angka dari pesan yang kami kirim.');
          code.setError(m);
          if (m) return showProblems(problems, [{ target: code.target, message: m }]);
          submit.disabled = true;
          try {
            const r = await api<{ verified: boolean; message: string }>('POST', '/auth/registrations/verify', { nik: (pending as Pending).nik, code: v }, undefined, true);
            keep('registration', null);
            const username = (pending as Pending).nik;
            const login = /^[0-9]{16}$/.test(username) ? '' : ' ' + t('Nama pengguna Anda: {u}.', { u: username });
            flash({ kind: 'signin', message: (r.message || t('Akun Anda aktif. Silakan masuk.')) + login });
            go(withNext('/masuk', (pending as Pending).next)); // then on to where the person was going
          } catch (err) {
            submit.disabled = false;
            showProblems(problems, serverProblems(err as ApiError, [code]));
          }
        },
      },
      code.el,
      submit,
    ),
    h('h2', { class: 'heading-s' }, t('Belum menerima kode?')),
    resent,
    resend,
  );
}

interface Reset {
  username: string;
  message: string;
}

export function forgotPassword(ctx: Ctx): void {
  const problems = h('div');
  const user = field(
    {
      id: 'username',
      type: 'text',
      required: true,
      autocomplete: 'username',
      label: t('NIK, nomor paspor atau nama pengguna petugas'),
      hint: t('Kami mengirim kode ke e-mail atau nomor HP yang sudah diverifikasi di akun Anda.'),
      example: '3171014101900001',
    },
    '',
  );
  const submit = button(t('Kirim kode'));
  const title = t('Lupa kata sandi');
  ctx.mount(
    title,
    backLink('#/masuk', t('Kembali ke halaman masuk')),
    problems,
    ...heading(title),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const list = checkAll([user]);
          if (list.length) return showProblems(problems, list);
          submit.disabled = true;
          try {
            const r = await api<{ message: string }>('POST', '/auth/password-resets', { username: user.value() }, undefined, true);
            keep<Reset>('reset', { username: user.value(), message: r.message });
            go('/lupa-sandi/kode');
          } catch (err) {
            submit.disabled = false;
            showProblems(problems, serverProblems(err as ApiError, [user]));
          }
        },
      },
      user.el,
      submit,
    ),
    h('p', { class: 'body' }, t('Tidak punya e-mail atau nomor HP yang terverifikasi? Datanglah ke loket pelayanan dengan KTP-el.')),
  );
}

export function resetPassword(ctx: Ctx): void {
  const reset = kept<Reset>('reset');
  if (!reset) {
    go('/lupa-sandi', true);
    return;
  }
  const problems = h('div');
  const fields = [
    field(codeQuestion(t('Kode dari pesan kami'), t('6 angka dari e-mail atau SMS yang kami kirim. Kode berlaku 10 menit.')), ''),
    field(passwordQuestion('password', t('Kata sandi baru')), ''),
  ];
  const pass = fields[1].el.querySelector('input') as HTMLInputElement;
  const submit = button(t('Simpan kata sandi baru'));
  const title = t('Buat kata sandi baru');
  ctx.mount(
    title,
    backLink('#/lupa-sandi', t('Kembali')),
    problems,
    notice(reset.message),
    ...heading(title, t('Lupa kata sandi')),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const list = checkAll(fields);
          const c = codeValue(fields[0]);
          if (!list.length && !/^[0-9]{6}$/.test(c)) {
            const m = t('Isi 6 angka dari pesan yang kami kirim.');
            fields[0].setError(m);
            list.push({ target: fields[0].target, message: m });
          }
          if (list.length) return showProblems(problems, list);
          submit.disabled = true;
          try {
            const r = await api<{ message: string }>('POST', '/auth/password-resets/confirm', { username: reset.username, code: c, password: pass.value }, undefined, true);
            keep('reset', null);
            flash({ kind: 'signin', message: r.message });
            go('/masuk');
          } catch (err) {
            submit.disabled = false;
            showProblems(problems, serverProblems(err as ApiError, fields));
          }
        },
      },
      fields.map((f) => f.el),
      showPassword(pass),
      submit,
    ),
  );
}
