import { initTRPC, TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { UnknownCodenameError } from '../codenames.js';
import {
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  PermissionNotSyncedError,
  WrongModelError,
} from '../errors.js';
import { mapWardenErrors } from './errors.js';
import { createProtect } from './middleware.js';
import { permissionClass } from './permission-class.js';

const t = initTRPC.create();
const callerFailingWith = (error: unknown) =>
  t.router({
    fail: t.procedure.use(mapWardenErrors).query((): never => {
      throw error;
    }),
  });

async function codeOf(error: unknown) {
  const caller = t.createCallerFactory(callerFailingWith(error))({});
  try {
    await caller.fail();
  } catch (caught) {
    if (!(caught instanceof TRPCError)) throw caught;
    return { code: caught.code, message: caught.message, cause: caught.cause };
  }
  throw new Error('did not fail');
}

describe('mapWardenErrors', () => {
  it('answers each Warden error with its 4xx, keeping the message and the error as cause', async () => {
    const denied = new PermissionDeniedError('only a superuser changes a superuser');
    expect(await codeOf(denied)).toEqual({
      code: 'FORBIDDEN',
      message: 'only a superuser changes a superuser',
      cause: denied,
    });
    expect((await codeOf(new NotFoundError('no user 7'))).code).toBe('NOT_FOUND');
    expect((await codeOf(new ConflictError("username 'ann' is taken"))).code).toBe('CONFLICT');
    expect((await codeOf(new PermissionNotSyncedError('shop.view_product'))).code).toBe(
      'BAD_REQUEST',
    );
    expect((await codeOf(new UnknownCodenameError('shop.can_add', []))).code).toBe('BAD_REQUEST');
  });

  it('leaves programming mistakes and foreign errors a 500', async () => {
    expect((await codeOf(new WrongModelError('a product row for polls.can_vote'))).code).toBe(
      'INTERNAL_SERVER_ERROR',
    );
    expect((await codeOf(new Error('connection refused'))).code).toBe('INTERNAL_SERVER_ERROR');
    const lookalike = Object.assign(new Error('x'), { code: 'NOT_FOUND' }); // name is 'Error'
    expect((await codeOf(lookalike)).code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('answers an unreachable database with SERVICE_UNAVAILABLE, a failed query stays a 500', async () => {
    // Drizzle's shape: its query error, the driver's error as the cause.
    const refused = new Error('Failed query: select 1', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      }),
    });
    expect(await codeOf(refused)).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: 'the database is unavailable; try again shortly',
      cause: refused,
    });
    const duplicate = new Error('Failed query', {
      cause: Object.assign(new Error('duplicate key'), { code: '23505' }),
    });
    expect((await codeOf(duplicate)).code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('recognises the errors of another copy of the package by name and code', async () => {
    class NotFoundError extends Error {
      override readonly name = 'NotFoundError';
      readonly code = 'NOT_FOUND';
    }
    expect(await codeOf(new NotFoundError('no group Editors'))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'no group Editors',
    });
  });
});

describe('a guarded procedure', () => {
  // protect() maps Warden errors itself: one middleware less on every guarded call.
  const protect = createProtect<string, { id: number; isActive: boolean; isSuperuser: boolean }>({
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
  });
  const signedIn = permissionClass<string, true>({
    describe: 'a user',
    impliesAuthenticated: true,
    hasPermission: (req) => req.user !== null,
  });
  const guarded = initTRPC
    .context<{ user: { id: number; isActive: boolean; isSuperuser: boolean } }>()
    .create();
  const router = guarded.router({
    missing: guarded.procedure.use(protect(signedIn)).query((): never => {
      throw new NotFoundError('no product 9');
    }),
    broken: guarded.procedure.use(protect(signedIn)).query((): never => {
      throw new Error('connection refused');
    }),
    outage: guarded.procedure.use(protect(signedIn)).query((): never => {
      throw Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), {
        code: 'CONNECTION_CLOSED',
      });
    }),
  });
  const caller = guarded.createCallerFactory(router)({
    user: { id: 1, isActive: true, isSuperuser: false },
  });

  it('answers a Warden error with its 4xx without mapWardenErrors', async () => {
    await expect(caller.missing()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no product 9',
    });
  });

  it('leaves any other error as it was', async () => {
    await expect(caller.broken()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('answers an unreachable database with SERVICE_UNAVAILABLE without mapError', async () => {
    await expect(caller.outage()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  // The app's own errors, mapped in the guard too (an outage → 503), the guard's lookup included.
  class Outage extends Error {}
  const outage = (error: unknown) =>
    error instanceof Outage
      ? new TRPCError({ code: 'SERVICE_UNAVAILABLE', cause: error })
      : undefined;
  type Failing = 'resolver' | 'load' | 'explain';
  const failingSource = (failing: Failing) =>
    createProtect<string, { id: number; isActive: boolean; isSuperuser: boolean }>(
      {
        load: async (user) => {
          if (failing === 'load') throw new Outage('connection refused');
          return {
            user,
            has: () => false,
            hasGlobally: () => false,
            hasAll: () => false,
            all: () => new Set(),
          };
        },
        hasPermOn: async () => true,
        objectsFor: async () => {
          throw new Error('not used');
        },
        explain: async () => {
          if (failing === 'explain') throw new Outage('connection refused');
          return { message: '' };
        },
      },
      { mapError: outage, development: true },
    );
  // Development mode: a denial asks authz.explain why, a lookup that may fail too.
  const refusing = permissionClass<string, true>({
    describe: 'blog.view_post',
    impliesAuthenticated: true,
    requires: () => ['blog.view_post'],
    hasPermission: () => false,
  });
  const callerWith = (failing: Failing) =>
    guarded.createCallerFactory(
      guarded.router({
        down: guarded.procedure
          .use(failingSource(failing)(failing === 'explain' ? refusing : signedIn))
          .query((): never => {
            throw new Outage('connection refused');
          }),
      }),
    )({ user: { id: 1, isActive: true, isSuperuser: false } });

  it("answers the app's own errors with mapError, from the resolver and the guard's lookups", async () => {
    for (const failing of ['resolver', 'load', 'explain'] as const) {
      await expect(callerWith(failing).down(), failing).rejects.toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
      });
    }
  });
});
