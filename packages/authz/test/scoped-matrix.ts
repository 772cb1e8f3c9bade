import { within } from '../src/scoped-grants.js';
import { permissionClasses } from '../src/trpc/classes.js';
import type { DrfAnswer, MatrixEntry, Outcome, Row } from './drf-matrix.js';
import * as drf from './drf-model.js';
import { organization, type ScopedCodename, scopedRegistry, task } from './scoped-fixture.js';

// The five operations under scopes: the object and model classes on `orgs_task` (organization →
// project → task, test/scoped-fixture.ts) for users whose access comes from a scope: a role in an
// organization, a grant within a project or an organization, a role in another organization.
// test/scoped-matrix.test.ts runs it on both backends; docs/drf-parity.md shows it (rendered by
// test/drf-parity-doc.ts). DRF and guardian have no scopes: to them each of these users holds
// nothing, so DRF's column is its answer for a user without grants, and every cell where a scope
// changes the answer cites #14.

/** Who calls, in the order of the tables. */
export const SCOPED_USER_KINDS = [
  'plain',
  'member',
  'member-acting',
  'project-grant',
  'group-within',
  'other-member',
] as const;
export type ScopedUserKind = (typeof SCOPED_USER_KINDS)[number];

/** The role of `member`, `member-acting` and `other-member`: a group's model grants. */
export const TASK_EDITOR = ['orgs.view_task', 'orgs.add_task', 'orgs.change_task'] as const;

export const SCOPED_USER_DESCRIPTIONS: Record<ScopedUserKind, string> = {
  plain: 'no grants',
  member:
    'a member of organization 1 as `Task editors` (a group with the model grants `view_task`, `add_task`, `change_task`)',
  'member-acting':
    "the same role in organization 1, and the request acts in it (its context's `scope` is `within(organization, 1)`)",
  'project-grant': '`view_task` and `change_task` granted within project 1 (tasks 1 and 2)',
  'group-within':
    'in the group `Org 1 viewers`, which has `view_task` within organization 1 (a group scope grant)',
  'other-member': 'a member of organization 2 as `Task editors` (tasks 5 to 8)',
};

/** The scope a kind's requests act in, if any: the context's `scope`. */
export const ACTING_IN: Partial<Record<ScopedUserKind, ReturnType<typeof within>>> = {
  'member-acting': within(organization, 1),
};

const p = permissionClasses(scopedRegistry);
const F = 'FORBIDDEN';
const N = 'NOT_FOUND';

/** DRF's answer to every kind: a user without grants, as far as DRF and guardian can tell. */
const drfRows = (row: Row<DrfAnswer>): Record<ScopedUserKind, Row<DrfAnswer>> => ({
  plain: row,
  member: row,
  'member-acting': row,
  'project-grant': row,
  'group-within': row,
  'other-member': row,
});
const DRF_PLAIN: Row<DrfAnswer> = ['ok:12', 'ok', '403', '403', '403'];
const ALL_F: Row<Outcome> = [F, F, F, F, F];

export const SCOPED_MATRIX: readonly MatrixEntry<ScopedUserKind, ScopedCodename>[] = [
  {
    drf: 'DjangoObjectPermissions',
    warden: 'objectPermissions(task, { mutation })',
    drfClass: drf.DjangoObjectPermissions,
    make: (mutation) => p.objectPermissions(task, { mutation }),
    listFilters: true,
    outcomes: {
      plain: ['OK:0', N, F, N, N],
      member: ['OK:4', 'OK', F, 'OK', F],
      'member-acting': ['OK:4', 'OK', 'OK', 'OK', F],
      'project-grant': ['OK:2', 'OK', F, 'OK', F],
      'group-within': ['OK:4', 'OK', F, F, F],
      'other-member': ['OK:4', N, F, N, N],
    },
    drfAnswers: drfRows(DRF_PLAIN),
    deviations: {
      plain: { list: [4], get: [1], update: [3, 1], delete: [3, 1] },
      member: { list: [4, 14], update: [3, 14] },
      'member-acting': { list: [4, 14], create: [14], update: [3, 14] },
      'project-grant': { list: [4, 14], update: [3, 14] },
      'group-within': { list: [4, 14] },
      'other-member': { list: [4, 14], get: [1], update: [3, 1], delete: [3, 1] },
    },
    notes: [
      "A role or a grant within a scope row counts on every row below it: the member of organization 1 lists its four tasks and changes task 1; the grant within project 1 lists that project's two. Neither holds `delete_task`, and both may view task 1, so a delete is `FORBIDDEN`, not `NOT_FOUND`; the group's grant within organization 1 gives its members `view_task` only, so their update is `FORBIDDEN` too.",
      '**A member of another organization** sees its own four tasks and gets `NOT_FOUND` on task 1, as a user without grants does: existence does not leak across organizations.',
      "**A create in a scope needs `add` there:** a create has no object, so outside an organization it needs the global `add_task` (the role's `add_task` holds only within organization 1). Acting in organization 1 (`ctx.scope`), the model-level check counts the role, and the create passes. The procedure puts the task in project 1, inside organization 1: that a create's parent lies in the scope the request acts in is for the resolver to check (the class sees no input).",
    ],
  },
  {
    drf: 'DjangoModelPermissions',
    warden: 'modelPermissions(task, { mutation })',
    drfClass: drf.DjangoModelPermissions,
    make: (mutation) => p.modelPermissions(task, { mutation }),
    listFilters: false,
    outcomes: {
      plain: ALL_F,
      member: ALL_F,
      'member-acting': [F, 'OK', 'OK', 'OK', F],
      'project-grant': ALL_F,
      'group-within': ALL_F,
      'other-member': ALL_F,
    },
    drfAnswers: drfRows(DRF_PLAIN),
    deviations: {
      plain: { list: [1], get: [1] },
      member: { list: [1], get: [1] },
      'member-acting': { list: [14], create: [14], update: [14] },
      'project-grant': { list: [1], get: [1] },
      'group-within': { list: [1], get: [1] },
      'other-member': { list: [1], get: [1] },
    },
    notes: [
      'At model level a role or a grant within a scope counts only in a request that acts in that scope (`ctx.scope`); without one, only global grants do, as in Django.',
      "**A model-level class that passed on grants held only within the scope owes an object check:** the role's grants cover organization 1's rows, not every row. So acting in organization 1, the member's get and update of task 1 (in organization 1) pass through `ctx.checkObject(row)`, which asks that each such codename be held on that row (a task of another organization is refused); the list here returns every row without filtering, so it is refused (`FORBIDDEN` in production, an error naming the procedure in development): a list filters with `ctx.objectsFor`. A create has no row: it passes, and its resolver puts the row in the scope.",
    ],
  },
];
