// @warden/authz/client
import type { CodenameArg } from './codename-arg.js';
/** For a function of the app's own that takes a codename: `<K extends string>(c: CodenameArg<K, Codename>)`. */
export type { CodenameArg } from './codename-arg.js';
/**
 * A refusal as data (`error.data.denial` under `denialFormatter`): its reason and the codenames
 * that would let the call pass, so a client says "you need …" without parsing the message.
 */
export type { Denial, DenialReason } from './denial.js';
/** What a client knows of the current user: the codenames `auth.me` returned. */
export interface HeldPermissions<TCodename extends string> {
    /** `can('shop.add_product')`: does the user hold this codename (model-wide)? */
    can<K extends string>(codename: CodenameArg<K, TCodename>): boolean;
    /** True when the user holds at least one of the codenames. */
    canAny<K extends string>(...codenames: readonly CodenameArg<K, TCodename>[]): boolean;
    readonly size: number;
}
/**
 * A `can()` over the codenames a user holds, typed by what it is given: the server's codename union
 * when its `me` procedure returns it (`heldPermissions(me.permissions)`), so a misspelt codename in
 * a client is a compile error exactly as on the server. Plain strings are refused: claiming them to
 * be codenames would hide a server that stopped sending the union.
 */
export declare function heldPermissions<TCodename extends string>(held: Iterable<TCodename>): HeldPermissions<TCodename>;
/**
 * Django's human name of a codename: `shop.add_product` → "Can add product". Custom permissions
 * carry a declared name, which the caller passes in `names` (e.g. from the server's codename table);
 * without one, `polls.can_vote` reads "Can vote", as the convention of custom codenames suggests.
 */
export declare function permissionName(codename: string, names?: Readonly<Record<string, string>>): string;
