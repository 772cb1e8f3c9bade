// The parameter type of every public place that takes a codename. A plain `C` parameter (the
// codename union) made tsc report a wrong literal against the union's alias, which it prints as
// ~440 characters of `CodenameOf<{ readonly auth: … PgTableWithColumns…` and no valid codename.
// Typing the parameter by the literal passed lets the type of a wrong one be a message instead:
//
//   Argument of type '"polls.can_add"' is not assignable to parameter of type
//   '"'polls.can_add' is no permission codename; did you mean polls.add_choice | polls.add_question?"'.
//
// Type-only, importing only other type-only files: the browser entry (`client.ts`) uses it, and
// must not pull in Drizzle's types.

import type { Join, JoinAfter } from './join-union.js';

/**
 * The codename parameter for the literal `K` that was passed: `K` itself when it is one of `C`
 * (so inference, autocompletion and `ObjectOf<…, K>` see the literal), else a message naming `K`
 * and the nearest valid codenames. A plain `string` gets `TWide`: `C` by default, which refuses it
 * as before; `explain` passes `string` because it answers unknown codenames at run time. While an
 * editor completes the argument, `K` is still `string`, so completion lists `C`.
 *
 * `[K, 0] extends [C, 0]` is not distributive on purpose: inside generic code (`K` and `C` the same
 * type parameter) tsc can then see that `C` passes without knowing it. Not `[K] extends [C]`, nor
 * `Extract`/`Exclude` (`Valid` and `Invalid` instead): tsc reads those as constraining `K` to `C`
 * in a branch, and a declaration generic in `K` (every function taking a codename) then built
 * `K & C` once for each of the registry's codenames, 8,000 at 2,000 tables, 70-90 ms of TS 5.9 per
 * declaration. The messages are `NoInfer`: inferring `K` from the literal passed has nothing to
 * look for there, and walking their patterns built the same products (bench/tsc).
 */
export type CodenameArg<K extends string, C extends string, TWide = C> = string extends K
  ? TWide
  : [K, 0] extends [C, 0]
    ? K
    : Valid<K, C> | NoInfer<UnknownCodename<Invalid<K, C>, C>>;

/** The members of `K` that are in `C` (`Extract<K, C>`, without the constraint above). */
type Valid<K extends string, C extends string> = K extends infer L
  ? [L, 0] extends [C, 0]
    ? L
    : never
  : never;

/** The members of `K` that are not in `C` (`Exclude<K, C>`, without the constraint above). */
type Invalid<K extends string, C extends string> = K extends infer L
  ? [L, 0] extends [C, 0]
    ? never
    : L
  : never;

/**
 * The message a wrong codename `K` is compared with: one per wrong literal of a union.
 *
 * `string` for `K = string`, which no call passes (`CodenameArg` answers it first) but tsc does:
 * at every call it asks the constraint of the parameter type, instantiating this with `string`.
 * Without this branch it went on into the messages with `string` for the app label, joined every
 * codename of the registry and gave up (TS2859): 5 s of checking for one valid call at 500
 * tables; with it a call costs 300 instantiations (bench/tsc).
 */
export type UnknownCodename<K extends string, C extends string> = K extends string
  ? string extends K
    ? string
    : // `polls.add_Question`: model names are lower-case.
      Valid<Lowercase<K>, C> extends infer Lower extends string
      ? [Lower] extends [never]
        ? InOwnApp<K, C>
        : `'${K}' is no permission codename; did you mean ${Lower}?`
      : never
  : never;

/**
 * The message from what `K`'s own app `A` suggests, else from elsewhere. Its suggestions share the
 * prefix `${A}.` (or `${A}.${Act}_`), which the join skips: each character of a prefix the join
 * walks costs a pass over the suggestions (bench/tsc).
 */
type InOwnApp<K extends string, C extends string> = K extends `${infer A}.${string}`
  ? ActionIn<K, A> extends infer Act extends string
    ? [Act] extends [never]
      ? Suggest<K, C, Mistakes<K, A, C>, `${A}.`>
      : // That action on every model: looked for in `C` itself, where a codename of another app
        // fails the pattern at its first characters; finding the app's codenames first was a
        // pass of its own.
        Suggest<K, C, C & `${A}.${Act}_${string}`, `${A}.${Act}_`>
    : never
  : Elsewhere<K, C>;

/** `polls.can_add` (Django docs' custom-permission form) or `polls.add`: the action meant. */
type ActionIn<K extends string, A extends string> = K extends `${A}.can_${infer Act extends Action}`
  ? Act
  : K extends `${A}.${infer Act extends Action}`
    ? Act
    : never;

/** `Within` joined after their common prefix `P`; when there are none, what is elsewhere. */
type Suggest<K extends string, C extends string, Within extends string, P extends string> = [
  Within,
] extends [never]
  ? Elsewhere<K, C>
  : `'${K}' is no permission codename; did you mean ${JoinAfter<Within, P>}?`;

/**
 * The message when `K`'s own app suggests nothing: the right local part in another app, else what
 * there is. (Looked for only then: each look is a pass over every codename, 50 ms at 8,000 on TS
 * 5.9, bench/tsc.)
 */
type Elsewhere<K extends string, C extends string> =
  // `pols.add_question`, `shop.can_vote`, `add_question`: the right local part, another app.
  (
    K extends `${string}.${infer Local}`
      ? C & `${string}.${Local}`
      : C & `${string}.${K}`
  ) extends infer Other extends string
    ? [Other] extends [never]
      ? `'${K}' is no permission codename; ${Listing<K, C>}`
      : `'${K}' is no permission codename; did you mean ${Join<Other>}?`
    : never;

/**
 * `permissionClasses(…).modelPermissions(table, { mutation })`: an action of the table's model
 * (`add`, `change`, `delete`) or any codename. `view` has its own message: it is what queries need.
 */
export type MutationArg<M extends string, C extends string> = string extends M
  ? WriteAction | C
  : [M, 0] extends [WriteAction | C, 0]
    ? M
    : M extends 'view'
      ? `'view' is what queries need; a mutation needs add | change | delete or a codename`
      : M extends `${string}.${string}`
        ? CodenameArg<M, C>
        : `'${M}' is neither add | change | delete nor a permission codename`;

/** Django's default actions (the copy of `DefaultAction` this import-free file needs). */
type Action = 'view' | 'add' | 'change' | 'delete';
type WriteAction = Exclude<Action, 'view'>;

/**
 * The other mistakes within app `A` that `suggestCodenames` knows at run time, each a codename
 * intersected with `C` (no edit distance: a typo in a model name gets the app's list). `C & literal`
 * is a lookup, where `C & pattern` is a pass over every codename and `Extract` a conditional type
 * instantiated per codename (bench/tsc).
 */
type Mistakes<K extends string, A extends string, C extends string> =
  // `shop.can_add_product`: the codename without `can_`.
  | (K extends `${A}.can_${infer Rest}` ? C & `${A}.${Rest}` : never)
  | (K extends `${A}.${infer Act}_${infer M}` ? ModelMistake<C, A, Act, M> : never);

/** `polls.add_polls_question` (the SQL prefix kept), `polls.add_questions`, `polls.publish_question`. */
type ModelMistake<C extends string, A extends string, Act extends string, M extends string> =
  | (M extends `${A}_${infer Rest}` ? C & `${A}.${Act}_${Rest}` : never)
  | (M extends `${infer Singular}s` ? C & `${A}.${Act}_${Singular}` : never)
  | (C & `${A}.${Action}_${M}`);

/** What there is instead: the codenames of `K`'s app, or the app labels when the app is unknown. */
type Listing<K extends string, C extends string> = K extends `${infer A}.${string}`
  ? [C & `${A}.${string}`] extends [never]
    ? `there is no app '${A}' (apps: ${Join<AppOf<C>>})`
    : `${A} has: ${AppListing<A, C & `${A}.${string}`>}`
  : `a codename reads '<app>.<action>_<model>' (apps: ${Join<AppOf<C>>})`;

type AppOf<C extends string> = C extends `${infer A}.${string}` ? A : never;

/**
 * The codenames `InApp` of app `A`: all of them for an app of one or two models; beyond that the
 * models in one pattern (`polls.<view|add|change|delete>_<choice|polloption|question>`) and the
 * custom codenames. tsc cuts a type it prints at about 300 characters, which 13 codenames pass; an
 * app of 50 models still gives a line to read. (Models are counted, not codenames: 50 models are
 * cheaper to take apart than 200 codenames. They are counted in their joined list, which the
 * pattern needs anyway, rather than by a walk of their own.)
 */
type AppListing<A extends string, InApp extends string> =
  Join<ModelsOf<A, InApp>, '|'> extends infer Models extends string
    ? Models extends `${string}|${string}|${string}`
      ? `${A}.<view|add|change|delete>_<${Models}>${CustomListing<A, InApp>}`
      : Join<InApp>
    : never;

/**
 * The models of app `A`: each has all four default codenames. `Each` walks its `view_` codenames,
 * `InApp` kept whole: picked by an intersection first, which tsc does without instantiating a
 * conditional type per codename (an app of 200 models: 7.4k instantiations → 3.0k, bench/tsc).
 */
type ModelsOf<
  A extends string,
  InApp extends string,
  Each extends string = InApp & `${A}.view_${string}`,
> = Each extends `${A}.view_${infer M}` ? (`${A}.${Action}_${M}` extends InApp ? M : never) : never;

type CustomListing<A extends string, InApp extends string> = [
  Exclude<InApp, `${A}.${Action}_${ModelsOf<A, InApp>}`>,
] extends [infer Custom extends string]
  ? [Custom] extends [never]
    ? ''
    : ` | ${Join<Custom>}`
  : '';
