import { seedDemo } from '@warden/api';
import { createDb, type DbHandle } from '@warden/db';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, startServer, Visitor } from './live-server.js';

// Issue 24 #9: staff creating one username or group name at once (a double-click, two admins, two
// nodes) got a 500 for every create that lost the race: the unique violation of its insert. Now
// one create is OK and the others CONFLICT (409). Two server instances, each with its own pool
// on Postgres (as two processes), take the calls in turns; on PGlite they share the one database.
describeEachBackend('concurrent creates of one name over HTTP', (t) => {
  let a: Awaited<ReturnType<typeof startServer>>;
  let b: Awaited<ReturnType<typeof startServer>>;
  let second: DbHandle | undefined;
  let admins: Visitor[] = [];

  beforeAll(async () => {
    await seedDemo(t.db);
    a = await startServer(t.handle);
    if (t.url !== undefined)
      second = await createDb({ schema: {}, connection: { url: t.url, poolMax: 4 } });
    b = await startServer(second ?? t.handle);
    admins = [
      await new Visitor(a.url).login('admin', 'admin-demo-pw'),
      await new Visitor(b.url).login('admin', 'admin-demo-pw'),
    ];
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
  });

  /** The admin's session on node a or b, in turns. */
  const admin = (i: number): Visitor => {
    const visitor = admins[i % admins.length];
    if (visitor === undefined) throw new Error('not logged in');
    return visitor;
  };

  it('creates a group once and answers the rest CONFLICT, never 500', async () => {
    const codes = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        codeOf(admin(i).trpc.admin.groups.create.mutate({ name: 'Night shift' })),
      ),
    );
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(15);
  });

  it('creates a user once, whatever the case of the name, and answers the rest CONFLICT', async () => {
    const names = ['nina', 'Nina', 'NINA', 'niNa'];
    const codes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        codeOf(
          admin(i).trpc.admin.users.create.mutate({
            username: names[i % names.length] ?? 'nina',
            password: 'nina-password-1',
          }),
        ),
      ),
    );
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(7);
  });
});
