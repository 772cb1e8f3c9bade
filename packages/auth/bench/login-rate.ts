// Logins per second per core, and login throttling under a burst (issue 9, target 6). In-process
// through the real Hono app on an in-memory PGlite: what is measured is the app's own work (one
// argon2id verification per login, the throttle's upsert, the session's insert), not a socket.
// `node --conditions=@warden/source --import tsx bench/login-rate.ts` (SECONDS=5, BURST=200).
import { availableParallelism } from 'node:os';
import { applyMigrations, createGrants, defineModels, syncPermissions } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';
import { createDb } from '@warden/db';
import { Hono } from 'hono';
import { createAuth } from '../src/create-auth.js';
import type { AuthEnv } from '../src/middleware.js';
import { wardenMigrations } from '../src/migrations.js';
import { hashPassword } from '../src/passwords.js';

const SECONDS = Number(process.env.SECONDS ?? 5);
const BURST = Number(process.env.BURST ?? 200);

const handle = await createDb({
  schema: {},
  connection: { dataDir: 'memory' },
});
await applyMigrations(handle.db, wardenMigrations);
const registry = defineModels({ auth: { user, group, permission } });
await syncPermissions(handle.db, registry, { triggers: 'install' });
const grants = createGrants({ db: handle.db, registry });
const passwordHash = await hashPassword('correct horse');
for (const username of ['ann', 'victim']) await grants.createUser({ username, passwordHash });

const appWith = (limits: { maxUsernameFailures: number; maxAddressFailures: number }) => {
  const auth = createAuth({
    db: handle.db,
    secure: false,
    throttle: limits,
    clientAddress: (c) => c.req.header('x-bench-address') ?? '198.51.100.1',
  });
  return new Hono<AuthEnv>().use(auth.csrf).use(auth.authenticate).route('/auth', auth.routes);
};
const csrf = 'a'.repeat(32);
const login = (app: Hono<AuthEnv>, username: string, password: string, address?: string) =>
  app.request('http://localhost/auth/login', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost',
      cookie: `csrftoken=${csrf}`,
      'x-csrftoken': csrf,
      ...(address === undefined ? {} : { 'x-bench-address': address }),
    },
    body: JSON.stringify({ username, password }),
  });

// 1. Successful logins, back to back (one at a time: one core's worth), then one per core at once.
const open = appWith({ maxUsernameFailures: 1e9, maxAddressFailures: 1e9 });
const rate = async (parallel: number) => {
  const until = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < until) {
        const res = await login(open, 'ann', 'correct horse');
        if (res.status !== 200) throw new Error(`login answered ${res.status}`);
        done++;
      }
    }),
  );
  return done / SECONDS;
};
await rate(1); // warm-up (argon2, prepared statements)
const one = await rate(1);
const cores = availableParallelism();
const all = await rate(cores);

// 2. A burst of wrong passwords: for one username (limit 5), and from one address across many
// usernames (limit 20). Every attempt is counted before it is verified, so exactly the limit is.
const guarded = appWith({ maxUsernameFailures: 5, maxAddressFailures: 20 });
const burst = async (attempt: (i: number) => Response | Promise<Response>) => {
  const started = performance.now();
  const codes = await Promise.all(
    Array.from({ length: BURST }, async (_, i) => (await attempt(i)).status),
  );
  const count = (code: number) => codes.filter((c) => c === code).length;
  return { verified: count(401), refused: count(429), ms: performance.now() - started };
};
const oneUser = await burst((i) => login(guarded, 'victim', `guess${i}`, `203.0.113.${i % 250}`));
const oneAddress = await burst((i) => login(guarded, `user${i}`, 'guess', '192.0.2.7'));

console.log(`logins per second (argon2id verify + session), ${SECONDS} s each, PGlite in memory`);
console.log(
  `| one at a time | ${cores} at once (cores) |\n|--:|--:|\n| ${one.toFixed(1)}/s | ${all.toFixed(1)}/s |`,
);
console.log(`\nburst of ${BURST} wrong passwords, all at once`);
console.log('| burst | verified (401) | refused unverified (429) | time |\n|---|--:|--:|--:|');
console.log(
  `| one username, ${BURST} addresses | ${oneUser.verified} | ${oneUser.refused} | ${oneUser.ms.toFixed(0)} ms |`,
);
console.log(
  `| one address, ${BURST} usernames | ${oneAddress.verified} | ${oneAddress.refused} | ${oneAddress.ms.toFixed(0)} ms |`,
);
await handle.close();
