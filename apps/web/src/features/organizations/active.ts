import { useSyncExternalStore } from 'react';

// The organization the user acts in, chosen in the header's switcher and kept in this browser
// (localStorage) until someone logs in or out here: every request names it (`x-warden-scope`), so
// the server answers model-level checks, `auth.me`'s permissions and creates for it. Naming one
// grants nothing by itself.

const KEY = 'warden:organization';
const listeners = new Set<() => void>();

/** The active organization's id, or null for none (global grants only). */
export function activeOrganization(): number | null {
  const stored = globalThis.localStorage?.getItem(KEY) ?? null;
  const id = stored === null ? Number.NaN : Number(stored);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function setActiveOrganization(id: number | null): void {
  if (id === null) globalThis.localStorage?.removeItem(KEY);
  else globalThis.localStorage?.setItem(KEY, String(id));
  for (const listener of listeners) listener();
}

/** The request header naming it, or none. */
export function activeOrganizationHeader(): Record<string, string> {
  const id = activeOrganization();
  return id === null ? {} : { 'x-warden-scope': `orgs.organization:${id}` };
}

/** The active organization, re-rendering when the switcher changes it. */
export function useActiveOrganization(): number | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    activeOrganization,
    () => null,
  );
}
