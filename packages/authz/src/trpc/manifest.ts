import type { ModelInfo } from '../codenames.js';
import { UnguardedProcedureError } from '../errors.js';
import { ancestorsOf, type ScopeInfo } from '../scopes.js';
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
  /**
   * The scope models (`orgs.organization`) on whose rows a grant or a role can satisfy those
   * codenames: where a member of an organization may pass this guard, acting in it. Sorted; empty
   * without the registry, or when no codename's model is in a scope.
   */
  readonly within: readonly string[];
}

/** What the manifest reads of a registry to name the scopes a guard can be passed in. */
export interface ManifestRegistry {
  readonly scopes: readonly ScopeInfo[];
  readonly models: readonly ModelInfo[];
  readonly permissions: readonly {
    readonly codename: string;
    readonly appLabel: string;
    readonly model: string;
  }[];
}

/** The scope models whose rows can hold `codename`: its model's ancestors, and itself if a parent. */
function scopesOf(registry: ManifestRegistry, codename: string): string[] {
  const perm = registry.permissions.find((p) => p.codename === codename);
  const model = registry.models.find(
    (m) => m.appLabel === perm?.appLabel && m.model === perm?.model,
  );
  if (model === undefined) return [];
  const rows = ancestorsOf(registry.scopes, model).map((a) => a.model);
  if (registry.scopes.some((s) => s.parent === model)) rows.push(model);
  return rows.map((m) => `${m.appLabel}.${m.model}`);
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
export function permissionManifest(
  router: { _def: { procedures: object } },
  options: { registry?: ManifestRegistry } = {},
): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  for (const [path, procedure] of Object.entries(router._def.procedures)) {
    const def = defOf(procedure);
    const kind = def === undefined ? undefined : kindOf(def);
    if (kind === undefined) continue;
    const classes = guardsOf(procedure);
    const codenames = [...new Set(classes.flatMap((c) => c.requires(kind)))].sort();
    const { registry } = options;
    const within =
      registry === undefined ? [] : [...new Set(codenames.flatMap((c) => scopesOf(registry, c)))];
    entries.push({
      path,
      kind,
      guard: classes.length === 0 ? null : classes.map((c) => c.expression).join(' & '),
      public: publicReason(procedure) ?? null,
      codenames,
      within: within.sort(),
    });
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

/** The manifest as an aligned text table, one procedure a line. */
export function formatManifest(entries: readonly ManifestEntry[]): string {
  // The scopes column only for a manifest made with the registry and some scoped codename.
  const scoped = entries.some((e) => e.within.length > 0);
  const rows = entries.map((e) => [
    e.path,
    e.kind,
    e.guard ?? (e.public === null ? 'UNGUARDED' : `public: ${e.public}`),
    ...(scoped ? [e.within.join(', ')] : []),
    e.codenames.join(', '),
  ]);
  const header = [
    'procedure',
    'kind',
    'guard',
    ...(scoped ? ['held within'] : []),
    'codenames it can require',
  ];
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
