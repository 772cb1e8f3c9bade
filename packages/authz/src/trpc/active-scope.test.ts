import { TRPCError } from '@trpc/server';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { organization, project, scopedRegistry } from '../../test/scoped-fixture.js';
import { defineModels } from '../registry.js';
import { user } from '../schema.js';
import { scopeFromHeader } from './active-scope.js';

// The active organization as a client names it: exactly a registered row's spelling, or a 400.
describe('scopeFromHeader', () => {
  it('reads app.model:key into within(table, key), and nothing into null', () => {
    expect(scopeFromHeader(scopedRegistry, organization, 'orgs.organization:5')).toEqual({
      within: organization,
      key: 5,
    });
    expect(scopeFromHeader(scopedRegistry, organization, undefined)).toBeNull();
    expect(scopeFromHeader(scopedRegistry, organization, '')).toBeNull();
    expect(
      scopeFromHeader(scopedRegistry, [organization, project], 'orgs.project:2147483647'),
    ).toEqual({ within: project, key: 2_147_483_647 });
  });

  it('refuses anything else with BAD_REQUEST, before any query', () => {
    for (const bad of [
      'orgs.organization:2147483648',
      'orgs.organization:05',
      'orgs.organization:-1',
      'orgs.organization: 5',
      'orgs.organization:',
      'orgs.project:5',
      'Orgs.organization:5',
      'orgs.organization:5x',
    ]) {
      let thrown: unknown;
      try {
        scopeFromHeader(scopedRegistry, organization, bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, bad).toBeInstanceOf(TRPCError);
      expect(thrown, bad).toMatchObject({
        code: 'BAD_REQUEST',
        message: 'x-warden-scope must be orgs.organization:<key> (got a value that is not)',
      });
    }
  });

  it('takes text keys without spaces or control characters, and bigints', () => {
    const team = pgTable('t_team', { slug: text('slug').primaryKey() });
    const big = pgTable('t_big', { id: integer('id').primaryKey() });
    const registry = defineModels({ auth: { user }, t: { team, big } });
    expect(scopeFromHeader(registry, team, 't.team:red-team')).toEqual({
      within: team,
      key: 'red-team',
    });
    expect(() => scopeFromHeader(registry, team, 't.team:red team')).toThrow(/t\.team:<key>/);
    expect(() => scopeFromHeader(registry, organization, 'orgs.organization:1')).toThrow(
      /not registered/,
    );
  });
});
