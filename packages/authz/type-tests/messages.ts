// The messages themselves, word for word, one per kind of mistake: what a developer reads when a
// codename is wrong. (src/codename-arg.test.ts checks that tsc prints them where they are used.)
// Lists are in TS 7's order, alphabetical; TS 5.9 (checked by hand) gives the same messages with
// the lists in declaration order, so under 5.9 only the lines with a list of two or more differ.
import { expectTypeOf } from 'vitest';
import type { MutationArg, UnknownCodename } from '../src/codename-arg.js';
import type { Codename } from './fixture.js';

type Says<K extends string> = UnknownCodename<K, Codename>;

// Django docs' `<app>.can_<action>` for the default permissions: that action on every model.
expectTypeOf<
  Says<'polls.can_add'>
>().toEqualTypeOf<"'polls.can_add' is no permission codename; did you mean polls.add_choice | polls.add_question?">();
expectTypeOf<
  Says<'polls.change'>
>().toEqualTypeOf<"'polls.change' is no permission codename; did you mean polls.change_choice | polls.change_question?">();
expectTypeOf<
  Says<'polls.can_add_question'>
>().toEqualTypeOf<"'polls.can_add_question' is no permission codename; did you mean polls.add_question?">();
// A capital letter: model names are the lower-cased SQL names.
expectTypeOf<
  Says<'polls.add_Question'>
>().toEqualTypeOf<"'polls.add_Question' is no permission codename; did you mean polls.add_question?">();
// The SQL name's app prefix kept, or a plural.
expectTypeOf<
  Says<'polls.add_polls_question'>
>().toEqualTypeOf<"'polls.add_polls_question' is no permission codename; did you mean polls.add_question?">();
expectTypeOf<
  Says<'polls.view_choices'>
>().toEqualTypeOf<"'polls.view_choices' is no permission codename; did you mean polls.view_choice?">();
// An action the model does not have: its permissions.
expectTypeOf<
  Says<'polls.publish_question'>
>().toEqualTypeOf<"'polls.publish_question' is no permission codename; did you mean polls.add_question | polls.change_question | polls.delete_question | polls.view_question?">();
// The right local part under another app label, or none.
expectTypeOf<
  Says<'shop.can_vote'>
>().toEqualTypeOf<"'shop.can_vote' is no permission codename; did you mean polls.can_vote?">();
expectTypeOf<
  Says<'pols.add_question'>
>().toEqualTypeOf<"'pols.add_question' is no permission codename; did you mean polls.add_question?">();
expectTypeOf<
  Says<'add_question'>
>().toEqualTypeOf<"'add_question' is no permission codename; did you mean polls.add_question?">();
// Nothing near: the app's codenames, or the app labels.
expectTypeOf<
  Says<'polls.frob'>
>().toEqualTypeOf<"'polls.frob' is no permission codename; polls has: polls.add_choice | polls.add_question | polls.can_vote | polls.change_choice | polls.change_question | polls.delete_choice | polls.delete_question | polls.view_choice | polls.view_question">();
expectTypeOf<
  Says<'auth.frob'>
>().toEqualTypeOf<"'auth.frob' is no permission codename; auth has: auth.<view|add|change|delete>_<group|permission|user>">();
expectTypeOf<
  Says<'blog.add_post'>
>().toEqualTypeOf<"'blog.add_post' is no permission codename; there is no app 'blog' (apps: auth | polls)">();
expectTypeOf<
  Says<'frob'>
>().toEqualTypeOf<"'frob' is no permission codename; a codename reads '<app>.<action>_<model>' (apps: auth | polls)">();

// An app of three models or more is listed as one pattern and its custom codenames (tsc would
// cut the full list of 13 codenames).
type Shop =
  | `shop.${'view' | 'add' | 'change' | 'delete'}_${'product' | 'order' | 'invoice' | 'customer'}`
  | 'shop.can_refund';
expectTypeOf<
  UnknownCodename<'shop.frob', Shop>
>().toEqualTypeOf<"'shop.frob' is no permission codename; shop has: shop.<view|add|change|delete>_<customer|invoice|order|product> | shop.can_refund">();

// More than 12: the last 12 after `…` (tsc would cut a longer list), the same with any number of
// models (src/join-union.ts walks the members instead of matching them all at once).
type Big =
  `big.${'view' | 'add' | 'change' | 'delete'}_m${'01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12' | '13' | '14'}`;
expectTypeOf<
  UnknownCodename<'big.frob', Big>
>().toEqualTypeOf<"'big.frob' is no permission codename; big has: big.<view|add|change|delete>_<…|m03|m04|m05|m06|m07|m08|m09|m10|m11|m12|m13|m14>">();
expectTypeOf<
  UnknownCodename<'big.can_view', Big>
>().toEqualTypeOf<"'big.can_view' is no permission codename; did you mean … | big.view_m03 | big.view_m04 | big.view_m05 | big.view_m06 | big.view_m07 | big.view_m08 | big.view_m09 | big.view_m10 | big.view_m11 | big.view_m12 | big.view_m13 | big.view_m14?">();

// Members sharing a long prefix, which the walk skips four characters at a step while every member
// has them; some end inside a step, one at the prefix itself.
type Long =
  `long.${'view' | 'add' | 'change' | 'delete'}_inventory_${'' | 'a' | 'ab' | 'abc' | 'abcd' | 'abcde' | 'abcdefgh' | 'b' | 'bbbb' | 'c' | 'cccc' | 'ccccc' | 'd' | 'dddd'}`;
expectTypeOf<
  UnknownCodename<'long.can_view', Long>
>().toEqualTypeOf<"'long.can_view' is no permission codename; did you mean … | long.view_inventory_ab | long.view_inventory_abc | long.view_inventory_abcd | long.view_inventory_abcde | long.view_inventory_abcdefgh | long.view_inventory_b | long.view_inventory_bbbb | long.view_inventory_c | long.view_inventory_cccc | long.view_inventory_ccccc | long.view_inventory_d | long.view_inventory_dddd?">();

// The mutation option of the model and object permission classes.
expectTypeOf<
  MutationArg<'view', Codename>
>().toEqualTypeOf<"'view' is what queries need; a mutation needs add | change | delete or a codename">();
expectTypeOf<
  MutationArg<'publish', Codename>
>().toEqualTypeOf<"'publish' is neither add | change | delete nor a permission codename">();
expectTypeOf<
  MutationArg<'polls.can_add', Codename>
>().toEqualTypeOf<"'polls.can_add' is no permission codename; did you mean polls.add_choice | polls.add_question?">();
