import { TRPCError } from '@trpc/server';
import type { AnyTable, ModelInfo } from '../codenames.js';
import { WrongModelError } from '../errors.js';
import { primaryKeyOf } from '../object-perms.js';
import { type Within, within } from '../scoped-grants.js';

/**
 * The request header a client names the scope row it acts in with (its active organization):
 * `orgs.organization:5`, the spelling of `authz.memberships(user)`'s `scope` and of the CLI's
 * `--within`, so a client sends back what it was listed.
 */
export const SCOPE_HEADER = 'x-warden-scope';

const INT4_MAX = 2_147_483_647n;
const INT8_MAX = 9_223_372_036_854_775_807n;

/** The key as the column can hold it, or undefined: a key no row can have never reaches SQL. */
function keyFor(table: AnyTable, text: string): number | bigint | string | undefined {
  const type = primaryKeyOf(table).column.getSQLType();
  if (/int|serial/i.test(type)) {
    if (!/^[1-9]\d{0,18}$/.test(text)) return undefined;
    const key = BigInt(text);
    if (/big/i.test(type)) return key <= INT8_MAX ? key : undefined;
    return key <= INT4_MAX ? Number(key) : undefined;
  }
  return /^[^\s\p{Cc}]{1,100}$/u.test(text) ? text : undefined;
}

/**
 * The tRPC context's `scope` from a request's `x-warden-scope` value: null without one, the row
 * of `tables` it names (`within(organization, 5)`), and BAD_REQUEST for anything else (a typo must
 * not silently act nowhere; a key the column cannot hold is no query). Naming a row grants nothing
 * by itself: what the user holds there is what the guards count.
 *
 * @example
 * createContext: ({ req }) => ({ …, scope: scopeFromHeader(registry, organization, req.headers.get(SCOPE_HEADER)) })
 */
export function scopeFromHeader(
  registry: { modelOf(table: AnyTable): ModelInfo | undefined },
  tables: AnyTable | readonly AnyTable[],
  value: string | null | undefined,
): Within | null {
  if (value === undefined || value === null || value === '') return null;
  const models = (Array.isArray(tables) ? tables : [tables]).map((table: AnyTable) => {
    const model = registry.modelOf(table);
    if (model === undefined)
      throw new WrongModelError('scopeFromHeader: a table is not registered');
    return model;
  });
  for (const model of models) {
    const prefix = `${model.appLabel}.${model.model}:`;
    if (!value.startsWith(prefix)) continue;
    const key = keyFor(model.table, value.slice(prefix.length));
    if (key !== undefined) return within(model.table, key);
  }
  const shapes = models.map((m) => `${m.appLabel}.${m.model}:<key>`).join(' or ');
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: `${SCOPE_HEADER} must be ${shapes} (got a value that is not)`,
  });
}
