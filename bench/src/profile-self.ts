/** The parts of a V8 CPU profile (node:inspector's `Profiler.stop`) that self time needs. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly children?: readonly number[];
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }>;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** `fn path:line`, the path from the package (`hono/dist/compose.js`) or the repository down. */
function place(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const path = frame.url
    .replace(/^.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '')
    .replace(/^file:\/\/.*?\/(apps|packages|bench)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${path}:${frame.lineNumber + 1}`;
}

/**
 * Self time in µs per function over several profiles (each sample's interval goes to the function
 * it caught running; V8 counts a builtin such as JSON.stringify to its caller). Idle time is left
 * out, and so is the profiler's own work (a sample under `node:inspector`: stopping the profile).
 */
export function selfTimes(profiles: readonly CpuProfile[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((node) => [node.id, place(node.callFrame)]));
    // The inspector's calls and everything below them.
    const children = new Map(profile.nodes.map((node) => [node.id, node.children ?? []]));
    const inspector = new Set<number>();
    const mark = (id: number): void => {
      inspector.add(id);
      for (const child of children.get(id) ?? []) mark(child);
    };
    for (const node of profile.nodes) if (node.callFrame.url === 'node:inspector') mark(node.id);
    const deltas = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const name = byId.get(id);
      if (name === undefined || name.startsWith('(idle)') || inspector.has(id)) return;
      times.set(name, (times.get(name) ?? 0) + (deltas[i] ?? 0));
    });
  }
  return times;
}

/**
 * The functions whose self time per request differs most between two runs (`base`, then `other`),
 * as a Markdown table; and the totals, whose difference the rows break down.
 */
export function selfTimeTable(
  base: { readonly name: string; readonly times: Map<string, number>; readonly requests: number },
  other: { readonly name: string; readonly times: Map<string, number>; readonly requests: number },
  rows: number,
): string {
  const perRequest = (run: typeof base) => ({
    name: run.name,
    times: new Map([...run.times].map(([fn, us]) => [fn, us / run.requests])),
  });
  return differenceTable(perRequest(base), perRequest(other), {
    column: 'function',
    total: '(all, profiled)',
    rows,
    digits: 2,
    label: (fn) => `\`${fn}\``,
  });
}

/**
 * Two runs' µs per request by key (a function, a package), as a Markdown table: the totals, then
 * the `rows` keys whose figures differ most.
 */
export function differenceTable(
  base: { readonly name: string; readonly times: ReadonlyMap<string, number> },
  other: { readonly name: string; readonly times: ReadonlyMap<string, number> },
  table: {
    readonly column: string;
    readonly total: string;
    readonly rows: number;
    readonly digits: number;
    readonly label?: (key: string) => string;
  },
): string {
  const us = (x: number) => x.toFixed(table.digits);
  const sum = (times: ReadonlyMap<string, number>) =>
    [...times.values()].reduce((a, b) => a + b, 0);
  const label = table.label ?? ((key: string) => key);
  const keys = [...new Set([...base.times.keys(), ...other.times.keys()])];
  return [
    `| ${table.column} | ${base.name} µs/req | ${other.name} µs/req | difference |`,
    '|---|---:|---:|---:|',
    `| ${table.total} | ${us(sum(base.times))} | ${us(sum(other.times))} | ${us(sum(other.times) - sum(base.times))} |`,
    ...keys
      .map((key) => ({ key, a: base.times.get(key) ?? 0, b: other.times.get(key) ?? 0 }))
      .sort((x, y) => Math.abs(y.b - y.a) - Math.abs(x.b - x.a))
      .slice(0, table.rows)
      .map(({ key, a, b }) => `| ${label(key)} | ${us(a)} | ${us(b)} | ${us(b - a)} |`),
  ].join('\n');
}

/** The parts of a sampling heap profile (`HeapProfiler.stopSampling`) that a total needs. */
export interface HeapProfile {
  readonly head: HeapNode;
}
interface HeapNode {
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

/** The bytes a sampling heap profile estimates were allocated: the sum of its nodes' own. */
export function allocatedBytes(profile: HeapProfile): number {
  let bytes = 0;
  const stack: HeapNode[] = [profile.head];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    bytes += node.selfSize;
    stack.push(...node.children);
  }
  return bytes;
}
