// The citizen's profile: the KTP-el data (read-only), contacts (changed through a code sent to the new
// address), the address picked from Kemendagri regions, KK number, language and notification channels.
import { h } from '../dom';
import { t } from '../i18n';
import { api, ApiError, regions, type Address, type CodeSent, type Profile, type Question, type Region } from '../api';
import { calendarDate } from '../format';
import { backLink, button, heading, panel, showProblems, summaryList, tag } from '../ui';
import { checkboxes, errorLine, extras, field, fieldId, serverProblems, setErrorOn, type Field } from '../fields';
import { flash, go, type Ctx } from '../router';
import { keep, kept } from '../keep';
import { codeQuestion, codeValue } from './signin';

const LEVELS = ['province', 'regency', 'district', 'village'] as const;
type Level = (typeof LEVELS)[number];

interface RegionField extends Field {
  select: HTMLSelectElement;
  fill: (list: Region[], value?: string) => void;
}

/** One <select> of the region picker, as a form group with its label, example and inline error. */
function regionSelect(level: Level, labelText: string, example: string): RegionField {
  const q: Question = { id: `address.${level}`, type: 'select', label: labelText, example, required: true };
  const id = fieldId(q.id);
  const select = h('select', { class: 'select', id, name: q.id, 'aria-describedby': `${id}-example`, disabled: true });
  const group = h(
    'div',
    { class: 'form-group', 'data-question': q.id, 'data-type': 'region' },
    h('label', { class: 'label', for: id }, labelText),
    ...extras(id, q),
    errorLine(id),
    select,
  );
  const fill = (list: Region[], value = ''): void => {
    select.replaceChildren(
      h('option', { value: '' }, list.length ? t('Pilih {label}', { label: labelText.toLowerCase() }) : '—'),
      ...list.map((r) => h('option', { value: r.code }, r.name)),
    );
    select.value = value;
    select.disabled = !list.length;
  };
  fill([]);
  return { q, el: group, target: id, select, fill, value: () => select.value, setError: (m) => setErrorOn(group, id, [select], q, m) };
}

/** Province → regency/city → district → village: each filled when its parent is chosen, the lower ones reset. */
function regionPicker(signal: AbortSignal, address: Address | null): { el: HTMLElement; fields: RegionField[]; ready: Promise<void> } {
  const fields = [
    regionSelect('province', t('Provinsi'), 'Daerah Khusus Ibukota Jakarta'),
    regionSelect('regency', t('Kabupaten/kota'), 'Kota Administrasi Jakarta Pusat'),
    regionSelect('district', t('Kecamatan'), 'Gambir'),
    regionSelect('village', t('Kelurahan/desa'), 'Cideng'),
  ];
  const loading = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const turn = [0, 0, 0, 0];
  const load = async (i: number, parent: string, value = ''): Promise<void> => {
    const mine = ++turn[i];
    for (let j = i; j < fields.length; j++) fields[j].fill([]);
    if (i > 0 && !parent) return;
    loading.textContent = t('Memuat…');
    try {
      const list = await regions(parent, signal);
      if (mine !== turn[i]) return; // a newer choice is on its way
      fields[i].fill(list, value);
      loading.textContent = '';
    } catch (err) {
      if ((err as ApiError).code === 'aborted') return;
      fields[i].setError((err as ApiError).message);
      loading.textContent = '';
    }
  };
  fields.forEach((f, i) => {
    if (i + 1 < fields.length) {
      f.select.addEventListener('change', () => {
        f.setError(null);
        void load(i + 1, f.select.value);
      });
    } else f.select.addEventListener('change', () => f.setError(null));
  });
  const ready = (async () => {
    await load(0, '', address?.province ?? '');
    if (!address) return;
    // An address already kept: open every level at once, with its choice selected.
    await Promise.all(LEVELS.slice(1).map((level, k) => load(k + 1, address[LEVELS[k]], address[level])));
  })();
  const el = h(
    'fieldset',
    { class: 'fieldset region-picker', 'aria-describedby': 'region-hint' },
    h('legend', { class: 'fieldset__legend' }, t('Wilayah tempat tinggal')),
    h('div', { class: 'hint', id: 'region-hint' }, t('Pilih dari atas ke bawah: provinsi dulu, lalu kabupaten/kota, kecamatan, dan kelurahan/desa.')),
    loading,
    fields.map((f) => f.el),
  );
  return { el, fields, ready };
}

const SEX: Record<string, string> = { L: 'Laki-laki', P: 'Perempuan' };

function contactValue(value: string | null, verified: boolean): (Node | string)[] {
  if (!value) return [h('span', { class: 'muted' }, t('Belum diisi'))];
  return [h('span', { class: 'mono' }, value), ' ', verified ? tag('issued', t('Terverifikasi')) : tag('draft', t('Belum diverifikasi'))];
}

export async function profilePage(ctx: Ctx): Promise<void> {
  const p = await api<Profile>('GET', '/me/profile', undefined, ctx.signal);
  const msg = flash();
  const problems = h('div');
  const picker = regionPicker(ctx.signal, p.address);
  const a = p.address;
  const street = field({ id: 'address.street', type: 'text', label: t('Nama jalan dan nomor rumah'), hint: t('Termasuk nama gedung, blok atau gang bila ada.'), example: 'Jl. Kebon Sirih No. 12', maxLength: 200, autocomplete: 'address-line1' }, a?.street ?? '');
  const rt = field({ id: 'address.rt', type: 'text', input: 'numeric', label: t('RT'), hint: t('1–3 angka.'), example: '003', maxLength: 3 }, a?.rt ?? '');
  const rw = field({ id: 'address.rw', type: 'text', input: 'numeric', label: t('RW'), hint: t('1–3 angka.'), example: '005', maxLength: 3 }, a?.rw ?? '');
  const postal = field({ id: 'address.postalCode', type: 'text', input: 'numeric', label: t('Kode pos'), hint: t('5 angka.'), example: '10110', maxLength: 5, autocomplete: 'postal-code' }, a?.postalCode ?? '');
  const kk = field(
    { id: 'kk', type: 'text', input: 'numeric', required: false, label: t('Nomor Kartu Keluarga (KK)'), hint: t('16 angka di bagian atas Kartu Keluarga.'), example: '3171010101090001', maxLength: 16 },
    p.kk ?? '',
  );
  const birthPlace = field(
    { id: 'birthPlace', type: 'text', required: false, label: t('Tempat lahir'), hint: t('Kota atau kabupaten, seperti di KTP-el. Formulir yang menanyakannya terisi dari sini.'), example: 'Bandung', maxLength: 60 },
    p.birthPlace ?? '',
  );
  const language = field(
    {
      id: 'language',
      type: 'select',
      label: t('Bahasa pemberitahuan'),
      hint: t('Bahasa e-mail dan SMS yang kami kirim kepada Anda.'),
      example: 'Bahasa Indonesia',
      options: [
        { value: 'id', label: 'Bahasa Indonesia' },
        { value: 'en', label: 'English' },
      ],
    },
    p.language,
  );
  const channelOptions = [
    p.email && p.emailVerified ? { value: 'email', label: t('E-mail ({to})', { to: p.email }) } : null,
    p.phone && p.phoneVerified ? { value: 'sms', label: t('SMS ({to})', { to: p.phone }) } : null,
    { value: 'office', label: t('Disimpan di kantor pelayanan (diambil saat datang)') },
  ].filter(Boolean) as { value: string; label: string }[];
  const channels = checkboxes(
    {
      id: 'channels',
      type: 'select',
      label: t('Kirim pemberitahuan lewat'),
      hint: t('Pilih paling sedikit satu. E-mail dan SMS dapat dipilih setelah diverifikasi.'),
      example: t('E-mail'),
      options: channelOptions,
    },
    p.channels,
  );
  const fields: Field[] = [...picker.fields, street, rt, rw, postal, kk, birthPlace, language, channels];
  const save = button(t('Simpan'));

  const onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const codes = picker.fields.map((f) => f.value());
    const addressGiven = codes.some(Boolean) || [street, rt, rw, postal].some((f) => f.value());
    const body: Record<string, unknown> = { kk: kk.value().replace(/\s+/g, ''), birthPlace: birthPlace.value().trim(), language: language.value() || 'id' };
    const chosen = channels.value();
    if (chosen) body.channels = chosen.split(',');
    else {
      const m = t('Pilih paling sedikit satu saluran pemberitahuan.');
      channels.setError(m);
      return showProblems(problems, [{ target: channels.target, message: m }]);
    }
    if (addressGiven) {
      body.address = {
        province: codes[0],
        regency: codes[1],
        district: codes[2],
        village: codes[3],
        street: street.value(),
        rt: rt.value(),
        rw: rw.value(),
        postalCode: postal.value(),
      };
    }
    save.disabled = true;
    try {
      await api<Profile>('PUT', '/me/profile', body);
      flash({ kind: 'saved', message: t('Profil Anda sudah disimpan.') });
      go('/profil');
    } catch (err) {
      save.disabled = false;
      const e2 = err as ApiError;
      if (e2.code === 'session_expired') throw e2;
      showProblems(problems, serverProblems(e2, fields));
    }
  };

  const title = t('Profil Saya');
  await picker.ready;
  ctx.mount(
    title,
    msg?.message ? panel(msg.kind === 'contact' ? t('Kontak diperbarui') : t('Profil disimpan'), msg.message) : null,
    problems,
    ...heading(title),
    h('h2', { class: 'heading-m' }, t('Data sesuai KTP-el')),
    summaryList([
      { key: t('NIK'), value: h('span', { class: 'mono' }, p.nik) },
      { key: t('Nama lengkap'), value: p.name },
      { key: t('Tanggal lahir'), value: p.birthDate ? calendarDate(p.birthDate) : '' },
      { key: t('Jenis kelamin'), value: p.sex ? t(SEX[p.sex]) : '' },
    ]),
    h('p', { class: 'body muted' }, t('Data ini sesuai KTP-el dan tidak dapat diubah di sini. Bila ada yang salah, hubungi kantor Disdukcapil.')),
    h('h2', { class: 'heading-m' }, t('Kontak')),
    summaryList([
      {
        key: t('E-mail'),
        value: contactValue(p.email, p.emailVerified),
        action: h('a', { href: '#/profil/kontak/email' }, t('Ubah'), h('span', { class: 'visually-hidden' }, ` ${t('e-mail')}`)),
      },
      {
        key: t('Nomor HP'),
        value: contactValue(p.phone, p.phoneVerified),
        action: h('a', { href: '#/profil/kontak/hp' }, t('Ubah'), h('span', { class: 'visually-hidden' }, ` ${t('nomor HP')}`)),
      },
    ]),
    h(
      'form',
      { novalidate: true, onsubmit: (e: Event) => void onSubmit(e) },
      h('h2', { class: 'heading-m' }, t('Alamat domisili')),
      p.addressNames
        ? h('p', { class: 'body', 'data-address': '' }, t('Tersimpan: {street}, {village}, {district}, {regency}, {province}.', {
            street: a?.street ?? '',
            village: p.addressNames.village,
            district: p.addressNames.district,
            regency: p.addressNames.regency,
            province: p.addressNames.province,
          }))
        : null,
      picker.el,
      street.el,
      h('div', { class: 'form-row' }, rt.el, rw.el),
      postal.el,
      h('h2', { class: 'heading-m' }, t('Data keluarga dan pemberitahuan')),
      kk.el,
      birthPlace.el,
      language.el,
      channels.el,
      save,
    ),
  );
}

const CHANNELS: Record<string, { api: 'email' | 'sms'; title: string }> = {
  email: { api: 'email', title: 'Ubah alamat e-mail' },
  hp: { api: 'sms', title: 'Ubah nomor HP' },
};

interface ContactChange extends CodeSent {
  route: string;
}

export function contactPage(ctx: Ctx): void {
  const which = CHANNELS[ctx.params.channel];
  if (!which) return go('/profil', true);
  const problems = h('div');
  const value = field(
    which.api === 'email'
      ? { id: 'value', type: 'text', input: 'email', autocomplete: 'email', required: true, label: t('Alamat e-mail baru'), hint: t('Kami mengirim kode verifikasi ke alamat ini.'), example: 'siti.aminah@contoh.id' }
      : { id: 'value', type: 'text', input: 'tel', autocomplete: 'tel', required: true, label: t('Nomor HP baru'), hint: t('Kami mengirim kode verifikasi lewat SMS ke nomor ini.'), example: '0812 3456 7890' },
    '',
  );
  const submit = button(t('Kirim kode'));
  const title = t(which.title);
  ctx.mount(
    title,
    backLink('#/profil', t('Kembali ke profil')),
    problems,
    ...heading(title, t('Profil Saya')),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          if (!value.value()) {
            const m = t('{label} wajib diisi.', { label: value.q.label });
            value.setError(m);
            return showProblems(problems, [{ target: value.target, message: m }]);
          }
          submit.disabled = true;
          try {
            const sent = await api<CodeSent>('POST', '/me/contact', { channel: which.api, value: value.value() });
            keep<ContactChange>('contact', { ...sent, channel: which.api, route: ctx.params.channel });
            go(`/profil/kontak/${ctx.params.channel}/kode`);
          } catch (err) {
            submit.disabled = false;
            const e2 = err as ApiError;
            if (e2.code === 'session_expired') throw e2;
            showProblems(problems, serverProblems(e2, [value]));
          }
        },
      },
      value.el,
      submit,
    ),
  );
}

export function contactCodePage(ctx: Ctx): void {
  const change = kept<ContactChange>('contact');
  if (!change || change.route !== ctx.params.channel) return go(`/profil/kontak/${ctx.params.channel}`, true);
  const problems = h('div');
  const code = field(codeQuestion(t('Kode verifikasi'), t('6 angka dari pesan yang kami kirim. Kode berlaku 10 menit.')), '');
  const submit = button(t('Verifikasi'));
  const title = t('Masukkan kode verifikasi');
  ctx.mount(
    title,
    backLink(`#/profil/kontak/${ctx.params.channel}`, t('Kembali')),
    problems,
    ...heading(title, t(CHANNELS[ctx.params.channel]?.title ?? 'Profil Saya')),
    h('p', { class: 'body' }, t('Kami mengirim kode verifikasi ke {to}.', { to: change.sentTo })),
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
            await api<Profile>('POST', '/me/contact/verify', { channel: change.channel, code: v });
            keep('contact', null);
            flash({ kind: 'contact', message: change.channel === 'email' ? t('Alamat e-mail Anda sudah diperbarui.') : t('Nomor HP Anda sudah diperbarui.') });
            go('/profil');
          } catch (err) {
            submit.disabled = false;
            const e2 = err as ApiError;
            if (e2.code === 'session_expired') throw e2;
            showProblems(problems, serverProblems(e2, [code]));
          }
        },
      },
      code.el,
      submit,
    ),
  );
}
