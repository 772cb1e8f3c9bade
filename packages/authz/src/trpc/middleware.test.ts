import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { createProtect, type PermissionSource } from './middleware.js';
import { permissionClass } from './permission-class.js';

type User = { id: number; isActive: boolean; isSuperuser: boolean };
const everything: PermissionSource<string> = {
  load: async (user) => ({
    user,
    has: () => true,
    hasGlobally: () => true,
    hasAll: () => true,
    all: () => new Set(),
  }),
  hasPermOn: async () => true,
  objectsFor: async () => {
    throw new Error('not used');
  },
  explain: async () => ({ message: '' }),
};

describe('createProtect', () => {
  // Its type makes ctx.user non-null, so the guard must make it so, whatever the class decides.
  const careless = permissionClass<string, true>({
    describe: 'a signed-in user (but it forgot to check)',
    impliesAuthenticated: true,
    hasPermission: () => true,
  });
  const t = initTRPC.context<{ user: User | null }>().create();
  const protect = createProtect<string, User>(everything);
  const router = t.router({
    me: t.procedure.use(protect(careless)).query(({ ctx }) => ctx.user.id),
  });
  const call = t.createCallerFactory(router);

  it('refuses an anonymous or inactive user under a class that implies authentication', async () => {
    await expect(call({ user: null }).me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const inactive = { id: 7, isActive: false, isSuperuser: true };
    await expect(call({ user: inactive }).me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('lets an active user through', async () => {
    expect(await call({ user: { id: 7, isActive: true, isSuperuser: false } }).me()).toBe(7);
  });
});
