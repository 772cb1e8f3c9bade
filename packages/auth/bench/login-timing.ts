// Does a login with an unknown username cost what one with a known username (wrong password)
// costs? If not, response times tell an attacker which usernames exist. Prints medians and their
// ratio, measured interleaved in one run (these machines are noisy; the ratio is what counts).
import { applyMigrations, createGrants, defineModels, syncPermissions } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';
import { createDb } from '@warden/db';
import { Hono } from 'hono';
import { createAuth } from '../src/create-auth.js';
import type { AuthEnv } from '../src/middleware.js';
import { wardenMigrations } from '../src/migrations.js';
import { hashPassword } from '../src/passwords.js';

const ROUNDS = Number(process.env.ROUNDS ?? 60);

const handle = await createDb({
  schema: {},
  connection: { dataDir: 'memory' },
});
await applyMigrations(handle.db, wardenMigrations);
const registry = defineModels({ auth: { user, group, permission } });
await syncPermissions(handle.db, registry, { triggers: 'install' });
await createGrants({ db: handle.db, registry }).createUser({
  username: 'known',
  passwordHash: await hashPassword('right'),
});

// Throttling off (huge limits): we time password checking, not lockouts.
const auth = createAuth({
  db: handle.db,
  secure: false,
  throttle: { maxUsernameFailures: 1e9, maxAddressFailures: 1e9 },
});
const app = new Hono<AuthEnv>().use(auth.csrf).use(auth.authenticate).route('/auth', auth.routes);
const csrf = 'a'.repeat(32);
const attempt = async (username: string) => {
  const started = performance.now();
  const res = await app.request('http://localhost/auth/login', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost',
      cookie: `csrftoken=${csrf}`,
      'x-csrftoken': csrf,
    },
    body: JSON.stringify({ username, password: 'wrong' }),
  });
  if (res.status !== 401) throw new Error(`expected 401, got ${res.status}`);
  return performance.now() - started;
};

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
for (let i = 0; i < 5; i++) await Promise.all([attempt('known'), attempt(`nobody${i}`)]); // warm up
const known: number[] = [];
const unknown: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  known.push(await attempt('known'));
  unknown.push(await attempt(`nobody${i}`));
}
const k = median(known);
const u = median(unknown);
console.log(`login, wrong password, known username:   median ${k.toFixed(1)} ms (${ROUNDS} runs)`);
console.log(`login, unknown username:                 median ${u.toFixed(1)} ms (${ROUNDS} runs)`);
console.log(`ratio unknown/known: ${(u / k).toFixed(3)} (1.000 = indistinguishable)`);
await handle.close();
