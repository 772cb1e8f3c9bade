import { seedDemo } from '@warden/api';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, denialOf, startServer, Visitor } from './live-server.js';

// The demo flows over real HTTP: the demo users (seedDemo) calling the example apps' API through
// the typed tRPC client, with sessions, CSRF and API tokens as a browser and a script would.
describeEachBackend('API over HTTP', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const as: Record<string, Visitor> = {};

  beforeAll(async () => {
    await seedDemo(t.db);
    server = await startServer(t.handle);
    for (const name of ['admin', 'editor', 'viewer', 'voter', 'owner']) {
      as[name] = await new Visitor(server.url).login(name, `${name}-demo-pw`);
    }
    as.anonymous = new Visitor(server.url);
    await as.anonymous.fetch(`${server.url}/auth/csrf`); // a browser that has loaded the page
  });
  afterAll(() => server.close());

  const v = (name: string) => {
    const visitor = as[name];
    if (!visitor) throw new Error(name);
    return visitor.trpc;
  };

  it('tells each user who they are and what they hold', async () => {
    expect(await v('anonymous').auth.me.query()).toMatchObject({
      authenticated: false,
      permissions: [],
    });
    const editor = await v('editor').auth.me.query();
    expect(editor).toMatchObject({
      authenticated: true,
      via: 'session',
      user: { username: 'editor', isStaff: false },
    });
    expect(editor.permissions).toContain('shop.change_product');
    expect((await v('admin').auth.me.query()).permissions).toContain('polls.can_vote');
  });

  it('answers "may I call this?" from each procedure’s guard', async () => {
    const paths = [
      'polls.questions.create',
      'polls.questions.list',
      'admin.users.list',
      'auth.me',
      'no.such.thing',
    ];
    expect(await v('viewer').access.canCall.query({ paths })).toEqual({
      'polls.questions.create': false,
      'polls.questions.list': true,
      'admin.users.list': false,
      'auth.me': true,
      'no.such.thing': null,
    });
    expect(await v('editor').access.canCall.query({ paths: ['polls.questions.create'] })).toEqual({
      'polls.questions.create': true,
    });
    expect(await v('anonymous').access.canCall.query({ paths: ['polls.questions.list'] })).toEqual({
      'polls.questions.list': false,
    });
  });

  it('guards polls with model permissions: view on reads, the stated action on writes', async () => {
    expect(await codeOf(v('anonymous').polls.questions.list.query())).toBe('UNAUTHORIZED');
    expect((await v('viewer').polls.questions.list.query()).total).toBe(2);
    expect(await codeOf(v('owner').polls.questions.list.query())).toBe('FORBIDDEN');
    expect(await codeOf(v('viewer').polls.questions.create.mutate({ questionText: 'Why?' }))).toBe(
      'FORBIDDEN',
    );
    const created = await v('editor').polls.questions.create.mutate({
      questionText: 'Why?',
      choices: ['Because'],
    });
    expect(created.questionText).toBe('Why?');
    expect(await codeOf(v('editor').polls.questions.delete.mutate({ id: created.id }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(v('admin').polls.questions.delete.mutate({ id: created.id }))).toBe('OK');
    expect(await codeOf(v('admin').polls.questions.get.query({ id: created.id }))).toBe(
      'NOT_FOUND',
    );
  });

  it('lets only holders of polls.can_vote vote, once per question', async () => {
    const { choices } = await v('voter').polls.questions.get.query({ id: 1 });
    const first = choices[0];
    if (!first) throw new Error('no choice');
    expect(await codeOf(v('viewer').polls.vote.mutate({ choiceId: first.id }))).toBe('FORBIDDEN');
    expect((await v('voter').polls.vote.mutate({ choiceId: first.id }))?.votes).toBe(1);
    expect(await codeOf(v('voter').polls.vote.mutate({ choiceId: first.id }))).toBe('CONFLICT');
    expect(await codeOf(v('anonymous').polls.vote.mutate({ choiceId: first.id }))).toBe(
      'UNAUTHORIZED',
    );
  });

  it('shows each user only the products they may view or own, filtered in SQL', async () => {
    const names = async (who: string) =>
      (await v(who).shop.products.list.query()).items.map((p) => p.name);
    expect(await names('anonymous')).toEqual([]);
    expect(await names('owner')).toEqual(['Teapot', 'Kettle']);
    expect(await names('viewer')).toEqual(['Teapot', 'Kettle', 'Mug', 'Spoon']);
    await v('admin').admin.grants.grant.mutate({
      target: { userId: 5 },
      codename: 'shop.view_product',
      objectId: 3,
    });
    expect(await names('owner')).toEqual(['Teapot', 'Kettle', 'Mug']);
  });

  it('pages a filtered list by key and by number: the rows of one long page, and its total', async () => {
    // The owner's list mixes rows they own and a row they hold an object grant on (test above).
    const list = v('owner').shop.products.list;
    const whole = await list.query({ pageSize: 100, withTotal: true });
    const ids = whole.items.map((p) => p.id);
    expect(ids.length).toBeGreaterThan(2);
    expect(whole.total).toBe(ids.length);
    const byKey: number[] = [];
    let after: number | undefined;
    do {
      const page = await list.query({ pageSize: 1, after });
      byKey.push(...page.items.map((p) => p.id));
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(byKey).toEqual(ids);
    const byNumber: number[] = [];
    for (let page = 1; page <= ids.length + 1; page++) {
      byNumber.push(...(await list.query({ page, pageSize: 1 })).items.map((p) => p.id));
    }
    expect(byNumber).toEqual(ids);
  });

  it('applies object permissions and the owner rule to single products', async () => {
    expect((await v('owner').shop.products.get.query({ id: 1 })).name).toBe('Teapot');
    expect(await codeOf(v('owner').shop.products.get.query({ id: 4 }))).toBe('NOT_FOUND'); // may not view: hidden
    expect(await codeOf(v('owner').shop.products.update.mutate({ id: 1, priceCents: 2600 }))).toBe(
      'OK',
    );
    expect(await codeOf(v('owner').shop.products.update.mutate({ id: 3, priceCents: 1 }))).toBe(
      'FORBIDDEN',
    ); // views, may not change
    expect(await codeOf(v('viewer').shop.products.update.mutate({ id: 1, priceCents: 1 }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(v('editor').shop.products.update.mutate({ id: 4, priceCents: 350 }))).toBe(
      'OK',
    );
    expect(await codeOf(v('editor').shop.products.delete.mutate({ id: 4 }))).toBe('FORBIDDEN');
    expect(await codeOf(v('owner').shop.products.delete.mutate({ id: 2 }))).toBe('OK');
  });

  it('validates input with a clear 400 and writes nothing', async () => {
    expect(await codeOf(v('editor').polls.questions.create.mutate({ questionText: '' }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await codeOf(v('editor').shop.products.create.mutate({ name: 'x', priceCents: -1 })),
    ).toBe('BAD_REQUEST');
    const bad = v('admin').admin.grants.grant.mutate({
      target: { userId: 2 },
      codename: 'shop.can_add',
    });
    await expect(bad).rejects.toThrow(
      /unknown codename 'shop.can_add'; did you mean 'shop.add_product'/,
    );
    expect(
      await codeOf(
        v('admin').admin.grants.grant.mutate({
          target: { userId: 999 },
          codename: 'shop.add_product',
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('says what a refusal needs as data, beside the code', async () => {
    expect(await denialOf(v('owner').polls.questions.list.query())).toEqual({
      reason: 'missing-permission',
      needs: ['polls.view_question'],
    });
    expect(await denialOf(v('editor').admin.users.list.query())).toEqual({
      reason: 'not-staff',
      needs: ['auth.view_user'],
    });
    expect(
      await denialOf(v('anonymous').shop.products.create.mutate({ name: 'x', priceCents: 1 })),
    ).toEqual({ reason: 'not-authenticated', needs: ['shop.add_product'] });
    // The editor may view product 4 but not delete it: the object check refused.
    expect(await denialOf(v('editor').shop.products.delete.mutate({ id: 4 }))).toEqual({
      reason: 'denied-on-object',
      needs: ['shop.delete_product'],
    });
  });

  it('guards the admin area like Django admin, and only superusers make superusers', async () => {
    expect(await codeOf(v('editor').admin.users.list.query())).toBe('FORBIDDEN');
    expect((await v('admin').admin.users.list.query()).total).toBe(9); // the demo's users
    const created = await v('admin').admin.users.create.mutate({
      username: 'staffer',
      password: 'staffer-pw-1',
      isStaff: true,
    });
    for (const c of ['auth.view_user', 'auth.change_user'] as const) {
      await v('admin').admin.grants.grant.mutate({ target: { userId: created.id }, codename: c });
    }
    const staffer = (await new Visitor(server.url).login('staffer', 'staffer-pw-1')).trpc;
    expect((await staffer.admin.users.list.query()).total).toBe(10);
    expect(
      await codeOf(staffer.admin.users.update.mutate({ id: created.id, isSuperuser: true })),
    ).toBe('FORBIDDEN');
    expect(await codeOf(staffer.admin.groups.list.query())).toBe('FORBIDDEN');
    expect(
      await codeOf(
        staffer.admin.grants.grant.mutate({ target: { groupId: 1 }, codename: 'shop.add_product' }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('ends a deactivated user’s session at once', async () => {
    const voter = await new Visitor(server.url).login('voter', 'voter-demo-pw');
    await v('admin').admin.users.update.mutate({ id: 4, isActive: false });
    expect(await voter.trpc.auth.me.query()).toMatchObject({ authenticated: false });
    await v('admin').admin.users.update.mutate({ id: 4, isActive: true });
  });

  it('serves a script with an API token, without CSRF, and refuses it once revoked', async () => {
    const { token, info } = await v('editor').auth.tokens.create.mutate({ name: 'script' });
    const script = new Visitor(server.url, token).trpc;
    expect(await script.auth.me.query()).toMatchObject({
      via: 'token',
      user: { username: 'editor' },
    });
    expect((await script.shop.products.create.mutate({ name: 'Cup', priceCents: 500 }))?.name).toBe(
      'Cup',
    );
    await v('editor').auth.tokens.revoke.mutate({ id: info.id });
    expect(await codeOf(script.auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('rejects a mutation without the CSRF token', async () => {
    const forbiddenBody = async () => {
      const r = await as.viewer?.fetch(`${server.url}/trpc/polls.questions.delete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 1 }),
      });
      expect(r?.status).toBe(403);
      return r?.json();
    };
    const visitor = as.editor;
    if (!visitor) throw new Error('no editor');
    const res = await fetch(`${server.url}/trpc/polls.questions.create`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: server.url,
        cookie: `session=${visitor.cookies.get('session')}`,
      },
      body: JSON.stringify({ questionText: 'forged' }),
    });
    expect(res.status).toBe(403);
    // A permission error from a procedure: a message, no server stack trace.
    expect(JSON.stringify(await forbiddenBody())).not.toContain('stack');
    expect(await res.json()).toMatchObject({
      error: {
        message: 'CSRF check failed: no valid csrftoken cookie (GET /auth/csrf sets one)',
        data: { code: 'FORBIDDEN', denial: { reason: 'csrf', needs: [] } },
      },
    });
  });
});
