import { createMemberships, within } from '@warden/authz';
import { user } from '@warden/authz/schema';
import { describeEachBackend } from '@warden/db/testing';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../src/passwords.js';
import { makeApp } from './app.js';
import { Browser } from './browser.js';
import { organization, scopedRegistry, setUpScoped } from './scoped-fixture.js';

// Accepting an invitation link over HTTP: a logged-in user joins; someone new creates their account,
// joins and is logged in, in one request; a link that cannot be accepted creates nothing.

describeEachBackend('invitation links over HTTP', (t) => {
  let app: ReturnType<typeof makeApp>['app'];
  let made: Awaited<ReturnType<typeof setUpScoped>>;
  let memberships: ReturnType<typeof createMemberships<typeof scopedRegistry.apps, string>>;
  const invite = async () =>
    (await memberships.invite({ within: within(organization, 1), roles: [{ name: 'Viewers' }] }))
      .token;
  // Every unsafe request carries the CSRF token, a logged-out one too (login CSRF).
  const browser = async () => {
    const b = new Browser(app);
    await b.request('/auth/csrf');
    return b;
  };
  const userNamed = async (username: string) =>
    (await t.db.select().from(user).where(eq(user.username, username)))[0];

  beforeAll(async () => {
    made = await setUpScoped(t.db);
    memberships = createMemberships({ db: t.db, registry: scopedRegistry });
    ({ app } = makeApp(t.db, { invitations: memberships }));
    await made.grants.createGroup('Viewers');
    await made.grants.grant({ group: { name: 'Viewers' } }, 'orgs.view_project');
    await made.grants.createUser({
      username: 'ann',
      passwordHash: await hashPassword('correct horse'),
    });
  });

  it('creates the account, joins it and logs it in', async () => {
    const token = await invite();
    const b = await browser();
    const res = await b.request('/auth/invitations/signup', {
      json: { token, username: 'newbie', password: 'a long passphrase', email: 'n@example.com' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ roles: ['Viewers'], scope: { key: '1' } });
    expect(await (await b.request('/whoami')).json()).toEqual({
      via: 'session',
      username: 'newbie',
    });
    const newbie = await userNamed('newbie');
    expect(newbie).toMatchObject({ email: 'n@example.com', isStaff: false, isSuperuser: false });
    const asNewbie = { id: newbie?.id ?? -1, isActive: true, isSuperuser: false };
    expect(await made.authz.hasPerm(asNewbie, 'orgs.view_project', 1)).toBe(true);
    expect(await made.authz.hasPerm(asNewbie, 'orgs.view_project', 3)).toBe(false);

    const again = await (await browser()).request('/auth/invitations/signup', {
      json: { token, username: 'second', password: 'a long passphrase' },
    });
    expect(again.status).toBe(409);
    expect(await userNamed('second')).toBeUndefined();
  });

  it('creates nothing for a link that names nothing, a taken name or a short password', async () => {
    const token = await invite();
    const b = await browser();
    const post = (json: Record<string, unknown>) =>
      b.request('/auth/invitations/signup', { json: { password: 'a long passphrase', ...json } });
    expect((await post({ token: 'nope', username: 'x1' })).status).toBe(400);
    expect((await post({ token: 'A'.repeat(43), username: 'x1' })).status).toBe(404);
    expect((await post({ token, username: 'ANN' })).status).toBe(409);
    expect((await post({ token, username: 'x1', password: 'short' })).status).toBe(400);
    expect((await post({ token, username: 'bad name!' })).status).toBe(400);
    expect(await userNamed('x1')).toBeUndefined();
    expect((await memberships.peek(token))?.status).toBe('pending');
  });

  it('joins the logged-in user, who must send the CSRF token like any cookie request', async () => {
    const token = await invite();
    expect(
      (await (await browser()).request('/auth/invitations/accept', { json: { token } })).status,
    ).toBe(401);
    const b = await browser();
    expect((await b.login('ann', 'correct horse')).status).toBe(200);
    const forged = await b.request('/auth/invitations/accept', { json: { token }, csrf: false });
    expect(forged.status).toBe(403);
    const res = await b.request('/auth/invitations/accept', { json: { token } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, roles: ['Viewers'] });
    expect((await b.request('/auth/invitations/accept', { json: { token } })).status).toBe(409);
  });
});
