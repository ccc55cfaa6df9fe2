import './styles.css';
import { h, replace } from './dom';
import { lang, setLang, storedLang, t } from './i18n';
import { clearSession, dropCaches, hasRole, homeOf, isStaff, session } from './api';
import { currentPath, go, render, route, start, withNext, type Ctx } from './router';
import { home } from './views/home';
import { newPassword, signIn, totp, totpSetup } from './views/signin';
import { forgotPassword, register, registerForeigner, resetPassword, verifyRegistration } from './views/account';
import { contactCodePage, contactPage, profilePage } from './views/profile';
import { counterDone, counterHome, registerWalkIn, servedPerson } from './views/counter';
import { applyPage, permitPage } from './views/permit';
import { myPermitsPage } from './views/permits';
import { deleteDraft, myApplications, statusPage } from './views/status';

// The form pages, with the form engine and json-logic-js, are a chunk of their own, loaded when needed.
type FormView = 'questionPage' | 'checkAnswers' | 'resume';
const formView = (name: FormView) => async (ctx: Ctx): Promise<void> => (await import('./views/form'))[name](ctx);
// The staff console too: citizens never load it.
type StaffView = 'tasks' | 'staffApplication' | 'measuresPage' | 'auditPage' | 'queuesPage' | 'treasuryPage' | 'staffList' | 'addStaff' | 'catalogueWorklist';
const staffView = (name: StaffView) => async (ctx: Ctx): Promise<void> => (await import('./views/staff'))[name](ctx);

route('/', home);
route('/masuk', (ctx) => signIn(ctx));
route('/masuk/kata-sandi-baru', newPassword);
route('/masuk/pasang-autentikator', totpSetup);
route('/masuk/kode-autentikator', totp);
route('/daftar', (ctx) => register(ctx));
route('/daftar/wna', registerForeigner);
route('/daftar/verifikasi', verifyRegistration);
route('/lupa-sandi', forgotPassword);
route('/lupa-sandi/kode', resetPassword);
route('/profil', profilePage);
route('/profil/kontak/:channel', contactPage);
route('/profil/kontak/:channel/kode', contactCodePage);
route('/izin/:permitId', permitPage);
route('/izin/:permitId/ajukan', applyPage);
route('/izin-saya', myPermitsPage);
route('/permohonan', myApplications);
route('/permohonan/:id', statusPage);
route('/permohonan/:id/isi/:pageId', formView('questionPage'));
route('/permohonan/:id/periksa', formView('checkAnswers'));
route('/permohonan/:id/lanjutkan', formView('resume'));
route('/permohonan/:id/hapus', deleteDraft);
route('/petugas', staffView('tasks'));
route('/petugas/permohonan/:id', staffView('staffApplication'));
route('/petugas/kinerja', staffView('measuresPage'));
route('/petugas/audit', staffView('auditPage'));
route('/petugas/audit/:id', staffView('auditPage'));
route('/petugas/antrean', staffView('queuesPage'));
route('/petugas/kas', staffView('treasuryPage'));
route('/petugas/staf', staffView('staffList'));
route('/petugas/staf/tambah', staffView('addStaff'));
route('/petugas/katalog', staffView('catalogueWorklist'));
route('/loket', counterHome);
route('/loket/warga', servedPerson);
route('/loket/daftar', registerWalkIn);
route('/loket/permohonan/:id', counterDone);
route('/loket/permohonan/:id/isi/:pageId', formView('questionPage'));
route('/loket/permohonan/:id/periksa', formView('checkAnswers'));
route('/loket/permohonan/:id/lanjutkan', formView('resume'));

const header = document.getElementById('header') as HTMLElement;
const footer = document.getElementById('footer') as HTMLElement;
const main = document.getElementById('main') as HTMLElement;

function navLink(href: string, text: string): HTMLElement {
  const path = currentPath().split('?')[0];
  const target = href.slice(1);
  const active = target === '/' ? path === '/' : path === target || path.startsWith(`${target}/`);
  return h('li', { class: 'nav__item' }, h('a', { class: 'nav__link', href, 'aria-current': active ? 'page' : null }, text));
}

function drawChrome(): void {
  const s = session();
  const staff = isStaff(s?.user);
  const other = lang() === 'en' ? 'id' : 'en';
  const links = [
    staff ? null : navLink('#/', t('Beranda')),
    s && !staff ? navLink('#/permohonan', t('Permohonan Saya')) : null,
    s && !staff ? navLink('#/izin-saya', t('Izin Saya')) : null,
    s && !staff ? navLink('#/profil', t('Profil')) : null,
    staff && hasRole(s?.user, 'counter') ? navLink('#/loket', t('Layani warga')) : null,
    staff && hasRole(s?.user, 'verifier', 'approver') ? navLink('#/petugas', t('Daftar tugas')) : null,
    staff && hasRole(s?.user, 'verifier', 'approver', 'agency_admin', 'system_admin') ? navLink('#/petugas/kinerja', t('Kinerja layanan')) : null,
    staff && hasRole(s?.user, 'agency_admin', 'system_admin') ? navLink('#/petugas/staf', t('Petugas')) : null,
    staff && hasRole(s?.user, 'agency_admin', 'system_admin') ? navLink('#/petugas/katalog', t('Data katalog')) : null,
    staff && hasRole(s?.user, 'agency_admin', 'system_admin') ? navLink('#/petugas/audit', t('Jejak audit')) : null,
    staff && hasRole(s?.user, 'system_admin') ? navLink('#/petugas/antrean', t('Antrean transaksi')) : null,
    staff && hasRole(s?.user, 'treasurer') ? navLink('#/petugas/kas', t('Kas Daerah')) : null,
    s
      ? h('li', { class: 'nav__item' },
          h('button', {
            type: 'button',
            class: 'nav__link nav__button',
            onclick: () => {
              clearSession();
              go(staff ? '/petugas' : '/');
              drawChrome();
            },
          }, t('Keluar')))
      : navLink(`#${withNext('/masuk', currentPath())}`, t('Masuk')), // and back here afterwards
    h('li', { class: 'nav__item' },
      h('button', {
        type: 'button',
        class: 'nav__link nav__button',
        lang: other,
        onclick: async () => {
          try {
            await setLang(other);
          } catch {
            return; // the English table could not load (offline): stay in Indonesian
          }
          dropCaches(); // catalogue and forms come translated from the API
          void render();
        },
      }, other === 'en' ? 'English' : 'Bahasa Indonesia')),
  ];
  replace(
    header,
    h('div', { class: 'container header__inner' },
      h('a', { class: 'header__brand', href: staff ? `#${homeOf(s?.user)}` : '#/' },
        h('span', { class: 'header__logo' }, 'PISAO'),
        h('span', { class: 'header__service' }, staff ? t('Konsol petugas') : t('Pengurusan Izin Satu Atap Online'))),
      h('nav', { class: 'nav', 'aria-label': t('Menu utama') },
        h('ul', { class: 'nav__list' }, links)),
      s ? h('p', { class: 'header__user' }, t('Masuk sebagai {name}', { name: s.user.name })) : null),
  );
  replace(
    footer,
    h('div', { class: 'container' },
      h('ul', { class: 'footer__links' },
        h('li', null, h('a', { href: '#/' }, t('Daftar izin'))),
        h('li', null, h('a', { href: '#/petugas' }, t('Untuk petugas')))),
      h('p', null, t('PISAO – Pengurusan Izin Satu Atap Online. Data Anda disimpan di pusat data di Indonesia.'))),
  );
  const skip = document.getElementById('skip-link');
  if (skip) skip.textContent = t('Langsung ke konten utama');
}

// The skip link must not change the route: move focus instead.
document.getElementById('skip-link')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

// Never a blank page: anything unexpected still leaves a message and a way on.
function fatal(): void {
  if (main.querySelector('h1')) return;
  replace(
    main,
    h('h1', { class: 'heading-l' }, t('Maaf, terjadi masalah')),
    h('p', { class: 'body' }, t('Terjadi kesalahan yang tidak terduga. Muat ulang halaman, lalu coba lagi.')),
    h('a', { href: '#/', class: 'button' }, t('Ke beranda')),
  );
}
window.addEventListener('error', fatal);
window.addEventListener('unhandledrejection', fatal);

const initial = storedLang();
(initial === 'en' ? setLang('en').catch(() => undefined) : Promise.resolve()).then(() => start(main, drawChrome));
