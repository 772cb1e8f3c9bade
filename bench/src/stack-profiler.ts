import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { allocatedBytes, type CpuProfile, type HeapProfile, selfTimes } from './profile-self.js';

/**
 * `STACK_PROFILE` of stack.ts: CPU profiles and sampling heap profiles of the runs given to it,
 * kept by variant and written as `<variant>-<n>.cpuprofile` / `.heapprofile` (DevTools opens both).
 * The heap profile counts what was allocated, collected since or not: what a request costs the
 * collector, where a snapshot would show only what lives.
 */
export async function startProfiler(dir: string, requestsPerRun: number) {
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 }); // µs
  await session.post('HeapProfiler.enable');
  const cpu = new Map<string, CpuProfile[]>();
  const heap = new Map<string, HeapProfile[]>();
  const keep = <T>(kept: Map<string, T[]>, name: string, profile: T) => {
    const list = kept.get(name) ?? [];
    list.push(profile);
    kept.set(name, list);
    return `${name.replace(/[^a-z]+/gi, '-')}-${list.length}`;
  };
  return {
    /** A CPU profile of `run`. */
    async around(name: string, run: () => Promise<number>): Promise<number> {
      await session.post('Profiler.start');
      const us = await run();
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(dir, `${keep(cpu, name, profile)}.cpuprofile`), JSON.stringify(profile));
      return us;
    },
    /**
     * A sampling heap profile of `run`, in runs of its own: with the sampler on (and its weak
     * handles on every sampled object) each request took three times the CPU, which would skew a
     * CPU profile taken at the same time.
     */
    async sampleHeap(name: string, run: () => Promise<unknown>): Promise<void> {
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 4096, // bytes
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      await run();
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(join(dir, `${keep(heap, name, profile)}.heapprofile`), JSON.stringify(profile));
    },
    selfTimes(name: string) {
      const list = cpu.get(name) ?? [];
      return { name, times: selfTimes(list), requests: list.length * requestsPerRun };
    },
    /** Bytes allocated a request, as the heap sampler estimates them. */
    allocated(name: string): number {
      const list = heap.get(name) ?? [];
      const bytes = list.reduce((sum, p) => sum + allocatedBytes(p), 0);
      return bytes / (list.length * requestsPerRun);
    },
  };
}
