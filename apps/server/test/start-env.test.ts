import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverEnvSchema } from '../src/env.js';

// `pnpm start` runs the server through turbo, whose strict environment mode passes a task only
// the variables its turbo.json entry names. ALLOWED_HOSTS and PUBLIC_URL were missing, so
// `NODE_ENV=production ALLOWED_HOSTS=app.example.com pnpm start` refused to start ("ALLOWED_HOSTS:
// must be set in production") although it was set. Every variable the server reads must be named.
const turbo: unknown = JSON.parse(
  readFileSync(new URL('../../../turbo.json', import.meta.url), 'utf8'),
);

function passThrough(task: string): unknown {
  if (typeof turbo !== 'object' || turbo === null || !('tasks' in turbo)) return undefined;
  const tasks = turbo.tasks;
  if (typeof tasks !== 'object' || tasks === null || !(task in tasks)) return undefined;
  const entry: unknown = Object.entries(tasks).find(([name]) => name === task)?.[1];
  if (typeof entry !== 'object' || entry === null || !('passThroughEnv' in entry)) return undefined;
  return entry.passThroughEnv;
}

describe('turbo passes the server its environment', () => {
  it.each(['@warden/server#start', 'start', 'dev'])(
    '%s names every variable the server reads',
    (task) => {
      expect(passThrough(task)).toEqual(expect.arrayContaining(Object.keys(serverEnvSchema.shape)));
    },
  );
});
