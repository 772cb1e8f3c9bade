import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../src/passwords.js';
import { apiToken, session } from '../src/schema.js';
import { makeApp } from './app.js';
import { Browser } from './browser.js';
import { registry } from './fixture.js';

// A thief holding a victim's session (or old password) races the victim's recovery on another
// server process: six loops mint API tokens (or log in) as fast as they can while the victim logs
// out everywhere (or changes the password). Before the two were ordered on the user's row, every
// round left 2–6 working tokens and 2–4 working sessions. After the recovery returns, nothing the
// thief got may work, on either process.

const LOOPS = 6;
const ROUNDS = 3;

describeEachBackend('credentials racing a recovery', (t) => {
  let victimApp: ReturnType<typeof makeApp>['app'];
  let thiefApp: ReturnType<typeof makeApp>['app'];
  let closeOther: () => Promise<void> = async () => {};
  const throttle = { maxUsernameFailures: 10_000, maxAddressFailures: 10_000 };

  beforeAll(async () => {
    victimApp = makeApp(t.db, { throttle }).app;
    // The thief's requests reach another process: its own pool (on Postgres) and auth instance.
    const other = await t.anotherPool();
    closeOther = other.close;
    thiefApp = makeApp(other.db, { throttle }).app;
  });
  afterAll(() => closeOther());

  async function newVictim(name: string, password: string) {
    const { id } = await createGrants({ db: t.db, registry }).createUser({
      username: name,
      passwordHash: await hashPassword(password),
    });
    const victim = new Browser(victimApp);
    expect((await victim.login(name, password)).status).toBe(200);
    return { id, victim };
  }

  /** Runs `attempt` in LOOPS parallel loops until each is refused; resolves with what they got. */
  function loops<T>(attempt: () => Promise<T | null>, started: () => void) {
    let successes = 0;
    const got: T[] = [];
    const loop = async () => {
      for (;;) {
        const result = await attempt();
        if (result === null) return;
        got.push(result);
        if (++successes === LOOPS) started();
      }
    };
    return Promise.all(Array.from({ length: LOOPS }, loop)).then(() => got);
  }

  /** A promise resolved when the loops have got a few credentials each way. */
  function gate() {
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { opened, open };
  }

  it('ends every token minted with a stolen session while the victim logs out everywhere', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id, victim } = await newVictim(`tokens${round}`, 'old password 1');
      const thief = new Browser(thiefApp);
      expect((await thief.login(`tokens${round}`, 'old password 1')).status).toBe(200);
      const { opened, open } = gate();
      const minted = loops(async () => {
        const res = await thief.request('/auth/tokens', { json: { name: 'mine' } });
        if (res.status === 201) return ((await res.json()) as { token: string }).token;
        expect(res.status).toBe(401);
        return null;
      }, open);
      await opened;
      const recovery = await victim.request('/auth/logout-all', { json: {} });
      expect(recovery.status).toBe(200);
      const tokens = await minted;
      expect(tokens.length).toBeGreaterThanOrEqual(LOOPS);
      for (const app of [victimApp, thiefApp]) {
        for (const token of tokens) {
          const res = await app.request('http://localhost/whoami', {
            headers: { authorization: `Bearer ${token}` },
          });
          expect(res.status, `a token minted in round ${round} still works`).toBe(401);
        }
      }
      expect(await t.db.select().from(apiToken).where(eq(apiToken.userId, id))).toEqual([]);
    }
  });

  it('ends every session logged in with the old password while the victim changes it', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const name = `logins${round}`;
      const { id, victim } = await newVictim(name, 'old password 1');
      const { opened, open } = gate();
      const sessions = loops(async () => {
        const thief = new Browser(thiefApp);
        const res = await thief.login(name, 'old password 1');
        if (res.status === 200) return thief;
        expect(res.status).toBe(401);
        return null;
      }, open);
      await opened;
      const change = await victim.request('/auth/password', {
        json: { currentPassword: 'old password 1', newPassword: 'new password 2' },
      });
      expect(change.status).toBe(200);
      const thieves = await sessions;
      expect(thieves.length).toBeGreaterThanOrEqual(LOOPS);
      for (const thief of thieves) {
        for (const app of [victimApp, thiefApp]) {
          const res = await new Browser(app).request('/whoami', {
            headers: { cookie: [...thief.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
          });
          expect(await res.json(), `a session of round ${round} still works`).toEqual({
            via: 'anonymous',
            username: null,
          });
        }
      }
      // Only the victim's own session is left.
      expect(await t.db.select().from(session).where(eq(session.userId, id))).toHaveLength(1);
    }
  });
});
