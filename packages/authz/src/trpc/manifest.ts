import { UnguardedProcedureError } from '../errors.js';
import { defOf, guardsOf, publicReason } from './guards.js';
import type { ProcedureKind } from './permission-class.js';

/** One procedure of a router, as the permission manifest lists it. */
export interface ManifestEntry {
  readonly path: string;
  readonly kind: ProcedureKind;
  /** The guard as an expression (several guards joined with `&`); null when there is none. */
  readonly guard: string | null;
  /** Why the procedure is open to all (`publicAccess(reason)`); null when it is not marked. */
  readonly public: string | null;
  /** Every codename a call can be asked for, sorted. */
  readonly codenames: readonly string[];
}

/** A procedure that is neither guarded by a permission class nor marked `publicAccess`. */
const KINDS: readonly ProcedureKind[] = ['query', 'mutation', 'subscription'];
const kindOf = (def: object): ProcedureKind | undefined =>
  'type' in def ? KINDS.find((k) => k === def.type) : undefined;

/**
 * The permission manifest: every procedure of a router with its kind, its guard and the codenames
 * it can require, sorted by path. Kept as a snapshot in an app's tests, a loosened guard shows in
 * code review; `formatManifest` prints it.
 */
export function permissionManifest(router: { _def: { procedures: object } }): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  for (const [path, procedure] of Object.entries(router._def.procedures)) {
    const def = defOf(procedure);
    const kind = def === undefined ? undefined : kindOf(def);
    if (kind === undefined) continue;
    const classes = guardsOf(procedure);
    entries.push({
      path,
      kind,
      guard: classes.length === 0 ? null : classes.map((c) => c.expression).join(' & '),
      public: publicReason(procedure) ?? null,
      codenames: [...new Set(classes.flatMap((c) => c.requires(kind)))].sort(),
    });
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

/** The manifest as an aligned text table, one procedure a line. */
export function formatManifest(entries: readonly ManifestEntry[]): string {
  const rows = entries.map((e) => [
    e.path,
    e.kind,
    e.guard ?? (e.public === null ? 'UNGUARDED' : `public: ${e.public}`),
    e.codenames.join(', '),
  ]);
  const header = ['procedure', 'kind', 'guard', 'codenames it can require'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * The router check: throws an UnguardedProcedureError naming every procedure that is neither
 * guarded nor marked public. One call in an app's tests keeps every procedure accounted for.
 */
export function assertEveryProcedureGuarded(router: { _def: { procedures: object } }): void {
  const unguarded = permissionManifest(router)
    .filter((e) => e.guard === null && e.public === null)
    .map((e) => e.path);
  if (unguarded.length > 0) throw new UnguardedProcedureError(unguarded);
}
