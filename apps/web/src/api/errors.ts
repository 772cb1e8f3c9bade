import { TRPCClientError } from '@trpc/client';
import type { AppRouter, Codename } from '@warden/api';
import { type Denial, permissionName } from '@warden/authz/client';

/** An error the API answered with, typed by its router: `error.data` is the server's shape. */
export function isApiError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

/** The codes of the statuses the plain `/auth` endpoints answer with, for a body without one. */
const CODE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * A refusal of a plain `/auth` endpoint (`{ error: { code, message, denial? } }`, the server's one
 * error body) as the error the tRPC client raises for the same refusal, so one display
 * (`ProblemNotice`, `describeProblem`) reads both: an invitation page shows "already used" as the
 * product page shows a 409.
 */
export async function authEndpointError(res: Response): Promise<Error> {
  const body: unknown = await res.json().catch(() => null);
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const text = typeof error.message === 'string' ? error.message : `HTTP ${res.status}`;
  const data = {
    code:
      typeof error.code === 'string'
        ? error.code
        : (CODE_OF_STATUS[res.status] ?? 'INTERNAL_SERVER_ERROR'),
    httpStatus: res.status,
    denial: error.denial ?? null,
  };
  return new TRPCClientError(text, { result: { error: { code: -32603, message: text, data } } });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The tRPC error code of an error, or null when it is none (a network failure, a bug). */
export function errorCode(error: unknown): string | null {
  return isApiError(error) ? (error.data?.code ?? null) : null;
}

/**
 * Why a refusal was made, as the server sends it beside the code (`data.denial`): a guard's
 * reason and the codenames it needs, or the CSRF check's. Null for anything else.
 */
function denialOf(error: unknown): Denial<Codename> | null {
  return isApiError(error) ? (error.data?.denial ?? null) : null;
}

export interface Problem {
  readonly kind: 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'invalid' | 'failed';
  /** A sentence for a person. */
  readonly message: string;
  /** The codenames a denial needs (for 403s). */
  readonly needs: readonly Codename[];
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
 * A 403 in words, from its denial: "You need “Can change user”" (human names from `names`), a staff
 * user, or a fresh CSRF token. A refusal that names nothing to grant (an escalation rule: only a
 * superuser may …; not the owner) is the server's own sentence, which says exactly what is not
 * allowed; no message is ever parsed.
 */
function forbidden(
  denial: Denial<Codename> | null,
  raw: string,
  names: Readonly<Record<string, string>>,
): Problem {
  const needs = denial?.needs ?? [];
  const staff = denial?.reason === 'not-staff';
  if (denial?.reason === 'csrf') {
    const message =
      'The request was refused as a possible cross-site request. Reload the page and try again.';
    return { kind: 'forbidden', message, needs };
  }
  if (needs.length > 0) {
    const list = needs.map((c) => `“${permissionName(c, names)}” (${c})`).join(' and ');
    const message = `You need the permission ${list}${staff ? ', as a staff user' : ''}.`;
    return { kind: 'forbidden', message, needs };
  }
  if (staff) return { kind: 'forbidden', message: 'You need to be a staff user.', needs };
  return { kind: 'forbidden', message: sentence(raw.replace(/\.?$/, '.')), needs };
}

/**
 * What went wrong, in words: 401 → log in again; 403 → what the denial needs (`forbidden`); 404,
 * 409 and bad input as the server says.
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
    case 'FORBIDDEN':
      return forbidden(denialOf(error), raw, names);
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
