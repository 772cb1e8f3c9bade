import { EnvError } from '@warden/db';
import { LOOPBACK_HOSTS } from './allowed-hosts.js';
import type { ServerEnv } from './env.js';

type SeedEnv = Pick<ServerEnv, 'NODE_ENV' | 'PUBLIC_URL' | 'ALLOWED_HOSTS' | 'SEED_DEMO'>;

/** A name only this machine reaches: the loopback names, `*.localhost` (RFC 6761), 127.0.0.0/8. */
function isLoopback(host: string): boolean {
  const name = host.replace(/^\./, '');
  return (
    LOOPBACK_HOSTS.includes(name) || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name)
  );
}

/** The hosts PUBLIC_URL and ALLOWED_HOSTS name that other machines may reach (a LAN counts). */
export function publicHostsOf(env: Pick<ServerEnv, 'PUBLIC_URL' | 'ALLOWED_HOSTS'>): string[] {
  const named = [...(env.ALLOWED_HOSTS ?? [])];
  if (env.PUBLIC_URL !== undefined) named.push(new URL(env.PUBLIC_URL).hostname);
  return [...new Set(named.filter((host) => !isLoopback(host)))];
}

/**
 * Whether the first start on an empty database creates the demo users, and what to warn about.
 * The demo's passwords are in the README, so `admin` / `admin-demo-pw` on a server others can reach
 * is an open door; it used to happen silently whenever NODE_ENV was forgotten. So a server that is
 * told of a public host (PUBLIC_URL, ALLOWED_HOSTS) seeds only when asked (`SEED_DEMO=1`), and says
 * why it did not, or that it did; production never seeds (`manage seed-demo` does it on purpose).
 * Outside production the cookies are not `Secure` either, which a public host deserves to hear.
 */
export function demoSeeding(env: SeedEnv): { seed: boolean; warnings: string[] } {
  if (env.NODE_ENV === 'production') {
    if (env.SEED_DEMO === '1') {
      throw new EnvError([
        "SEED_DEMO: the demo users' published passwords are never created in production; run 'manage seed-demo' on purpose (got \"1\")",
      ]);
    }
    return { seed: false, warnings: [] };
  }
  if (env.SEED_DEMO === '0') return { seed: false, warnings: [] };
  const hosts = publicHostsOf(env);
  if (hosts.length === 0) return { seed: true, warnings: [] };
  const named = hosts.join(', ');
  const cookies = `WARNING: ${named} is a public host, but NODE_ENV is ${env.NODE_ENV}: cookies are not Secure and have no __Host- prefix; set NODE_ENV=production for a server others reach`;
  if (env.SEED_DEMO === '1') {
    return {
      seed: true,
      warnings: [
        `WARNING: SEED_DEMO=1: an empty database gets the demo users with their published passwords (admin / admin-demo-pw) on a public host (${named})`,
        cookies,
      ],
    };
  }
  return {
    seed: false,
    warnings: [
      `demo data not created: PUBLIC_URL / ALLOWED_HOSTS name a public host (${named}), and the demo users' passwords are published; set SEED_DEMO=1 to create them anyway`,
      cookies,
    ],
  };
}
