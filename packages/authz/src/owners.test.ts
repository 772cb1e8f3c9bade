import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { WrongModelError } from './errors.js';
import { ownerColumns } from './owners.js';
import { defineModels } from './registry.js';
import { user } from './schema.js';
import { permissionClasses } from './trpc/classes.js';
import type { PermissionRequest } from './trpc/permission-class.js';

const post = pgTable('blog_post', {
  id: integer('id').primaryKey(),
  title: text('title').notNull(),
  authorId: integer('author_id').references(() => user.id),
  editorId: integer('editor_id'),
  views: integer('views').notNull(),
});
const tag = pgTable('blog_tag', { id: integer('id').primaryKey(), name: text('name') });

const registry = defineModels({ blog: { post, tag } }, { owners: { 'blog.post': 'authorId' } });
type C = typeof registry.$codename;

describe('owner columns', () => {
  it('are read from the declaration, with the table, model and field', () => {
    expect(registry.owners).toHaveLength(1);
    expect(registry.owners[0]).toMatchObject({
      appLabel: 'blog',
      model: 'post',
      table: post,
      field: 'authorId',
      column: post.authorId,
    });
  });

  it('refuse, at start, what the compiler cannot see', () => {
    // A declaration from strings (the compiler refuses these as literals, below).
    const models = new Map(registry.models.map((m) => [`${m.appLabel}.${m.model}`, m]));
    const declared = (owners: Record<string, string>) => () => ownerColumns(owners, models);
    expect(declared({ 'blog.nope': 'authorId' })).toThrow(
      "an owner column is declared for 'blog.nope', which is no registered model",
    );
    expect(declared({ 'blog.post': 'nope' })).toThrow("'nope' is not a column of blog.post");
    expect(declared({ 'blog.post': 'title' })).toThrow('must be an integer column');
    expect(declared({ 'blog.post': 'id' })).toThrow('cannot be its primary key');
    // An integer column without a foreign key to the users: a deleted owner's id would outlive them.
    expect(declared({ 'blog.post': 'editorId' })).toThrow(
      'the owner column blog.post.editorId must reference auth_user(id)',
    );
  });

  it('drive isOwner and isOwnerOrReadOnly, which take rows of their table only', async () => {
    const p = permissionClasses(registry);
    const request = (type: 'query' | 'mutation', id: number | null): PermissionRequest<C> => {
      const user = id === null ? null : { id, isActive: true, isSuperuser: false };
      const perms = {
        user,
        has: () => false,
        hasGlobally: () => false,
        hasAll: () => false,
        all: () => new Set<C>(),
      };
      return { user, type, perms, hasObjectPerm: async () => false };
    };
    const mine = { id: 1, title: 'mine', authorId: 7, editorId: null, views: 0 };
    expect(await p.isOwner(post).hasObjectPermission(request('query', 7), mine)).toBe(true);
    expect(await p.isOwner(post).hasObjectPermission(request('query', 8), mine)).toBe(false);
    // A bare key is no row: ownership needs the row (the compiler refuses a key at checkObject).
    expect(() => p.isOwner(post).hasObjectPermission(request('mutation', 7), 1)).toThrow(
      WrongModelError,
    );
    // An anonymous caller owns nothing.
    expect(await p.isOwner(post).hasObjectPermission(request('mutation', null), mine)).toBe(false);
    const readOnly = p.isOwnerOrReadOnly(post);
    expect(await readOnly.hasObjectPermission(request('query', 8), mine)).toBe(true);
    expect(await readOnly.hasObjectPermission(request('mutation', 8), mine)).toBe(false);
    expect(await readOnly.hasObjectPermission(request('mutation', 7), mine)).toBe(true);
    expect(() =>
      p.isOwner(post).hasObjectPermission(request('query', 7), { id: 1, name: 'x' }),
    ).toThrow(WrongModelError);
    expect(p.isOwner(post).expression).toBe('isOwner(blog.post)');
    expect(() => p.isOwner(tag)).toThrow(
      "blog.tag declares no owner column: name it in defineModels(…, { owners: { 'blog.tag': '<column>' } })",
    );
  });

  it('are typed: a model that is none, or a column that holds no user id, does not compile', () => {
    const check = () => {
      // @ts-expect-error: no such model
      defineModels({ blog: { post } }, { owners: { 'blog.nope': 'authorId' } });
      // @ts-expect-error: a text column holds no user id
      defineModels({ blog: { post } }, { owners: { 'blog.post': 'title' } });
      // @ts-expect-error: no such column
      defineModels({ blog: { post } }, { owners: { 'blog.post': 'ownerId' } });
      defineModels({ blog: { post } }, { owners: { 'blog.post': 'authorId' } });
    };
    expect(check).toBeTypeOf('function');
  });
});
