import type { PermissionClass } from './permission-class.js';

// Which class guards a built procedure, read back from the procedure itself: the manifest, the
// router check and canCall all come from here, with nothing for a procedure's author to add or
// keep in step.

/**
 * Procedure meta: why a procedure is open to all (`publicAccess`). What a guarded one asks is read
 * from its guard (`guardsOf`, the manifest, `canCall`), never from meta that could disagree.
 */
export interface PermissionMeta {
  /** Set by `publicAccess(reason)`: the procedure is deliberately unguarded, and says why. */
  public?: string;
}

/**
 * Each middleware function `protect()` made → the class it runs. A router can be read back from it
 * (which guard each procedure has: the manifest, the router check, canCall) with nothing for the
 * procedure's author to add or forget.
 */
const guards = new WeakMap<object, PermissionClass<string>>();

/** The permission classes guarding a built procedure, outermost first (empty: unguarded). */
export function guardsOf(procedure: unknown): PermissionClass<string>[] {
  const def = defOf(procedure);
  if (def === undefined || !('middlewares' in def) || !Array.isArray(def.middlewares)) return [];
  const found: PermissionClass<string>[] = [];
  for (const fn of def.middlewares) {
    const cls = typeof fn === 'function' ? guards.get(fn) : undefined;
    if (cls !== undefined) found.push(cls);
  }
  return found;
}

/** `procedure._def`, read by shape: a built procedure's type does not declare its middlewares. */
export function defOf(procedure: unknown): object | undefined {
  if ((typeof procedure !== 'function' && typeof procedure !== 'object') || procedure === null)
    return undefined;
  if (!('_def' in procedure) || typeof procedure._def !== 'object' || procedure._def === null)
    return undefined;
  return procedure._def;
}

/** The reason a procedure was marked public with `publicAccess`, if it was. */
export function publicReason(procedure: unknown): string | undefined {
  const def = defOf(procedure);
  if (def === undefined || !('meta' in def)) return undefined;
  const { meta } = def;
  if (typeof meta !== 'object' || meta === null || !('public' in meta)) return undefined;
  return typeof meta.public === 'string' ? meta.public : undefined;
}

/** Meta for a procedure open to everyone on purpose: `.meta(publicAccess('who am I'))`. */
export function publicAccess(reason: string): PermissionMeta {
  if (reason.trim() === '') throw new Error('publicAccess needs the reason the procedure is open');
  return { public: reason };
}

/** Remembers which class a protect() middleware runs. */
export function registered<T extends { _middlewares: readonly object[] }>(
  middleware: T,
  cls: PermissionClass<string>,
): T {
  for (const fn of middleware._middlewares) guards.set(fn, cls);
  return middleware;
}
