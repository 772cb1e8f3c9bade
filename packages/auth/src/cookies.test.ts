import { parse } from 'hono/utils/cookie';
import { describe, expect, it } from 'vitest';
import { cookieValue } from './cookies.js';

describe('cookieValue', () => {
  const token = 'abcdefghijkmnpqrstuvwx23.abcdefghijkmnpqrstuvwx23';

  it('reads the one cookie asked for, wherever it stands', () => {
    expect(cookieValue(`session=${token}`, 'session')).toBe(token);
    expect(cookieValue(`csrftoken=x; session=${token}; theme=dark`, 'session')).toBe(token);
    expect(cookieValue(`theme=dark`, 'session')).toBeUndefined();
    expect(cookieValue('', 'session')).toBeUndefined();
  });

  it('does not take a cookie whose name only contains the one asked for', () => {
    expect(cookieValue('xsession=1; session=2', 'session')).toBe('2');
    expect(cookieValue('__Host-session=1', 'session')).toBeUndefined();
    expect(cookieValue('session=1', '__Host-session')).toBeUndefined();
    expect(cookieValue('session_id=1', 'session')).toBeUndefined();
  });

  it('takes the first of two cookies of one name, as hono does', () => {
    expect(cookieValue('session=first; session=second', 'session')).toBe('first');
  });

  // The reader it replaced: the same answers for what browsers send and for what attackers try.
  it('answers as hono getCookie does', () => {
    for (const header of [
      `session=${token}`,
      ` session = ${token} ;csrftoken=abc`,
      'session="quoted"',
      'session=a%62c',
      'session=%E0%A4%A',
      'novalue; session=v',
      'session=',
      'a=1;;session=2',
    ]) {
      expect(cookieValue(header, 'session'), header).toBe(parse(header, 'session').session);
    }
  });
});
