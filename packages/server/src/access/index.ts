export {
  type AccessService,
  type AuditRecord,
  type Credentials,
  createAccessService,
  type Decision,
  GUEST,
  type Identity,
  type ResolvedUser,
  type ResolveUser,
  SESSION_COOKIE,
  userIdentity,
} from './access.service.ts';
export { authRoutes } from './auth.routes.ts';
export { createSessionTokens, SESSION_TTL_MS, type SessionTokens } from './session.tokens.ts';
