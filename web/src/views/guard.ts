// Staff pages need a staff session with the right role: otherwise the staff sign-in, or an explanation.
import { h } from '../dom';
import { t } from '../i18n';
import { clearSession, hasRole, homeOf, isStaff, session } from '../api';
import { button, heading, linkButton } from '../ui';
import { render, type Ctx } from '../router';
import { signIn } from './signin';

const ROLE_NAMES: Record<string, string> = {
  counter: 'petugas loket',
  verifier: 'verifikator',
  approver: 'pemberi persetujuan',
  treasurer: 'bendahara',
  agency_admin: 'admin instansi',
  system_admin: 'admin sistem',
};

export function staffGuard(ctx: Ctx, roles: string[] = []): boolean {
  const s = session();
  if (!s) {
    signIn(ctx, true, ctx.path.split('?')[0]);
    return false;
  }
  if (!isStaff(s.user)) {
    const title = t('Khusus petugas');
    ctx.mount(
      title,
      ...heading(title),
      h('p', { class: 'body' }, t('Anda masuk sebagai warga ({name}). Halaman ini hanya untuk petugas instansi.', { name: s.user.name })),
      button(t('Keluar dan masuk sebagai petugas'), {
        type: 'button',
        onclick: () => {
          clearSession();
          void render();
        },
      }),
    );
    return false;
  }
  if (roles.length && !hasRole(s.user, ...roles)) {
    const title = t('Khusus petugas');
    ctx.mount(
      title,
      ...heading(title),
      h('p', { class: 'body' }, t('Halaman ini hanya untuk {roles}. Akun Anda tidak memiliki peran itu; hubungi admin instansi bila perlu.', {
        roles: roles.map((r) => t(ROLE_NAMES[r] || r)).join(' / '),
      })),
      linkButton(t('Kembali ke konsol petugas'), `#${homeOf(s.user)}`, 'button--secondary'),
    );
    return false;
  }
  return true;
}
