import { h } from '../dom';
import { t } from '../i18n';
import { api, ApiError, isStaff, session, setSession, type Question, type Session, type User } from '../api';
import { heading, button, showProblems, notice, type Problem } from '../ui';
import { errorLine, setErrorOn } from '../fields';
import { flash, go, type Ctx } from '../router';

/** A route inside the app to return to after signing in (never another site). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/masuk') ? next : null;
}

export function signIn(ctx: Ctx, staff = false): void {
  const next = safeNext(ctx.query.get('lanjut'));
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
  const show = h('input', {
    type: 'checkbox',
    id: 'show-password',
    class: 'checkbox',
    onchange: () => (pass.type = show.checked ? 'text' : 'password'),
  });
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
          const r = await api<{ idToken: string; expiresIn: number; user: User }>('POST', '/auth/sessions', { username: u, password: p });
          const s: Session = { idToken: r.idToken, expiresAt: Date.now() + (r.expiresIn - 30) * 1000, user: r.user };
          setSession(s);
          go(next || (isStaff(s.user) ? '/petugas' : '/permohonan'));
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
    h('div', { class: 'checkboxes__item form-group' }, show, h('label', { for: 'show-password', class: 'label checkboxes__label' }, t('Tampilkan kata sandi'))),
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
      ? h('p', { class: 'body' }, t('Halaman ini untuk petugas instansi yang memeriksa permohonan.'))
      : h('p', { class: 'body' }, t('Masuk untuk mengajukan izin dan melihat permohonan Anda.')),
    form,
    staff ? null : h('p', { class: 'body' }, h('a', { href: '#/petugas' }, t('Masuk sebagai petugas'))),
  );
}
