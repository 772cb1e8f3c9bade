import type { AppTables } from './codenames.js';
import type { Registry } from './registry.js';
import { formatPermissionTable, type SyncReport, syncPermissions } from './sync.js';
import type { AnyPgDatabase } from './types.js';

export const PERMS_USAGE = `usage: perms list            print every codename with its human name
       perms sync [--prune]  write content types and permissions; --prune deletes stale ones`;

/**
 * `perms list` / `perms sync [--prune]` for an application's own CLI (what `manage.py` gives
 * Django). Writes to `out`; resolves with the process exit code (2 for a usage mistake).
 */
export async function runPermsCommand<C extends string>(
  args: readonly string[],
  deps: { db: AnyPgDatabase; registry: Registry<AppTables, C>; out: (line: string) => void },
): Promise<number> {
  const [verb, ...rest] = args;
  const unknown = rest.filter((a) => a !== '--prune');
  if (verb === 'list' && rest.length === 0) {
    deps.out(formatPermissionTable(deps.registry));
    return 0;
  }
  if (verb === 'sync' && unknown.length === 0) {
    const report = await syncPermissions(deps.db, deps.registry, {
      prune: rest.includes('--prune'),
    });
    deps.out(describeReport(report));
    return 0;
  }
  deps.out(PERMS_USAGE);
  return 2;
}

export function describeReport(report: SyncReport): string {
  const lines = [
    `content types created: ${report.createdContentTypes.length}`,
    `permissions created: ${report.created.length}`,
    `permissions renamed: ${report.renamed.length}`,
  ];
  if (report.cleanupTriggers.length > 0)
    lines.push(`object-grant cleanup triggers installed: ${report.cleanupTriggers.length} tables`);
  for (const c of report.created) lines.push(`  + ${c}`);
  for (const c of report.renamed) lines.push(`  ~ ${c}`);
  for (const c of report.deleted) lines.push(`  - ${c} (deleted, with its grants)`);
  if (report.stale.length > 0) {
    lines.push(`stale (no longer declared; run with --prune to delete them and their grants):`);
    for (const c of report.stale) lines.push(`  ? ${c}`);
  }
  if (report.missingTriggers.length > 0) {
    lines.push(
      'warning: no object-grant cleanup trigger on these tables (a deleted row would keep its object grants); add the SQL of `warden triggers` (objectGrantCleanupSql) to a migration:',
    );
    for (const table of report.missingTriggers) lines.push(`  ! ${table}`);
  }
  return lines.join('\n');
}
