export {
  type ApiTokenInfo,
  type ApiTokens,
  createApiTokens,
  TOKEN_PREFIX,
  type TokenValidation,
} from './api-tokens.js';
export { type BodyLimitOptions, DEFAULT_AUTH_BODY_LIMIT, limitBody } from './body-limit.js';
export type {
  CredentialCacheSource,
  CredentialCacheStatus,
  ListenHandlers,
} from './cache-invalidation.js';
export { type CookieConfig, cookieNames } from './cookies.js';
export { type Auth, type AuthConfig, createAuth } from './create-auth.js';
export {
  basisOf,
  type CredentialBasis,
  type CredentialsEnded,
  endCredentials,
} from './credentials.js';
export { type CsrfConfig, csrfProtection } from './csrf.js';
export {
  DEFAULT_TRPC_PATH,
  databaseUnavailableResponse,
  ERROR_STATUS,
  type ErrorCode,
  errorCodeOf,
  errorResponse,
} from './error-response.js';
export {
  apiTokenId,
  INT4_MAX,
  invitationTokenInput,
  isStorableText,
  objectKeyInput,
  rowId,
  storableText,
  usernameInput,
} from './input.js';
export type { InvitationAcceptor } from './invitation-routes.js';
export { ANONYMOUS, type AuthEnv, type AuthState, authenticate } from './middleware.js';
export { authMigrations, wardenMigrations } from './migrations.js';
export { changePassword, MIN_PASSWORD_LENGTH, setPassword } from './password-change.js';
export { hashPassword, type PasswordCheck, verifyPassword } from './passwords.js';
export { authRoutes } from './routes.js';
export {
  createSessions,
  type Session,
  type Sessions,
  type SessionValidation,
} from './sessions.js';
export { createLoginThrottle, type LoginThrottle } from './throttle.js';
export { sessionUserFields } from './user-row.js';
export { type Clock, type SessionUser, systemClock } from './users.js';
export type { RejectionReason, Validation } from './validation.js';
