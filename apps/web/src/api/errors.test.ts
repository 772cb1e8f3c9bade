import { TRPCClientError } from '@trpc/client';
import type { Codename } from '@warden/api';
import type { Denial } from '@warden/authz/client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { authEndpointError, describeProblem, errorCode, isApiError } from './errors';

/** The error the tRPC client raises for an error response, as the server sends it. */
function fromServer(code: string, message: string, denial: Denial<Codename> | null = null) {
  return new TRPCClientError(message, {
    result: { error: { code: -32603, message, data: { code, httpStatus: 0, denial } } },
  });
}

describe('describeProblem', () => {
  it('reads the tRPC code, and none from other errors', () => {
    expect(errorCode(fromServer('FORBIDDEN', 'x'))).toBe('FORBIDDEN');
    expect(errorCode(new TypeError('Failed to fetch'))).toBeNull();
  });

  it("names the missing permission from a guard's denial, whatever its message says", () => {
    // The messages are for people: the client reads the denial, never the sentence.
    const denial = fromServer('FORBIDDEN', 'no', {
      reason: 'denied-on-object',
      needs: ['shop.change_product'],
    });
    expect(describeProblem(denial)).toEqual({
      kind: 'forbidden',
      message: 'You need the permission “Can change product” (shop.change_product).',
      needs: ['shop.change_product'],
    });
    const admin = fromServer('FORBIDDEN', 'no', { reason: 'not-staff', needs: ['auth.view_user'] });
    expect(describeProblem(admin).message).toBe(
      'You need the permission “Can view user” (auth.view_user), as a staff user.',
    );
    const custom = fromServer('FORBIDDEN', 'no', {
      reason: 'missing-permission',
      needs: ['polls.can_vote'],
    });
    expect(describeProblem(custom, { 'polls.can_vote': 'May vote in polls' }).message).toBe(
      'You need the permission “May vote in polls” (polls.can_vote).',
    );
    const staff = fromServer('FORBIDDEN', 'no', { reason: 'not-staff', needs: [] });
    expect(describeProblem(staff).message).toBe('You need to be a staff user.');
    const csrf = fromServer('FORBIDDEN', 'no', { reason: 'csrf', needs: [] });
    expect(describeProblem(csrf).message).toMatch(
      /^The request was refused as a possible cross-site/,
    );
  });

  it('passes on the server’s own sentence for a refusal that names nothing to grant', () => {
    const escalation = fromServer('FORBIDDEN', 'only a superuser may change superuser status');
    expect(describeProblem(escalation)).toEqual({
      kind: 'forbidden',
      message: 'Only a superuser may change superuser status.',
      needs: [],
    });
    const owner = fromServer('FORBIDDEN', 'permission denied: this mutation needs the owner', {
      reason: 'denied-on-object',
      needs: [],
    });
    expect(describeProblem(owner).message).toBe(
      'Permission denied: this mutation needs the owner.',
    );
  });

  it('tells 401, 404, 409, bad input and failures apart', () => {
    expect(describeProblem(fromServer('UNAUTHORIZED', 'authentication required')).kind).toBe(
      'unauthorized',
    );
    expect(describeProblem(fromServer('NOT_FOUND', 'not found')).message).toBe(
      'Not found: it does not exist, or you may not see it.',
    );
    expect(
      describeProblem(fromServer('CONFLICT', 'you have already voted on this question')).message,
    ).toBe('You have already voted on this question');
    const zod = JSON.stringify([
      { path: ['name'], message: 'Too small: expected string to have >=1 characters' },
    ]);
    expect(describeProblem(fromServer('BAD_REQUEST', zod)).message).toBe(
      'Name: Too small: expected string to have >=1 characters',
    );
    expect(describeProblem(new TypeError('Failed to fetch')).message).toMatch(
      /could not be reached/,
    );
    expect(describeProblem(fromServer('INTERNAL_SERVER_ERROR', 'internal error')).message).toMatch(
      /went wrong on the server/,
    );
  });

  it("types the API's errors: the denial's codenames are the codename union", () => {
    const error: unknown = fromServer('FORBIDDEN', 'x');
    if (!isApiError(error)) throw new Error('not an API error');
    expectTypeOf(error.data?.denial).toEqualTypeOf<Denial<Codename> | null | undefined>();
  });
});

describe('authEndpointError', () => {
  const answer = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it("reads an /auth endpoint's refusal as the API's error, for the same display", async () => {
    const used = await authEndpointError(
      answer(409, { error: { code: 'CONFLICT', message: 'this invitation was already used' } }),
    );
    expect(errorCode(used)).toBe('CONFLICT');
    expect(describeProblem(used).message).toBe('This invitation was already used');
    const csrf = await authEndpointError(
      answer(403, {
        error: { code: 'FORBIDDEN', message: 'CSRF', denial: { reason: 'csrf', needs: [] } },
      }),
    );
    expect(describeProblem(csrf).message).toMatch(/possible cross-site request/);
  });

  it('names the code from the status when the body is no error body', async () => {
    const proxy = await authEndpointError(
      new Response('<html>Bad gateway</html>', { status: 502 }),
    );
    expect(errorCode(proxy)).toBe('INTERNAL_SERVER_ERROR');
    expect(describeProblem(proxy).kind).toBe('failed');
    expect(errorCode(await authEndpointError(answer(404, {})))).toBe('NOT_FOUND');
  });
});
