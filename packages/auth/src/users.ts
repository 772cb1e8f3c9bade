import type { AuthUser } from '@warden/authz';

/** The user a request is authenticated as: what the session lookup loads, never the password. */
export interface SessionUser extends AuthUser {
  readonly id: number;
  readonly username: string;
  readonly email: string;
  readonly isActive: boolean;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  readonly dateJoined: Date;
  readonly lastLogin: Date | null;
}

/** Injected time, so tests can move it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
