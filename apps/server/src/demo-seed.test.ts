import { EnvError } from '@warden/db';
import { describe, expect, it } from 'vitest';
import { demoSeeding } from './demo-seed.js';
import { readServerEnv } from './env.js';

// Issue 24 #14: with PUBLIC_URL or ALLOWED_HOSTS naming a public host and NODE_ENV unset, an empty
// database was seeded with admin / admin-demo-pw (printed in the README) and the cookies were not
// Secure, and nothing said so.
const decide = (vars: Record<string, string | undefined>) => demoSeeding(readServerEnv(vars));

describe('demoSeeding', () => {
  it('seeds a development server on this machine, silently', () => {
    expect(decide({})).toEqual({ seed: true, warnings: [] });
    expect(decide({ PUBLIC_URL: 'http://localhost:3000' })).toEqual({ seed: true, warnings: [] });
    expect(decide({ ALLOWED_HOSTS: '127.0.0.1,[::1],localhost,app.localhost' })).toEqual({
      seed: true,
      warnings: [],
    });
  });

  it.each([
    { PUBLIC_URL: 'https://app.example.com' },
    { ALLOWED_HOSTS: 'app.example.com' },
    { ALLOWED_HOSTS: 'localhost,.example.com' },
    { ALLOWED_HOSTS: '192.168.1.20' },
  ])('refuses to seed a public host (%o) unless asked, and says why', (vars) => {
    const { seed, warnings } = decide(vars);
    expect(seed).toBe(false);
    expect(warnings.join('\n')).toMatch(/demo data not created: .* public host .* SEED_DEMO=1/);
    // and that its cookies are not Secure: NODE_ENV is not production
    expect(warnings.join('\n')).toMatch(/cookies are not Secure.*NODE_ENV=production/);
  });

  it('seeds a public host when asked with SEED_DEMO=1, and warns loudly', () => {
    const { seed, warnings } = decide({ PUBLIC_URL: 'https://demo.example.com', SEED_DEMO: '1' });
    expect(seed).toBe(true);
    expect(warnings.join('\n')).toMatch(/published passwords .*demo\.example\.com/);
  });

  it('never seeds with SEED_DEMO=0, nor in production', () => {
    expect(decide({ SEED_DEMO: '0' })).toEqual({ seed: false, warnings: [] });
    expect(decide({ NODE_ENV: 'production', PUBLIC_URL: 'https://app.example.com' })).toEqual({
      seed: false,
      warnings: [],
    });
  });

  it('refuses SEED_DEMO=1 in production, naming the variable', () => {
    expect(() =>
      decide({ NODE_ENV: 'production', PUBLIC_URL: 'https://app.example.com', SEED_DEMO: '1' }),
    ).toThrow(EnvError);
    expect(() => readServerEnv({ SEED_DEMO: 'yes' })).toThrow(
      new EnvError(['SEED_DEMO: must be 1 (seed the demo data) or 0 (never) (got "yes")']),
    );
  });
});
