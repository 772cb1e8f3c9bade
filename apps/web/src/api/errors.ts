import { TRPCClientError } from '@trpc/client';
import { codenamesIn, permissionName } from '@warden/authz/client';

/** The tRPC error code of an error, or null when it is none (a network failure, a bug). */
export function errorCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data === 'object' && data !== null && 'code' in data && typeof data.code === 'string')
    return data.code;
  return null;
}

export interface Problem {
  readonly kind: 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'invalid' | 'failed';
  /** A sentence for a person. */
  readonly message: string;
  /** The codenames a denial named (for 403s). */
  readonly needs: readonly string[];
}

/** zod errors arrive as a JSON list of issues: say which field and why. */
function invalidInput(message: string): string {
  try {
    const issues: unknown = JSON.parse(message);
    if (Array.isArray(issues)) {
      return issues
        .map((i: unknown) => {
          if (typeof i !== 'object' || i === null) return '';
          const path = 'path' in i && Array.isArray(i.path) ? i.path.join('.') : '';
          const text = 'message' in i && typeof i.message === 'string' ? i.message : '';
          return path ? `${path}: ${text}` : text;
        })
        .filter(Boolean)
        .join('; ');
    }
  } catch {
    // not JSON: the server's own sentence
  }
  return message;
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/**
 * What went wrong, in words: 401 → log in again; 403 → "You need “Can change user”" from the
 * codename the denial names (human names from `names`), or the server's reason for a refusal that
 * is not about a codename (only a superuser may …); 404, 409 and bad input as the server says.
 */
export function describeProblem(
  error: unknown,
  names: Readonly<Record<string, string>> = {},
): Problem {
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'UNAUTHORIZED':
      return {
        kind: 'unauthorized',
        message: 'Your session has ended. Please log in again.',
        needs: [],
      };
    case 'FORBIDDEN': {
      // A guard's denial names what the procedure needs ("permission denied: this mutation needs
      // (a staff user and auth.change_user)"): say it with the permissions' human names.
      const guard = /^permission denied: this (query|mutation) needs (.*)$/s.exec(raw);
      const needs = guard ? codenamesIn(guard[2] ?? '') : [];
      if (guard && needs.length > 0) {
        const list = needs.map((c) => `“${permissionName(c, names)}” (${c})`).join(' and ');
        const staff = /staff user/.test(guard[2] ?? '') ? ', as a staff user' : '';
        return { kind: 'forbidden', message: `You need the permission ${list}${staff}.`, needs };
      }
      if (guard && /staff user/.test(guard[2] ?? ''))
        return { kind: 'forbidden', message: 'You need to be a staff user.', needs: [] };
      if (/CSRF/.test(raw))
        return {
          kind: 'forbidden',
          message:
            'The request was refused as a possible cross-site request. Reload the page and try again.',
          needs: [],
        };
      // Any other refusal (escalation rules: only a superuser may …, granting what one does not
      // hold) is the server's own sentence, which says exactly what is not allowed.
      return {
        kind: 'forbidden',
        message: sentence(raw.replace(/\.?$/, '.')),
        needs: codenamesIn(raw),
      };
    }
    case 'NOT_FOUND':
      return {
        kind: 'not-found',
        message: 'Not found: it does not exist, or you may not see it.',
        needs: [],
      };
    case 'CONFLICT':
      return { kind: 'conflict', message: sentence(raw), needs: [] };
    case 'BAD_REQUEST':
    case 'PARSE_ERROR':
      return { kind: 'invalid', message: sentence(invalidInput(raw)), needs: [] };
    case 'TOO_MANY_REQUESTS':
      return {
        kind: 'failed',
        message: 'Too many attempts. Wait a few minutes and try again.',
        needs: [],
      };
    default:
      return {
        kind: 'failed',
        message:
          code === null
            ? 'The server could not be reached. Check your connection and try again.'
            : 'Something went wrong on the server. Try again in a moment.',
        needs: [],
      };
  }
}
