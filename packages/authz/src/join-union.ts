// Joining a union of string literals into one string, for the codename messages (codename-arg.ts).
// Type-only, with no import: the browser entry uses it through codename-arg.ts.
//
// A union has no order the types can read. Two ways to take one apart:
//
// - `Overloads` turns it into an intersection of functions, one per member in the union's order,
//   whose overloads `infer` can match: TS 7 orders unions of literals by their characters, so a
//   list comes out sorted; TS 5 by creation, which is the registry's declaration order. tsc matches
//   overloads from the last one back, and matches the first member to the overloads left over, so
//   one match against 13 overloads gives the last 13 members, or all of them after copies of the
//   first. But tsc then checks the intersection against each member, which is quadratic: 0.3 s on
//   TS 5.9 for a union of 200, 9.6 s for 1,600 (bench/tsc).
// - `Collect` walks the members as a trie of their characters, from the greatest first character
//   down, and stops at 13: linear in the members (times their length), and in TS 7's order. A
//   prefix every member shares is passed four characters at a step (`Skip`).
//
// So `Join` asks `Collect` first; a union of 12 or fewer, whose order under TS 5 `Collect` would
// change, is then joined through `Overloads`, which for so few costs little.

/** `'a' | 'b'` → `((y: 'a') => void) & ((y: 'b') => void)`, in one distribution over `U`. */
type Overloads<U> = (U extends unknown ? (x: (y: U) => void) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

/** The last 13 members of `U` in order; for a smaller union, its first member repeated, then the rest. */
type Last13<U> =
  Overloads<U> extends {
    (y: infer L1): void;
    (y: infer L2): void;
    (y: infer L3): void;
    (y: infer L4): void;
    (y: infer L5): void;
    (y: infer L6): void;
    (y: infer L7): void;
    (y: infer L8): void;
    (y: infer L9): void;
    (y: infer L10): void;
    (y: infer L11): void;
    (y: infer L12): void;
    (y: infer L13): void;
  }
    ? Distinct<[L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13]>
    : [];

/** Drops the leading copies of a tuple's first element (union members are distinct). */
type Distinct<T extends unknown[]> = T extends [infer H, ...infer R]
  ? R extends [H, ...unknown[]]
    ? Distinct<R>
    : T
  : T;

/**
 * The first characters of `U`'s members. A first character that is not one (`${string}…`
 * patterns) is left out, and so the member: `Collect` would never reach its end.
 */
type FirstOf<U extends string> = U extends `${infer F}${string}`
  ? string extends F
    ? never
    : F
  : never;

/** What follows `F` in the members of `U` that start with it. */
type RestAfter<U extends string, F extends string> = U extends `${F}${infer R}` ? R : never;

/**
 * `Acc` with the greatest members of `U` (each after `P`) put before it, up to `Max` in all. `U`
 * holds what follows `P`; `''` in it is `P` itself, which sorts before the rest. Each step is one
 * pass over the members left (a conditional per member: grouping them with a key-remapped mapped
 * type instead grew a union per member, quadratic again). A single first character (a common
 * prefix) recurses in tail position, so a long one does not nest.
 */
type Collect<
  U extends string,
  P extends string,
  Acc extends string[],
  Max extends number,
> = Acc['length'] extends Max
  ? Acc
  : [U] extends [never]
    ? Acc
    : // `string` (a generic `U`'s constraint, which tsc asks of the messages) has no members.
      string extends U
      ? Acc
      : '' extends U
        ? Collect<Exclude<U, ''>, P, Acc, Max> extends infer A extends string[]
          ? A['length'] extends Max
            ? A
            : [P, ...A]
          : never
        : FirstOf<U> extends infer F extends string
          ? IsSingle<F> extends true
            ? Skip<RestAfter<U, F>, `${P}${F}`, Acc, Max>
            : Last13<F> extends infer Keys extends string[]
              ? CollectKeys<U, Keys, P, Acc, Max>
              : never
          : never;

/** The first four characters of `U`'s members; a member with fewer is left out. */
type Chunk<U extends string> = U extends `${infer A}${infer B}${infer C}${infer D}${string}`
  ? `${A}${B}${C}${D}`
  : never;

/**
 * `Collect` after a common prefix, skipped four characters at a step while every member shares
 * them, then a character at a time. A step of four costs little more than a step of one: 200
 * models named `app0model0` … `app0model199` joined after `app0.add_` took 35.7k instantiations,
 * now 23.4k (bench/tsc). Four at every step, where prefixes branch early, cost more than it saved.
 */
type Skip<U extends string, P extends string, Acc extends string[], Max extends number> =
  Chunk<U> extends infer K extends string
    ? [K] extends [never]
      ? Collect<U, P, Acc, Max>
      : string extends K
        ? Collect<U, P, Acc, Max>
        : IsSingle<K> extends true
          ? [U] extends [`${K}${string}`]
            ? Skip<RestAfter<U, K>, `${P}${K}`, Acc, Max>
            : Collect<U, P, Acc, Max>
          : Collect<U, P, Acc, Max>
    : never;

/**
 * Whether the union `K` has one member: for each member, nothing else is left. Asked at every
 * character of a common prefix, where `Last13` (a match against 13 overloads) cost more than the
 * step itself on TS 5.9.
 */
type IsSingle<K, All = K> = K extends unknown
  ? [Exclude<All, K>] extends [never]
    ? true
    : false
  : never;

/** `Collect` over the members of `U` by their first characters `Keys`, from the last. */
type CollectKeys<
  U extends string,
  Keys extends string[],
  P extends string,
  Acc extends string[],
  Max extends number,
> = Acc['length'] extends Max
  ? Acc
  : Keys extends [...infer Init extends string[], infer K extends string]
    ? CollectKeys<U, Init, P, Collect<RestAfter<U, K>, `${P}${K}`, Acc, Max>, Max>
    : Acc;

/**
 * `'a' | 'b' | 'c'` → `'a | b | c'`, or with more than 12 members the last 12 after `…`: tsc cuts a
 * printed type at about 300 characters anyway.
 */
export type Join<U extends string, Sep extends string = ' | '> = Joined<U, U, '', Sep>;

/**
 * `Join` of members that all start with `P` (`polls.`): the walk starts after it, where each
 * character of a common prefix costs a pass over the members (about 100 ms on TS 5.9 for 200
 * members of 14 characters in common, bench/tsc).
 */
export type JoinAfter<U extends string, P extends string> = Joined<U, RestAfter<U, P>, P, ' | '>;

/** `U` joined, its members walked as `Rest` after `P`. */
type Joined<U extends string, Rest extends string, P extends string, Sep extends string> = [
  U,
] extends [never]
  ? ''
  : Collect<Rest, P, [], 13> extends [string, ...infer Last12 extends string[]]
    ? Last12['length'] extends 12
      ? `…${Sep}${JoinTuple<Last12, Sep>}`
      : JoinTuple<Last13<U>, Sep>
    : '';

type JoinTuple<T extends unknown[], Sep extends string> = T extends [
  infer H extends string,
  ...infer R extends string[],
]
  ? R extends []
    ? H
    : `${H}${Sep}${JoinTuple<R, Sep>}`
  : '';
