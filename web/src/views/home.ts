import { h } from '../dom';
import { t } from '../i18n';
import { catalogue, session } from '../api';
import { rupiah } from '../format';
import { heading, inset } from '../ui';
import type { Ctx } from '../router';

export async function home(ctx: Ctx): Promise<void> {
  const permits = await catalogue(ctx.signal);
  const s = session();
  const title = t('Ajukan izin secara daring');
  ctx.mount(
    t('Beranda'),
    ...heading(title),
    h('p', { class: 'lead' }, t('Pilih izin atau surat yang Anda perlukan. Isi formulir, unggah dokumen, lalu pantau prosesnya dari rumah, tanpa antre di kantor.')),
    s
      ? null
      : inset(
          t('Untuk mengajukan, Anda perlu masuk dengan NIK (nomor KTP-el) atau nomor paspor. '),
          h('a', { href: '#/masuk' }, t('Masuk')),
        ),
    h('h2', { class: 'heading-m' }, t('Daftar izin dan surat')),
    permits.length
      ? h(
          'ul',
          { class: 'card-list' },
          permits.map((p) =>
            h(
              'li',
              { class: 'card' },
              h('h3', { class: 'card__title' }, h('a', { href: `#/izin/${encodeURIComponent(p.id)}` }, p.name)),
              h('p', { class: 'card__text' }, p.description),
              h(
                'p',
                { class: 'card__meta' },
                `${p.agency.name} · ${t('Biaya')}: ${rupiah(p.feeRupiah)} · ${t('Perkiraan selesai: {n} hari kerja', { n: p.slaDays })}`,
              ),
            ),
          ),
        )
      : h('p', { class: 'body' }, t('Belum ada izin yang dapat diajukan secara daring.')),
  );
}
