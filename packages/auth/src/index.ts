export { type ApiTokenInfo, type ApiTokens, createApiTokens, TOKEN_PREFIX } from './api-tokens';
export { type BodyLimitOptions, DEFAULT_AUTH_BODY_LIMIT, limitBody } from './body-limit';
export { type CookieConfig, cookieNames } from './cookies';
export { type Auth, type AuthConfig, createAuth } from './create-auth';
export {
  type CachedCredential,
  type CredentialCache,
  createCredentialCache,
  INVALIDATION_CHANNEL,
} from './credential-cache';
export { type CsrfConfig, csrfProtection } from './csrf';
export { errorResponse, TRPC_PATH } from './error-response';
export { ANONYMOUS, type AuthEnv, type AuthState, authenticate } from './middleware';
export { authMigrationsFolder } from './migrations';
export { changePassword, MIN_PASSWORD_LENGTH, setPassword } from './password-change';
export { hashPassword, type PasswordCheck, verifyPassword } from './passwords';
export { authRoutes } from './routes';
export { createSessions, type Session, type Sessions } from './sessions';
export { createLoginThrottle, type LoginThrottle } from './throttle';
export { sessionUserFields } from './user-row';
export { type Clock, type SessionUser, systemClock } from './users';
