import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export interface PromptStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/**
 * Asks for a secret on the terminal without echoing it (Django's getpass), or reads one line from
 * a pipe (`echo "$PW" | warden changepassword ann`). Resolves `undefined` at end of input.
 */
export function readSecret(question: string, streams: PromptStreams): Promise<string | undefined> {
  const tty = streams.input.isTTY === true;
  let muted = false;
  // The prompt itself is shown; what is typed after it is not.
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) streams.output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: streams.input, output, terminal: tty });
  return new Promise((resolve) => {
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      if (tty) streams.output.write('\n');
      rl.close();
      resolve(answer);
    });
    muted = true;
    rl.on('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}

/** A new password, typed twice on a terminal (once from a pipe), as Django's createsuperuser asks. */
export async function readNewPassword(streams: PromptStreams): Promise<string | undefined> {
  const first = await readSecret('Password: ', streams);
  if (first === undefined || streams.input.isTTY !== true) return first;
  const again = await readSecret('Password (again): ', streams);
  return again === first ? first : undefined;
}
