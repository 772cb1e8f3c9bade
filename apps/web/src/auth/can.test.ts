import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter, Codename } from '@warden/api';
import { heldPermissions } from '@warden/authz/client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Can, type ProcedurePath, useCan } from './can';

// Compile-time guarantees of the client (checked by `pnpm typecheck`, which runs tsc over tests):
// a codename or procedure path that the API does not have is an error here, as in every page.
describe('client permission types', () => {
  it('types can() with the API codenames', () => {
    const perms = heldPermissions<Codename>(['shop.add_product']);
    expect(perms.can('shop.add_product')).toBe(true);
    expect(perms.can('polls.can_vote')).toBe(false);
    // @ts-expect-error: no such codename ('add', not 'can_add')
    perms.can('shop.can_add_product');
    // @ts-expect-error: the classic mistake from Django projects
    perms.can('polls.can_add');
  });

  it('types useCan and <Can> the same way, with messages naming the nearest codenames', () => {
    // Hooks run only inside components: these calls are compiled, never run.
    const compiled = () => {
      useCan('polls.can_vote');
      void Can({ perm: ['polls.add_question', 'shop.change_product'], children: null });
      // @ts-expect-error: 'polls.can_add' is no permission codename; did you mean polls.add_choice | …?
      useCan('polls.can_add');
      // @ts-expect-error: the same in a list
      void Can({ perm: ['polls.add_question', 'shop.can_add_product'], children: null });
    };
    expectTypeOf(useCan<string>)
      .parameter(0)
      .toEqualTypeOf<Codename>();
    expect(compiled).toBeTypeOf('function');
  });

  it('gets the codename union from auth.me, with nothing to assert on the client', () => {
    type Me = inferRouterOutputs<AppRouter>['auth']['me'];
    expectTypeOf<Me['permissions']>().toEqualTypeOf<Codename[]>();
    // heldPermissions takes its union from what it is given: no `<Codename>` to claim.
    const held = (me: Me) => heldPermissions(me.permissions);
    expectTypeOf<ReturnType<typeof held>['can']>().parameter(0).toEqualTypeOf<Codename>();
    const strings: string[] = ['shop.add_product'];
    // @ts-expect-error: plain strings are no codenames, whatever the caller claims
    heldPermissions<Codename>(strings);
  });

  it('knows every procedure path of the AppRouter', () => {
    expectTypeOf<'shop.products.delete'>().toExtend<ProcedurePath>();
    expectTypeOf<'admin.grants.grant'>().toExtend<ProcedurePath>();
    expectTypeOf<'auth.me'>().toExtend<ProcedurePath>();
    expectTypeOf<'shop.products.remove'>().not.toExtend<ProcedurePath>();
    expectTypeOf<'admin.grants'>().not.toExtend<ProcedurePath>();
  });
});
