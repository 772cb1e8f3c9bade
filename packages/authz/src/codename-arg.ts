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

import type { AtMost2, Join } from './join-union.js';

/**
 * The codename parameter for the literal `K` that was passed: `K` itself when it is one of `C`
 * (so inference, autocompletion and `ObjectOf<…, K>` see the literal), else a message naming `K`
 * and the nearest valid codenames. A plain `string` gets `TWide`: `C` by default, which refuses it
 * as before; `explain` passes `string` because it answers unknown codenames at run time. While an
 * editor completes the argument, `K` is still `string`, so completion lists `C`.
 *
 * `[K] extends [C]` is not distributive on purpose: inside generic code (`K` and `C` the same type
 * parameter) tsc can then see that `C` passes without knowing it.
 */
export type CodenameArg<K extends string, C extends string, TWide = C> = string extends K
  ? TWide
  : [K] extends [C]
    ? K
    : Extract<K, C> | UnknownCodename<Exclude<K, C>, C>;

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
    : [Nearest<K, C>] extends [never]
      ? `'${K}' is no permission codename; ${Listing<K, C>}`
      : `'${K}' is no permission codename; did you mean ${Join<Nearest<K, C>>}?`
  : never;

/**
 * `permissionClasses(…).modelPermissions(table, { mutation })`: an action of the table's model
 * (`add`, `change`, `delete`) or any codename. `view` has its own message: it is what queries need.
 */
export type MutationArg<M extends string, C extends string> = string extends M
  ? WriteAction | C
  : [M] extends [WriteAction | C]
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
 * The valid codenames a wrong one most likely meant: the mistakes `suggestCodenames` knows at run
 * time, each a pattern intersected with `C` (no edit distance: a typo in a model name gets the
 * app's list). `C & pattern` keeps the members of `C` that match, as `Extract` does, without a
 * conditional type instantiated per member: at 500 tables the message for `app0.can_add` took
 * 40,000 instantiations with `Extract` and 10,000 this way (bench/tsc).
 */
type Nearest<K extends string, C extends string> =
  // `polls.add_Question`: model names are lower-case.
  | Extract<Lowercase<K>, C>
  // Within `K`'s app: its codenames are found in `C` once, and each pattern then looks at them
  // alone (at 2,000 tables 800 of 8,000 codenames, five times over).
  | (K extends `${infer A}.${string}` ? NearestInApp<K, A, C & `${A}.${string}`> : never)
  // `pols.add_question`, `shop.can_vote`, `add_question`: the right local part, another app.
  | (K extends `${string}.${infer Local}` ? C & `${string}.${Local}` : C & `${string}.${K}`);

/** The mistakes within app `A`, whose codenames are `InApp`. */
type NearestInApp<K extends string, A extends string, InApp extends string> = [InApp] extends [
  never,
]
  ? never
  : // `polls.can_add` (Django docs' custom-permission form) or `polls.add`: that action, every model.
      | (K extends `${A}.can_${infer Act extends Action}` ? InApp & `${A}.${Act}_${string}` : never)
      | (K extends `${A}.${infer Act extends Action}` ? InApp & `${A}.${Act}_${string}` : never)
      // `shop.can_add_product`: the codename without `can_`.
      | (K extends `${A}.can_${infer Rest}` ? InApp & `${A}.${Rest}` : never)
      | (K extends `${A}.${infer Act}_${infer M}` ? ModelMistake<InApp, A, Act, M> : never);

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
 * cheaper to take apart than 200 codenames.)
 */
type AppListing<A extends string, InApp extends string> =
  AtMost2<ModelsOf<A, InApp>> extends true
    ? Join<InApp>
    : `${A}.<view|add|change|delete>_<${Join<ModelsOf<A, InApp>, '|'>}>${CustomListing<A, InApp>}`;

/** The models of app `A`: each has all four default codenames (`Each` walks `InApp`, kept whole). */
type ModelsOf<
  A extends string,
  InApp extends string,
  Each extends string = InApp,
> = Each extends `${A}.view_${infer M}` ? (`${A}.${Action}_${M}` extends InApp ? M : never) : never;

type CustomListing<A extends string, InApp extends string> = [
  Exclude<InApp, `${A}.${Action}_${ModelsOf<A, InApp>}`>,
] extends [infer Custom extends string]
  ? [Custom] extends [never]
    ? ''
    : ` | ${Join<Custom>}`
  : '';
