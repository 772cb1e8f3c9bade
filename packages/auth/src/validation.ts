/** Why a presented credential (a session cookie's token, an API token) is refused. */
export type RejectionReason = 'malformed' | 'unknown' | 'expired';

/**
 * The one answer shape of `sessions.validate` and `tokens.validate`: `{ ok: true, …what it
 * proves }`, or `{ ok: false, reason }`. Never a throw and never null: a caller narrows on `ok`.
 */
export type Validation<T extends object> =
  | ({ ok: true } & T)
  | { ok: false; reason: RejectionReason };

export const rejected = (reason: RejectionReason) => ({ ok: false, reason }) as const;
