import { describeEachBackend } from '@warden/db/testing';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { createSecurityEvents } from '../src/security-events.js';

// Issue 24 #11: request paths reach the log percent-decoded, so a path holding `%0A` began a line
// of its own, and `POST /trpc/x%0Asecurity:%201%20FORGED` wrote a `security:` line that an
// operator (or an alert matching `^security:`) took for the server's. Every line the server writes
// while answering is captured, the security events' and the console's.
describeEachBackend('log forging', (t) => {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  let spies: Array<{ mockRestore(): void }> = [];
  beforeEach(() => {
    lines.length = 0;
    spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(capture),
    );
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });

  /** Every physical line written: what a reader of the log, or a grep, sees. */
  const logged = () => lines.flatMap((line) => line.split(/\r\n|\r|\n|\u2028|\u2029/));

  it.each([
    ['a newline', '/trpc/x%0Asecurity:%201%20FORGED'],
    ['a carriage return and newline', '/trpc/x%0D%0Asecurity:%201%20FORGED'],
    ['a Unicode line separator', '/trpc/x%E2%80%A8security:%201%20FORGED'],
    ['a path outside /trpc', '/auth/x%0Asecurity:%201%20FORGED'],
  ])('a path with %s cannot write a line of its own', async (_, path) => {
    const events = createSecurityEvents({ log: capture });
    const app = createApp({ db: t.handle, securityEvents: events });
    // A cookie and no CSRF token: refused, and the refusal is logged with its path.
    const res = await app.request(`http://127.0.0.1${path}`, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1', cookie: 'csrftoken=abcdefghijkmnpqrstuvwxyz23' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(events.counts().csrf_rejected).toBe(1);
    expect(lines.join('\n')).toContain('FORGED'); // the path is logged, escaped
    expect(logged().filter((line) => /^\s*security: 1 FORGED/.test(line))).toEqual([]);
    expect(logged().filter((line) => line.startsWith('security:'))).toHaveLength(1);
  });
});
