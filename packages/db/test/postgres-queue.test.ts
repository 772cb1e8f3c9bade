import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

interface Queue {
  readonly length: number;
  remove(x: object): object | null;
  push(x: object): object;
  shift(): object | undefined;
}

function isQueueFactory(value: unknown): value is (initial?: object[]) => Queue {
  return typeof value === 'function';
}

// The pool's internal queue (postgres/src/queue.js), as patched in patches/postgres@3.4.9.patch.
async function loadQueue() {
  const main = createRequire(import.meta.url).resolve('postgres'); // …/postgres/cjs/src/index.js
  const file = join(dirname(main), '..', '..', 'src', 'queue.js');
  const mod: { default: unknown } = await import(pathToFileURL(file).href);
  if (!isQueueFactory(mod.default)) throw new Error(`no Queue in ${file}`);
  return mod.default;
}

afterEach(() => vi.restoreAllMocks());

describe('postgres.js pool queue (patched, porsager/postgres#747)', () => {
  it('keeps FIFO order, length and remove', async () => {
    const Queue = await loadQueue();
    const [a, b, c] = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const q = Queue();
    q.push(a);
    q.push(b);
    q.push(c);
    expect(q.remove(b)).toBe(b);
    expect(q.remove(b)).toBeNull();
    expect(q.length).toBe(2);
    expect(q.shift()).toBe(a);
    expect(q.shift()).toBe(c);
    expect(q.length).toBe(0);
  });

  it('does not grow while it is never empty (the busy queue under load)', async () => {
    const Queue = await loadQueue();
    const connections = Array.from({ length: 10 }, (_, n) => ({ n }));
    const busy = Queue(connections);
    // Count the array each remove() scans: unpatched, it grew by one hole per query served.
    const indexOf = Array.prototype.indexOf;
    let longest = 0;
    vi.spyOn(Array.prototype, 'indexOf').mockImplementation(function scanned(
      this: unknown[],
      ...args: [unknown, number?]
    ) {
      longest = Math.max(longest, this.length);
      return indexOf.apply(this, args);
    });
    // What index.js's handler() + go() + move() do per query with every connection busy.
    for (let i = 0; i < 100_000; i++) {
      const c = busy.shift();
      if (c === undefined) throw new Error('the queue lost a connection');
      busy.remove(c);
      busy.push(c);
    }
    vi.restoreAllMocks();
    expect(busy.length).toBe(10);
    expect(longest).toBeLessThan(4096);
    const order = Array.from({ length: 10 }, () => busy.shift());
    expect(new Set(order).size).toBe(10);
  });
});
