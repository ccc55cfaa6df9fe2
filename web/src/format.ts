import { lang, t } from './i18n';

// Indonesia's three time zones. A citizen whose device is set to one of them sees times there;
// anyone else (a device on UTC, a citizen abroad) sees WIB, the zone of the central government.
const ZONES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

function zone(): string {
  try {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz in ZONES) return tz;
  } catch {
    /* ignore */
  }
  return 'Asia/Jakarta';
}

const locale = (): string => (lang() === 'en' ? 'en-GB' : 'id-ID');

/** "28 November 2026 pukul 11.00 WIB" */
export function dateTime(iso: string | null | undefined, seconds = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const tz = zone();
  const text = new Intl.DateTimeFormat(locale(), {
    timeZone: tz,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: seconds ? '2-digit' : undefined,
    hourCycle: 'h23',
  }).format(d);
  return `${text} ${ZONES[tz]}`;
}

/** A calendar date answer (YYYY-MM-DD) has no zone: "1 Januari 1990". */
export function calendarDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', dateStyle: 'long' }).format(d);
}

/** "Rp30.000": whole rupiah, dots between thousands, no space (as Indonesian writes it, in either language). */
export function rupiah(amount: number): string {
  if (!amount) return t('Gratis');
  return `Rp${String(Math.round(amount)).replace(/\B(?=(\d{3})+$)/g, '.')}`;
}

/** A catalogue entry's fee in words: "Gratis", "Rp30.000", "Dihitung oleh instansi" (the basis says how),
 * or, for a fee in tiers, that it depends on the answers (the basis lists the tiers). */
export function fee(p: { feeRupiah: number | null; feeRule: string }): string {
  if (p.feeRule === 'computed' || p.feeRupiah === null) return t('Dihitung oleh instansi');
  if (p.feeRule === 'tiered') return t('Tergantung jawaban Anda');
  return rupiah(p.feeRupiah);
}

export function bytes(n: number): string {
  return n >= 1048576 ? `${Math.round(n / 104857.6) / 10} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** "14.05" (Indonesian) or "14:05" (English): a time of day in the citizen's zone, for "Tersimpan pukul …". */
export function clock(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone(), hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')}${lang() === 'en' ? ':' : '.'}${part('minute')}`;
}
