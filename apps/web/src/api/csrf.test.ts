import { afterEach, describe, expect, it, vi } from 'vitest';
import { csrfToken } from './csrf';

// Issue 24 #12: the client sent whichever of `csrftoken` / `__Host-csrftoken` came first in
// document.cookie. A sibling subdomain, or a network attacker on plain http, can set (toss) an
// unprefixed `csrftoken` for our host, but never a `__Host-` one; in production the server reads
// only `__Host-csrftoken`, so the tossed cookie broke every mutation.
function page(cookie: string, protocol: 'http:' | 'https:') {
  vi.stubGlobal('document', { cookie });
  vi.stubGlobal('location', { protocol });
}

/** The server's `/auth/csrf`: the token of the cookie it reads, as JSON. */
function server(token: string) {
  const fetch = vi.fn(async () => Response.json({ token }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('csrfToken', () => {
  it('prefers __Host-csrftoken when a tossed csrftoken comes first', async () => {
    page('csrftoken=tossed; __Host-csrftoken=real', 'https:');
    expect(await csrfToken()).toBe('real');
    page('__Host-csrftoken=real; csrftoken=tossed', 'https:');
    expect(await csrfToken()).toBe('real');
  });

  it('on https, ignores a lone unprefixed cookie and asks the server for its token', async () => {
    page('csrftoken=tossed', 'https:');
    const fetch = server('from-server');
    expect(await csrfToken()).toBe('from-server');
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('in development (plain http) reads csrftoken, the only cookie the server sets there', async () => {
    page('session=x; csrftoken=dev-token', 'http:');
    const fetch = server('unused');
    expect(await csrfToken()).toBe('dev-token');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks the server when there is no cookie, and takes the token it answers', async () => {
    page('', 'http:');
    server('fresh');
    expect(await csrfToken()).toBe('fresh');
  });

  it('does not take a cookie whose name only ends in csrftoken', async () => {
    page('xcsrftoken=nope; a__Host-csrftoken=nope', 'http:');
    server('fresh');
    expect(await csrfToken()).toBe('fresh');
  });
});
