import { createAuthz } from '@warden/authz';
import { user } from '@warden/authz/schema';
import { describeEachBackend } from '@warden/db/testing';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { registry, seedUsers, testClock } from '../test/fixture.js';
import { endCredentials } from './credentials.js';
import { session as sessionTable } from './schema.js';
import { hashSecret } from './secrets.js';
import { createSessions } from './sessions.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describeEachBackend('sessions', (t) => {
  const clock = testClock();
  let sessions: ReturnType<typeof createSessions>;
  let ann: number;
  let bob: number;

  beforeAll(async () => {
    const { grants } = await seedUsers(t.db);
    ann = (await grants.createUser({ username: 'ann' })).id;
    bob = (await grants.createUser({ username: 'bob' })).id;
    await grants.createGroup('admins');
    await grants.addToGroup(ann, { name: 'admins' });
    await grants.grant({ group: { name: 'admins' } }, 'auth.change_user');
    await grants.grant({ user: ann }, 'auth.view_group');
    sessions = createSessions({ db: t.db, clock: clock.now });
  });

  it('stores only a hash of the secret', async () => {
    const { token, session } = await sessions.create(ann, 'operator');
    expect(token).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/);
    expect(token.startsWith(`${session.id}.`)).toBe(true);
    const [row] = await t.db.select().from(sessionTable).where(eq(sessionTable.id, session.id));
    expect(row?.secretHash).toEqual(hashSecret(token.split('.')[1] ?? ''));
    expect(JSON.stringify(row)).not.toContain(token.split('.')[1]);
  });

  it('loads session, user and permissions in exactly one statement, priming authz', async () => {
    const { token } = await sessions.create(ann, 'operator');
    const counting = t.counting();
    const counted = createSessions({ db: counting.db, clock: clock.now });
    const result = await counted.validate(token);
    expect(counting.statements()).toBe(1);
    if (!result.ok) throw new Error(`refused: ${result.reason}`);
    expect(result.user).toMatchObject({ id: ann, username: 'ann', isActive: true });
    expect(result.permissions).toEqual(
      expect.arrayContaining([
        { codename: 'auth.change_user', source: 'group' },
        { codename: 'auth.view_group', source: 'user' },
      ]),
    );
    const authz = createAuthz({ db: counting.db, registry });
    expect(await authz.hasPerm(result.user, 'auth.change_user')).toBe(true);
    expect(await authz.hasPerm(result.user, 'auth.delete_user')).toBe(false);
    expect(counting.statements()).toBe(1);
  });

  it('rejects wrong secrets, garbage and unknown ids', async () => {
    const { token } = await sessions.create(ann, 'operator');
    const [id] = token.split('.');
    for (const bad of [
      `${id}.${'a'.repeat(24)}`,
      'garbage',
      '',
      `${token}x`,
      'é'.repeat(5000),
      `${'b'.repeat(24)}.${'c'.repeat(24)}`,
    ]) {
      expect(await sessions.validate(bad)).toMatchObject({ ok: false });
    }
  });

  it('renews at most once per interval and expires after inactivity', async () => {
    const { token } = await sessions.create(bob, 'operator');
    clock.advance(HOUR / 2);
    expect(await sessions.validate(token)).toMatchObject({ ok: true, renewed: false });
    clock.advance(HOUR);
    const renewed = await sessions.validate(token);
    if (!renewed.ok) throw new Error(`refused: ${renewed.reason}`);
    expect(renewed.renewed).toBe(true);
    expect(renewed.session.expiresAt.getTime()).toBe(clock.now().getTime() + 7 * DAY);
    clock.advance(6 * DAY); // within 7 days of the renewal
    expect(await sessions.validate(token)).toMatchObject({ ok: true });
    clock.advance(7 * DAY);
    expect(await sessions.validate(token)).toMatchObject({ ok: false });
  });

  it('logs out everywhere, or everywhere but here', async () => {
    const a = await sessions.create(bob, 'operator');
    const b = await sessions.create(bob, 'operator');
    const c = await sessions.create(bob, 'operator');
    expect((await endCredentials(t.db, bob, b.session.id)).sessionsEnded).toBeGreaterThanOrEqual(2);
    expect(await sessions.validate(a.token)).toMatchObject({ ok: false });
    expect(await sessions.validate(c.token)).toMatchObject({ ok: false });
    expect(await sessions.validate(b.token)).toMatchObject({ ok: true });
    await endCredentials(t.db, bob);
    expect(await sessions.validate(b.token)).toMatchObject({ ok: false });
  });

  it('stops every session of a deactivated user at once', async () => {
    const { token } = await sessions.create(bob, 'operator');
    await t.db.update(user).set({ isActive: false }).where(eq(user.id, bob));
    expect(await sessions.validate(token)).toMatchObject({ ok: false });
    await t.db.update(user).set({ isActive: true }).where(eq(user.id, bob));
  });

  it('deletes expired sessions in the cleanup job', async () => {
    await sessions.create(bob, 'operator');
    clock.advance(8 * DAY);
    expect(await sessions.deleteExpired()).toBeGreaterThan(0);
    expect(await sessions.deleteExpired()).toBe(0);
  });
});
