// The getting-started's "Organizations" section, run as an adopter would, from the built app under
// plain node: two organizations and their posts, a role (a group) given to a member within one
// organization with the `warden` CLI, then over real HTTP what the member sees and may do, with and
// without naming the organization they act in (x-warden-scope), and a malformed one as a 400.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { heldPermissions } from '@warden/authz/client';

const dir = '.data/organizations';
const env = { ...process.env, PORT: '0', PGLITE_DIR: dir };
rmSync(dir, { recursive: true, force: true });

const run = (cmd, args) => execFileSync(cmd, args, { env, encoding: 'utf8' }).trim();
const warden = (...args) => run('npx', ['--no-install', 'warden', ...args]);

warden('migrate');
run('node', ['dist/migrate.js']);
// 25: the registry's 21 of the smoke test, and the organization's view/add/change/delete.
assert.match(warden('perms', 'sync'), /permissions created: 25/);
warden('createsuperuser', '--username', 'admin', '--password', 'admin-password');
const adminToken = warden('createtoken', 'admin', '--name', 'setup');
// Two roles, each a group with its grants: what a member holds in their organization.
warden('creategroup', 'Authors');
for (const codename of ['blog.view_post', 'blog.add_post', 'blog.change_post'])
  warden('grant', 'group', 'Authors', codename);
warden('creategroup', 'Readers');
warden('grant', 'group', 'Readers', 'blog.view_post');
warden('createuser', '--username', 'dave', '--password', 'dave-password');
warden('createuser', '--username', 'erin', '--password', 'erin-password');
const daveToken = warden('createtoken', 'dave', '--name', 'test');
const erinToken = warden('createtoken', 'erin', '--name', 'test');

/** Runs the built server while `fn(base)` runs, on a free port; stops it as a manager would. */
async function withServer(fn) {
  const server = spawn('node', ['dist/server.js'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    server.stdout.on('data', (chunk) => {
      const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(String(chunk))?.[1];
      if (url !== undefined) resolve(url);
    });
  });
  try {
    await fn(base);
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}

/**
 * A client with an API token (no CSRF: not a cookie), acting in `scope` (the header's value) when
 * one is given. Answers `{ status, data }`, data being tRPC's result or its error.
 */
const client = (base, token) => {
  const call = async (path, init, scope) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (scope !== undefined) headers['x-warden-scope'] = scope;
    const res = await fetch(`${base}/trpc/${path}`, { ...init, headers });
    const body = await res.json();
    return { status: res.status, data: body.result?.data ?? body.error };
  };
  return {
    query: (path, scope) => call(path, {}, scope),
    mutate: (path, input, scope) =>
      call(path, { method: 'POST', body: JSON.stringify(input) }, scope),
  };
};
const acme = 'blog.organization:1';
const globex = 'blog.organization:2';
const titles = (answer) => answer.data.map((p) => p.title);

// The organizations and their posts: the superuser's (blog.add_organization, and add everywhere).
await withServer(async (base) => {
  const admin = client(base, adminToken);
  for (const name of ['Acme', 'Globex']) {
    const created = await admin.mutate('organizations.create', { name });
    assert.equal(created.status, 200, JSON.stringify(created.data));
  }
  for (const [title, scope] of [
    ['Acme launch', acme],
    ['Globex news', globex],
    ['Company-wide', undefined],
  ]) {
    const created = await admin.mutate('posts.create', { title, body: '' }, scope);
    assert.equal(created.status, 200, JSON.stringify(created.data));
  }
});

// Roles within one organization each, with the server stopped (PGlite has one writer).
assert.equal(
  warden('addmember', 'dave', 'Authors', '--within', acme),
  "'dave' is a member of 'Authors' within blog.organization:1",
);
warden('addmember', 'erin', 'Readers', '--within', globex);
assert.match(warden('memberships', 'dave'), /blog\.organization:1.*Authors/);
assert.match(warden('why', 'dave', 'blog.change_post', '1'), /^yes: .*Authors/);
assert.match(warden('why', 'dave', 'blog.change_post', '2'), /^no: /);

await withServer(async (base) => {
  const dave = client(base, daveToken);
  const erin = client(base, erinToken);

  // His organizations, by the header's spelling; nothing held everywhere.
  const me = await dave.query('me');
  assert.deepEqual(
    me.data.organizations.map((m) => [m.scope, m.roles]),
    [[acme, ['Authors']]],
  );
  assert.deepEqual(me.data.permissions, []);
  // Acting in Acme, the role counts: the client's can() answers for it.
  const inAcme = heldPermissions((await dave.query('me', acme)).data.permissions);
  assert.ok(inAcme.can('blog.add_post') && inAcme.can('blog.change_post'));
  assert.ok(!inAcme.can('blog.delete_post'));

  // The list: in Acme, Acme's posts only; without an organization, blog.view_post is needed
  // everywhere (403); in Globex he holds nothing (403).
  assert.deepEqual(titles(await dave.query('posts.list', acme)), ['Acme launch']);
  assert.equal((await dave.query('posts.list')).status, 403);
  assert.equal((await dave.query('posts.list', globex)).status, 403);
  assert.deepEqual(titles(await erin.query('posts.list', globex)), ['Globex news']);

  // Changing: his organization's post, wherever he acts; another's is not found (he may not view
  // it), and so is the post of no organization. erin views Globex's post but may not change it.
  assert.equal(
    (await dave.mutate('posts.rename', { id: 1, title: 'Acme again' }, acme)).status,
    200,
  );
  assert.equal((await dave.mutate('posts.rename', { id: 1, title: 'Acme relaunch' })).status, 200);
  assert.equal((await dave.mutate('posts.rename', { id: 2, title: 'Mine now' })).status, 404);
  assert.equal((await dave.mutate('posts.rename', { id: 3, title: 'Mine now' })).status, 404);
  assert.equal((await erin.mutate('posts.rename', { id: 2, title: 'Mine now' })).status, 403);

  // Creating needs blog.add_post in the organization the post goes to.
  const created = await dave.mutate('posts.create', { title: 'Acme hiring', body: '' }, acme);
  assert.equal(created.status, 200, JSON.stringify(created.data));
  assert.equal(created.data.orgId, 1);
  assert.equal((await dave.mutate('posts.create', { title: 'x', body: '' }, globex)).status, 403);
  assert.equal((await dave.mutate('posts.create', { title: 'x', body: '' })).status, 403);
  assert.equal((await erin.mutate('posts.create', { title: 'x', body: '' }, globex)).status, 403);
  assert.deepEqual(titles(await dave.query('posts.list', acme)), ['Acme relaunch', 'Acme hiring']);

  // A malformed active organization is the client's mistake, never "no organization": 400.
  for (const bad of ['blog.organization:abc', 'blog.organization:0', 'orgs.organization:1', '1'])
    for (const answer of [
      await dave.query('posts.list', bad),
      await dave.mutate('posts.create', { title: 'x', body: '' }, bad),
    ]) {
      assert.equal(answer.status, 400, bad);
      assert.equal(answer.data.data.code, 'BAD_REQUEST');
    }
  assert.equal((await dave.query('posts.list', 'blog.organization:99999999999')).status, 400);
});

rmSync(dir, { recursive: true, force: true });
console.log(
  'organizations: a member lists, changes and creates in their organization only; a malformed one is 400',
);
