// A database outage in an app of one's own (issue 24, #16): the built app under plain node, with
// DATABASE_URL pointing at a port where nothing listens, and no onError of its own. Whatever needs
// the database is answered 503 with Retry-After, as JSON (tRPC's envelope on /trpc), by the
// library; before, a request with a session or token got Hono's plain-text `Internal Server Error`.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

/** A port of 127.0.0.1 that nothing listens on (it was free a moment ago). */
const closedPort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const port = String(3990 + Math.floor(Math.random() * 9));
const base = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  PORT: port,
  DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/blog`,
};
const server = spawn('node', ['dist/server.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
server.stderr.on('data', (chunk) => {
  output += chunk;
});
await new Promise((resolve, reject) => {
  server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  server.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolve());
});

// Well-formed credentials, as a logged-in browser and a script send them: only the database can
// tell whether they are valid, and it cannot be reached.
const secret = () =>
  Array.from(randomBytes(24), (b) => 'abcdefghijkmnopqrstuvwxyz23456789'[b % 32]).join('');
const session = `${secret()}.${secret()}`;
const apiToken = `wdn_${secret()}.${secret()}`;
const message = 'the database is unavailable; try again shortly';

async function expectUnavailable(res, body) {
  const text = await res.text();
  assert.equal(res.status, 503, text);
  assert.equal(res.headers.get('retry-after'), '5');
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(JSON.parse(text), body);
}
const plain = { error: { code: 'SERVICE_UNAVAILABLE', message } };
const envelope = {
  error: { message, code: -32603, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 } },
};

try {
  // A session (the cookie of a logged-in browser): on the tRPC path and elsewhere.
  const cookie = { cookie: `session=${session}` };
  await expectUnavailable(await fetch(`${base}/trpc/posts.list`, { headers: cookie }), envelope);
  await expectUnavailable(await fetch(`${base}/auth/tokens`, { headers: cookie }), plain);
  // An API token.
  const bearer = { authorization: `Bearer ${apiToken}` };
  await expectUnavailable(await fetch(`${base}/trpc/posts.list`, { headers: bearer }), envelope);
  // A login: the CSRF token needs no database, the login does.
  const csrf = await fetch(`${base}/auth/csrf`);
  assert.equal(csrf.status, 200);
  const { token } = await csrf.json();
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: {
      origin: base,
      cookie: `csrftoken=${token}`,
      'x-csrftoken': token,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ username: 'alice', password: 'alice-password' }),
  });
  await expectUnavailable(login, plain);
  // Anonymous: refused without the database, as before.
  assert.equal((await fetch(`${base}/trpc/posts.list`)).status, 401);
  assert.doesNotMatch(output, /Internal Server Error/);
} finally {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}
console.log('outage: JSON 503 with Retry-After for sessions, tokens and logins; 401 anonymous');
