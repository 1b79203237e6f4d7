import { SignJWT } from 'jose';
import type { DevAuthConfig } from '../config/auth-config';
import type { Role } from './roles';

export interface DevelopmentTokenClaims {
  subject: string;
  tenantId: string;
  roles: readonly Role[];
  /** A jose time span such as `1h`, `15m`, `30s`. */
  expiresIn?: string;
}

/** Signs a token the dev-mode verifier accepts. For local use and tests only. */
export async function signDevelopmentToken(config: DevAuthConfig, claims: DevelopmentTokenClaims): Promise<string> {
  return new SignJWT({ tenant_id: claims.tenantId, roles: [...claims.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(config.secret));
}
