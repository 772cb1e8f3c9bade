import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeProblem, errorCode } from './errors';

/** The error the tRPC client raises for an error response, as the server sends it. */
function fromServer(code: string, message: string) {
  return new TRPCClientError(message, {
    result: { error: { code: -32603, message, data: { code, httpStatus: 0 } } },
  });
}

describe('describeProblem', () => {
  it('reads the tRPC code, and none from other errors', () => {
    expect(errorCode(fromServer('FORBIDDEN', 'x'))).toBe('FORBIDDEN');
    expect(errorCode(new TypeError('Failed to fetch'))).toBeNull();
  });

  it('names the missing permission of a guard’s denial', () => {
    const denial = fromServer(
      'FORBIDDEN',
      'permission denied: this mutation needs shop.change_product on the object',
    );
    expect(describeProblem(denial)).toEqual({
      kind: 'forbidden',
      message: 'You need the permission “Can change product” (shop.change_product).',
      needs: ['shop.change_product'],
    });
    const admin = fromServer(
      'FORBIDDEN',
      'permission denied: this query needs (a staff user and auth.view_user)',
    );
    expect(describeProblem(admin).message).toBe(
      'You need the permission “Can view user” (auth.view_user), as a staff user.',
    );
    const custom = fromServer('FORBIDDEN', 'permission denied: this mutation needs polls.can_vote');
    expect(describeProblem(custom, { 'polls.can_vote': 'May vote in polls' }).message).toBe(
      'You need the permission “May vote in polls” (polls.can_vote).',
    );
    expect(
      describeProblem(fromServer('FORBIDDEN', 'permission denied: this query needs a staff user'))
        .message,
    ).toBe('You need to be a staff user.');
  });

  it('passes on the server’s own reason for other refusals', () => {
    const escalation = fromServer('FORBIDDEN', 'only a superuser may change superuser status');
    expect(describeProblem(escalation).message).toBe(
      'Only a superuser may change superuser status.',
    );
    const csrf = fromServer('FORBIDDEN', 'CSRF check failed: X-CSRFToken header missing');
    expect(describeProblem(csrf).message).toMatch(
      /^The request was refused as a possible cross-site/,
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
});
