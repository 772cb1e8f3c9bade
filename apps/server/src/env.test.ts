import { EnvError } from '@warden/db';
import { describe, expect, it } from 'vitest';
import { allowedHostsOf, readServerEnv } from './env.js';

describe('readServerEnv', () => {
  it('has working defaults', () => {
    expect(readServerEnv({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      PGLITE_DIR: '.data/pglite',
    });
  });

  it('reads a port', () => {
    expect(readServerEnv({ PORT: '8080' }).PORT).toBe(8080);
    expect(readServerEnv({ PORT: '0' }).PORT).toBe(0);
  });

  it.each(['abc', '70000', '-1', '80.5', '1e3'])('rejects PORT=%s naming the variable', (value) => {
    expect(() => readServerEnv({ PORT: value })).toThrow(
      new EnvError([`PORT: must be an integer between 0 and 65535 (got "${value}")`]),
    );
  });

  it('reads trusted origins', () => {
    expect(readServerEnv({}).TRUSTED_ORIGINS).toEqual([]);
    expect(
      readServerEnv({ TRUSTED_ORIGINS: 'http://localhost:5173, https://app.example.com' })
        .TRUSTED_ORIGINS,
    ).toEqual(['http://localhost:5173', 'https://app.example.com']);
    expect(() => readServerEnv({ TRUSTED_ORIGINS: 'app.example.com' })).toThrow(/TRUSTED_ORIGINS/);
  });

  it('reads body limits in bytes, KiB or MiB', () => {
    expect(readServerEnv({}).AUTH_BODY_LIMIT).toBeUndefined();
    expect(readServerEnv({ AUTH_BODY_LIMIT: '65536' }).AUTH_BODY_LIMIT).toBe(65536);
    expect(readServerEnv({ AUTH_BODY_LIMIT: '64KiB' }).AUTH_BODY_LIMIT).toBe(65536);
    expect(readServerEnv({ TRPC_BODY_LIMIT: '2 MiB' }).TRPC_BODY_LIMIT).toBe(2 * 1024 * 1024);
    for (const bad of ['0', 'lots', '1GB', '-5', '1.5MiB']) {
      expect(() => readServerEnv({ TRPC_BODY_LIMIT: bad })).toThrow(
        new EnvError([
          `TRPC_BODY_LIMIT: must be a size in bytes, like 65536, 64KiB or 1MiB (got "${bad}")`,
        ]),
      );
    }
  });

  it('reads the tRPC batch limit', () => {
    expect(readServerEnv({}).TRPC_BATCH_LIMIT).toBeUndefined();
    expect(readServerEnv({ TRPC_BATCH_LIMIT: '10' }).TRPC_BATCH_LIMIT).toBe(10);
    expect(() => readServerEnv({ TRPC_BATCH_LIMIT: '0' })).toThrow(
      new EnvError(['TRPC_BATCH_LIMIT: must be a whole number of calls, at least 1 (got "0")']),
    );
  });

  it('serves loopback names in development unless ALLOWED_HOSTS or PUBLIC_URL say otherwise', () => {
    expect(allowedHostsOf(readServerEnv({}))).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(
      allowedHostsOf(readServerEnv({ ALLOWED_HOSTS: 'App.Example.com, .example.org,[::1]' })),
    ).toEqual(['app.example.com', '.example.org', '[::1]']);
    const both = readServerEnv({
      ALLOWED_HOSTS: 'internal.example',
      PUBLIC_URL: 'https://app.example.com/',
    });
    expect(both.PUBLIC_URL).toBe('https://app.example.com');
    expect(allowedHostsOf(both)).toEqual(['internal.example', 'app.example.com']);
  });

  it('refuses to start in production without ALLOWED_HOSTS or PUBLIC_URL', () => {
    expect(() => allowedHostsOf(readServerEnv({ NODE_ENV: 'production' }))).toThrow(
      new EnvError([
        'ALLOWED_HOSTS: must be set in production, or PUBLIC_URL: the host names this server answers to, like app.example.com (got unset)',
      ]),
    );
    const prod = readServerEnv({ NODE_ENV: 'production', PUBLIC_URL: 'https://app.example.com' });
    expect(allowedHostsOf(prod)).toEqual(['app.example.com']);
    expect(
      allowedHostsOf(readServerEnv({ NODE_ENV: 'production', ALLOWED_HOSTS: '.example.com' })),
    ).toEqual(['.example.com']);
  });

  it.each([
    ['ALLOWED_HOSTS', 'https://app.example.com'],
    ['ALLOWED_HOSTS', 'app.example.com:443'],
    ['ALLOWED_HOSTS', '*'],
    ['PUBLIC_URL', 'app.example.com'],
    ['PUBLIC_URL', 'https://app.example.com/base'],
    ['PUBLIC_URL', 'ftp://app.example.com'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => readServerEnv({ [name]: value })).toThrow(
      new RegExp(`^Invalid environment:\\n  - ${name}: must`),
    );
  });

  it('names server and database mistakes in one error', () => {
    try {
      readServerEnv({ PORT: 'x', NODE_ENV: 'prod', DATABASE_URL: 'sqlite://file' });
      expect.fail('expected an EnvError');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const names = (error as EnvError).issues.map((i) => i.split(':')[0]).sort();
      expect(names).toEqual(['DATABASE_URL', 'NODE_ENV', 'PORT']);
    }
  });
});
