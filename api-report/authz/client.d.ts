// @warden/authz/client
import type { CodenameArg } from './codename-arg.js';
/** For a function of the app's own that takes a codename: `<K extends string>(c: CodenameArg<K, Codename>)`. */
export type { CodenameArg } from './codename-arg.js';
/** What a client knows of the current user: the codenames `auth.me` returned. */
export interface HeldPermissions<TCodename extends string> {
    /** `can('shop.add_product')`: does the user hold this codename (model-wide)? */
    can<K extends string>(codename: CodenameArg<K, TCodename>): boolean;
    /** True when the user holds at least one of the codenames. */
    canAny<K extends string>(...codenames: readonly CodenameArg<K, TCodename>[]): boolean;
    readonly size: number;
}
/**
 * A `can()` over the codenames a user holds. `TCodename` is the application's codename union, so a
 * misspelt codename in a client is a compile error exactly as on the server. Strings from outside
 * that are no codename are simply not held (they cannot be granted).
 */
export declare function heldPermissions<TCodename extends string>(held: Iterable<string>): HeldPermissions<TCodename>;
/**
 * Django's human name of a codename: `shop.add_product` → "Can add product". Custom permissions
 * carry a declared name, which the caller passes in `names` (e.g. from the server's codename table);
 * without one, `polls.can_vote` reads "Can vote", as the convention of custom codenames suggests.
 */
export declare function permissionName(codename: string, names?: Readonly<Record<string, string>>): string;
/**
 * The codenames a denial names. Authz's FORBIDDEN messages say what was needed, e.g. "permission
 * denied: this mutation needs (a staff user and auth.change_user)", so a client can turn them into
 * "you need Can change user" without a second request.
 */
export declare function codenamesIn(message: string): string[];
