import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as schema from '../test/fixture/schema.js';
import { createDb } from './create-db.js';
import { DatabaseInUseError } from './pglite-lock.js';

// One writer per PGlite directory: before, a second process opened it too, and the writes of the
// one that closed first were lost when the other flushed.
// Each open of a PGlite directory starts a Postgres in this process: seconds on a quiet machine,
// far more on a loaded one, so these tests get minutes, not the default 30 s.
describe('a PGlite data directory', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const open = () => createDb({ schema, connection: { dataDir: dir } });

  it('has one owner at a time, named to whoever else tries', async () => {
    const first = await open();
    expect(readFileSync(join(dir, 'warden.pid'), 'utf8')).toBe(String(process.pid));
    await expect(open()).rejects.toThrow(new DatabaseInUseError(dir, process.pid));
    await expect(open()).rejects.toThrow(
      `the database at ${dir} is in use by process ${process.pid}: stop the server, or run this through it`,
    );
    await first.close();
    const second = await open(); // released on close
    await second.close();
  });

  it('takes over the lock of a process that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(join(dir, 'warden.pid'), gone.stdout);
    const handle = await open();
    expect(readFileSync(join(dir, 'warden.pid'), 'utf8')).toBe(String(process.pid));
    await handle.close();
  });
});
