// The getting-started, run as an adopter would, from the built app under plain node: migrate, sync
// permissions, create users and grants with the `warden` CLI, then over real HTTP a login, a 200, a
// 403, a 401, and an object grant that lets one user change one post and not another.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { heldPermissions } from '@warden/authz/client';
import { browser } from './browser.mjs';

const port = String(3900 + Math.floor(Math.random() * 90));
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, PORT: port, PGLITE_DIR: '.data/smoke' };
rmSync('.data/smoke', { recursive: true, force: true });

const run = (cmd, args, extra = {}) =>
  execFileSync(cmd, args, { env: { ...env, ...extra }, encoding: 'utf8' }).trim();
const warden = (...args) => run('npx', ['--no-install', 'warden', ...args]);

// Warden's migrations (authz's tables, then auth's), then the app's own (drizzle-kit's, and the
// custom one with the cleanup triggers), then Django's steps. Counted loosely: a release of the
// library may bring migrations; what matters is that all of them apply, once.
assert.match(
  warden('migrate'),
  /__warden_authz_migrations: ([1-9]\d*) applied, \1 in all[\s\S]*__warden_auth_migrations: ([1-9]\d*) applied, \2 in all/,
);
assert.match(
  warden('migrate'),
  /__warden_authz_migrations: 0 applied[\s\S]*__warden_auth_migrations: 0 applied/,
);
run('node', ['dist/migrate.js']);
assert.match(warden('perms', 'sync'), /permissions created: 25/);
assert.doesNotMatch(warden('perms', 'sync'), /warning/); // the triggers came with the migrations
warden('createsuperuser', '--username', 'admin', '--password', 'admin-password');
warden('createuser', '--username', 'alice', '--password', 'alice-password');
warden('createuser', '--username', 'bob', '--password', 'bob-password');
warden('grant', 'user', 'alice', 'blog.view_post');
warden('grant', 'user', 'alice', 'blog.add_post');
warden('grant', 'user', 'bob', 'blog.view_post');
// Groups from the command line, as Django admin's: Readers may view posts, and carol is one.
warden('createuser', '--username', 'carol', '--password', 'carol-password');
assert.match(warden('creategroup', 'Readers'), /^group 'Readers' created/);
warden('grant', 'group', 'Readers', 'blog.view_post');
assert.equal(warden('addmember', 'carol', 'Readers'), "'carol' is a member of 'Readers'");
assert.match(warden('why', 'carol', 'blog.view_post'), /^yes: .*Readers/);
// Every procedure with its guard: what the permission manifest says, from the command line (and
// where a role or grant can pass it: within an organization, the posts' scope).
assert.match(
  warden('routes'),
  /^posts\.create +mutation +modelPermissions\(blog\.post, add\) +blog\.organization +blog\.add_post/m,
);
const bobToken = warden('createtoken', 'bob', '--name', 'smoke');
assert.match(bobToken, /^wdn_/);

async function withServer(fn) {
  const server = spawn('node', ['dist/server.js'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    server.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolve());
  });
  try {
    await fn();
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}

const mutation = (path, input) => ({ method: 'POST', json: input, path: `/trpc/${path}` });
const call = (client, { path, ...init }) => client(path, init);

await withServer(async () => {
  // 401: anonymous.
  const anonymous = await fetch(`${base}/trpc/posts.list`);
  assert.equal(anonymous.status, 401);

  // A login (CSRF token first, as the browser's page does), then 200s.
  const alice = browser(base);
  assert.equal((await alice('/auth/csrf')).status, 200);
  const login = await alice('/auth/login', {
    method: 'POST',
    json: { username: 'alice', password: 'alice-password' },
  });
  assert.equal(login.status, 200);
  for (const title of ['First post', 'Second post']) {
    const created = await call(alice, mutation('posts.create', { title, body: '…' }));
    assert.equal(created.status, 200, await created.clone().text());
  }
  const me = await (await alice('/trpc/me')).json();
  const held = heldPermissions(me.result.data.permissions);
  assert.ok(held.can('blog.add_post') && !held.can('blog.change_post'));
  const list = await alice('/trpc/posts.list');
  assert.equal(list.status, 200);
  assert.equal((await list.json()).result.data.length, 2);

  // 403: bob (an API token) may view posts, not add them, nor rename one without a grant.
  const asBob = { authorization: `Bearer ${bobToken}`, 'content-type': 'application/json' };
  const bobCall = (path, input) =>
    fetch(`${base}/trpc/${path}`, { method: 'POST', headers: asBob, body: JSON.stringify(input) });
  assert.equal((await bobCall('posts.create', { title: 'x', body: '' })).status, 403);
  assert.equal((await bobCall('posts.rename', { id: 1, title: 'Renamed' })).status, 403);
});

// One object grant (django-guardian's assign_perm), with the server stopped: PGlite has one writer.
assert.match(warden('grant', 'user', 'bob', 'blog.change_post', '--object', '1'), /on object 1/);

await withServer(async () => {
  const asBob = { authorization: `Bearer ${bobToken}`, 'content-type': 'application/json' };
  const rename = (id) =>
    fetch(`${base}/trpc/posts.rename`, {
      method: 'POST',
      headers: asBob,
      body: JSON.stringify({ id, title: `Renamed ${id}` }),
    });
  assert.equal((await rename(1)).status, 200);
  assert.equal((await rename(2)).status, 403);
});

assert.match(warden('why', 'bob', 'blog.change_post', '1'), /^yes: /);
assert.match(warden('why', 'bob', 'blog.change_post', '2'), /^no: /);
rmSync('.data/smoke', { recursive: true, force: true });
console.log('smoke: 401, login, 200, 403, object grant 200/403 — all as expected');
