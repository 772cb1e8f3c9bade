// `pnpm start`: turbo runs @warden/server's start (building what it depends on first), and this
// process stands between pnpm and turbo so that each stop request reaches turbo once.
//
// Why (issue 24, #17): turbo stops its tasks gracefully on the first signal and kills them on a
// second. A Ctrl-C reaches every process of the terminal's group, turbo included; npx and pnpm
// then pass it on to their child too, and pnpm, given a second SIGINT (the group's and npx's),
// sends its child SIGTERM. With turbo as pnpm's child that was a second signal: turbo killed the
// server before it flushed PGlite, and everything still exited 0. Here a SIGINT is left to the
// group delivery (as turbo's own npm wrapper does on POSIX), a SIGTERM is passed on only when no
// stop is under way (a process manager's SIGTERM to the top process reaches no one else), and the
// exit is turbo's: 0 after a clean stop.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const turbo = spawn(
  `${root}/node_modules/.bin/turbo`,
  ['run', 'start', '--filter=@warden/server', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

let stopping = false;
// SIGINT, SIGHUP: the terminal sent them to its whole group, so turbo has its own already.
for (const signal of ['SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    stopping = true;
  });
}
process.on('SIGTERM', () => {
  if (stopping) return; // pnpm's escalation of a Ctrl-C, or a repeat: turbo is stopping already
  stopping = true;
  turbo.kill('SIGTERM');
});

turbo.once('error', (error) => {
  console.error(`could not run turbo: ${error.message}`);
  process.exit(1);
});
turbo.once('exit', (code, signal) => {
  // Turbo's own exit status; ended by a signal, the shell's convention (128 + its number).
  process.exit(signal === null ? (code ?? 1) : 128 + (constants.signals[signal] ?? 0));
});
