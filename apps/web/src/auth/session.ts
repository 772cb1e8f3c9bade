import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { postAuth } from '../api/csrf';
import { queryClient, trpc } from '../api/trpc';
import { setActiveOrganization } from '../features/organizations/active';

/** Who is logged in, and every codename they hold (`auth.me`): the source of `can()`. */
export function useMe() {
  return useQuery({
    ...trpc.auth.me.queryOptions(),
    // A deactivated user's open page finds out at the next focus or within a minute.
    refetchOnWindowFocus: true,
    refetchInterval: 60_000,
  });
}

export type LoginResult = { ok: true } | { ok: false; message: string };

export async function logIn(username: string, password: string): Promise<LoginResult> {
  const res = await postAuth('/auth/login', { username, password });
  if (res.ok) {
    // Everything cached belonged to the previous user (or to nobody), and so did the organization
    // chosen in this browser: sent on, it would have them act in it, switcher or not.
    queryClient.clear();
    setActiveOrganization(null);
    return { ok: true };
  }
  if (res.status === 429) {
    const wait = res.headers.get('retry-after');
    return {
      ok: false,
      message: `Too many failed attempts. Try again in ${wait ? `${Math.ceil(Number(wait) / 60)} minutes` : 'a few minutes'}.`,
    };
  }
  if (res.status === 401) return { ok: false, message: 'Invalid username or password.' };
  return {
    ok: false,
    message: `Login failed (HTTP ${res.status}). Reload the page and try again.`,
  };
}

/** `everywhere`: end every session of this user (all devices), as after a lost laptop. */
export async function logOut(everywhere = false): Promise<void> {
  await postAuth(everywhere ? '/auth/logout-all' : '/auth/logout');
  if (everywhere) await postAuth('/auth/logout');
  queryClient.clear();
  setActiveOrganization(null);
}

/**
 * Log out (`everywhere`: on every device) and land on the login page, which says which it was;
 * `leaving` while it runs, so the button is not pressed twice.
 */
export function useLogOut(): { leaving: boolean; leave: (everywhere?: boolean) => Promise<void> } {
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  const leave = async (everywhere = false) => {
    setLeaving(true);
    try {
      await logOut(everywhere);
      const reason = everywhere ? 'logged-out-everywhere' : 'logged-out';
      await navigate({ to: '/login', search: { reason } });
    } finally {
      setLeaving(false);
    }
  };
  return { leaving, leave };
}
