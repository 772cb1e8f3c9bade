import { registry, seedDemo } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { createGrants } from '@warden/authz';
import { createDb, type DbHandle } from '@warden/db';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, startServer, Visitor } from './live-server.js';

// Issue 11: two server instances on one database. What is done through one (logout, deactivation,
// password change, token revocation, grant and membership changes) holds on the other from its next
// request: no node may keep a credential or a permission alive from its own memory. On Postgres
// each node has its own connection pool, as two processes would; PGlite is one process's database,
// so there the two apps share it (each still with its own in-process state).
describeEachBackend('two server instances on one database', (t) => {
  let a: Awaited<ReturnType<typeof startServer>>;
  let b: Awaited<ReturnType<typeof startServer>>;
  let second: DbHandle | undefined;
  const password = 'two-nodes-pw-1';

  beforeAll(async () => {
    await seedDemo(t.db);
    const grants = createGrants({ db: t.db, registry });
    const passwordHash = await hashPassword(password);
    for (const username of ['ann', 'bob', 'cid', 'dot', 'eve'])
      await grants.createUser({ username, passwordHash });
    a = await startServer(t.handle);
    if (t.url !== undefined) {
      second = await createDb({
        schema: {},
        connection: { url: t.url, poolMax: 2 },
      });
    }
    b = await startServer(second ?? t.handle);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
  });

  /** The same browser (its cookies) talking to the other node, as behind a load balancer. */
  const onB = (visitor: Visitor) => {
    const moved = new Visitor(b.url);
    for (const [name, value] of visitor.cookies) moved.cookies.set(name, value);
    return moved;
  };
  const me = async (visitor: Visitor) => (await visitor.trpc.auth.me.query()).authenticated;
  const post = (visitor: Visitor, path: string, body: unknown = {}) =>
    visitor.fetch(`${visitor.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('a logout on one node ends the session on the other', async () => {
    const ann = await new Visitor(a.url).login('ann', password);
    const annOnB = onB(ann);
    expect(await me(annOnB)).toBe(true);
    expect((await post(ann, '/auth/logout')).status).toBe(200);
    expect(await me(annOnB)).toBe(false);
  });

  it('a deactivation on one node ends sessions and tokens on the other', async () => {
    const admin = await new Visitor(a.url).login('admin', 'admin-demo-pw');
    const bob = await new Visitor(a.url).login('bob', password);
    const { token } = await bob.trpc.auth.tokens.create.mutate({ name: 'script' });
    const bobOnB = onB(bob);
    const script = new Visitor(b.url, token);
    expect(await me(bobOnB)).toBe(true);
    expect(await me(script)).toBe(true);
    const { items } = await admin.trpc.admin.users.list.query({ search: 'bob' });
    const id = items.find((u) => u.username === 'bob')?.id;
    if (id === undefined) throw new Error('no bob');
    await admin.trpc.admin.users.update.mutate({ id, isActive: false });
    expect(await me(bobOnB)).toBe(false);
    expect(await codeOf(script.trpc.auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('a password change on one node ends the other sessions and the tokens on the other', async () => {
    const here = await new Visitor(a.url).login('cid', password);
    const elsewhere = onB(await new Visitor(a.url).login('cid', password));
    const { token } = await here.trpc.auth.tokens.create.mutate({ name: 'script' });
    const script = new Visitor(b.url, token);
    expect(await me(elsewhere)).toBe(true);
    expect(await me(script)).toBe(true);
    const changed = await post(here, '/auth/password', {
      currentPassword: password,
      newPassword: 'two-nodes-pw-2',
    });
    expect(changed.status).toBe(200);
    expect(await me(elsewhere)).toBe(false);
    expect(await codeOf(script.trpc.auth.me.query())).toBe('UNAUTHORIZED');
    expect(await me(onB(here))).toBe(true); // the session that changed it stays, on both nodes
  });

  it('a token revoked on one node is refused by the other', async () => {
    const dot = await new Visitor(a.url).login('dot', password);
    const { token, info } = await dot.trpc.auth.tokens.create.mutate({ name: 'script' });
    const script = new Visitor(b.url, token);
    expect(await me(script)).toBe(true);
    await dot.trpc.auth.tokens.revoke.mutate({ id: info.id });
    expect(await codeOf(script.trpc.auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('grants, revocations and group memberships changed on one node decide on the other', async () => {
    const admin = await new Visitor(a.url).login('admin', 'admin-demo-pw');
    const eve = onB(await new Visitor(a.url).login('eve', password));
    const { items } = await admin.trpc.admin.users.list.query({ search: 'eve' });
    const id = items.find((u) => u.username === 'eve')?.id;
    if (id === undefined) throw new Error('no eve');
    const create = () => eve.trpc.polls.questions.create.mutate({ questionText: 'two nodes?' });
    const list = () => eve.trpc.polls.questions.list.query();

    expect(await codeOf(create())).toBe('FORBIDDEN'); // also primes anything B might remember
    await admin.trpc.admin.grants.grant.mutate({
      target: { userId: id },
      codename: 'polls.add_question',
    });
    expect(await codeOf(create())).toBe('OK');
    await admin.trpc.admin.grants.revoke.mutate({
      target: { userId: id },
      codename: 'polls.add_question',
    });
    expect(await codeOf(create())).toBe('FORBIDDEN');

    const groups = await admin.trpc.admin.groups.list.query();
    const viewers = groups.find((g) => g.name === 'Viewers');
    if (viewers === undefined) throw new Error('no Viewers group in the demo data');
    expect(await codeOf(list())).toBe('FORBIDDEN');
    await admin.trpc.admin.groups.addMember.mutate({ groupId: viewers.id, userId: id });
    expect(await codeOf(list())).toBe('OK');
    await admin.trpc.admin.groups.removeMember.mutate({ groupId: viewers.id, userId: id });
    expect(await codeOf(list())).toBe('FORBIDDEN');
  });
});
