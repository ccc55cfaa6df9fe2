// "Ajukan": a new draft of a permit, opened where there is something to do. The same step goes on by itself
// after signing in (and after registering), so a person who came to apply is not sent elsewhere first.
// Who already holds a permit of this type that can be renewed, or has a draft of it, is taken back to the
// permit's page instead, where "Perpanjang" and "Lanjutkan draf" are offered: nothing is started for them.
import { api, type Application, type IssuedPermit } from '../api';
import { myPermits } from './renew';

/** The in-app route that starts an application of `permitId` (the `lanjut` of a sign-in). */
export const applyPath = (permitId: string): string => `/izin/${encodeURIComponent(permitId)}/ajukan`;

/** `/izin/x/ajukan` → "x"; anything else → null. */
export function applyTarget(path: string | null): string | null {
  const m = path ? /^\/izin\/([^/?#]+)\/ajukan$/.exec(path) : null;
  return m ? decodeURIComponent(m[1]) : null;
}

/** Start an application of `permitId`; the route to go to: its first page with something to do. `chosen`:
 * the person pressed "Ajukan" on the permit's page, having seen what it offers (renewal, their draft). */
export async function startApplication(permitId: string, signal?: AbortSignal, chosen = false): Promise<string> {
  const permitPage = `/izin/${encodeURIComponent(permitId)}`;
  const [held, mine]: [IssuedPermit[], Application[]] = chosen
    ? [[], []]
    : await Promise.all([
        myPermits(signal).catch(() => []),
        api<{ applications: Application[] }>('GET', '/applications', undefined, signal).then((r) => r.applications),
      ]);
  if (held.some((p) => p.permitId === permitId && p.renewal.allowed)) return permitPage;
  if (mine.some((a) => a.permitId === permitId && a.status === 'draft' && !a.renewalOf)) return permitPage;
  const app = await api<Application>('POST', '/applications', { permitId });
  return (await import('./form')).startAt(app, signal);
}
