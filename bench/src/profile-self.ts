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
  const per = (run: typeof base, fn: string) => (run.times.get(fn) ?? 0) / run.requests;
  const total = (run: typeof base) =>
    [...run.times.values()].reduce((a, b) => a + b, 0) / run.requests;
  const names = [...new Set([...base.times.keys(), ...other.times.keys()])];
  const diffs = names
    .map((fn) => ({ fn, a: per(base, fn), b: per(other, fn) }))
    .sort((x, y) => Math.abs(y.b - y.a) - Math.abs(x.b - x.a))
    .slice(0, rows);
  const us = (x: number) => x.toFixed(2);
  return [
    `| function | ${base.name} µs/req | ${other.name} µs/req | difference |`,
    '|---|---:|---:|---:|',
    `| (all, profiled) | ${us(total(base))} | ${us(total(other))} | ${us(total(other) - total(base))} |`,
    ...diffs.map(({ fn, a, b }) => `| \`${fn}\` | ${us(a)} | ${us(b)} | ${us(b - a)} |`),
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
