import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config/auth-config';
import { isUuid, type Principal } from './principal';
import { isRole } from './roles';

/** RFC 8725: an explicit allow-list per mode. `none` and HMAC are never accepted from an identity provider. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256', 'PS256'] as const;
export const DEV_ALGORITHMS = ['HS256'] as const;
const CLOCK_TOLERANCE_SECONDS = 5;

/** Why a token was refused: for logs only, never for the caller. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

/** Verifies bearer tokens (signature, alg, iss, aud, exp) and turns their claims into a Principal. */
export class JwtVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly config: AuthConfig) {
    if (config.mode === 'dev') {
      this.key = new TextEncoder().encode(config.secret);
      this.algorithms = [...DEV_ALGORITHMS];
    } else {
      this.key = createRemoteJWKSet(new URL(config.jwksUrl));
      this.algorithms = [...OIDC_ALGORITHMS];
    }
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const options = {
        algorithms: this.algorithms,
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      };
      // Two calls only because jose overloads the key parameter by type.
      const result =
        this.key instanceof Uint8Array
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options);
      payload = result.payload;
    } catch (error) {
      throw new InvalidTokenError(error instanceof errors.JOSEError ? error.code : 'unreadable token');
    }
    return principalFromClaims(payload);
  }
}

export function principalFromClaims(payload: JWTPayload): Principal {
  const { sub } = payload;
  const tenantId = payload['tenant_id'];
  const roles = payload['roles'];
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('sub missing');
  if (!isUuid(tenantId)) throw new InvalidTokenError('tenant_id missing or not a uuid');
  if (!Array.isArray(roles)) throw new InvalidTokenError('roles missing');
  // Unknown role names grant nothing; they are dropped so a new identity-provider role cannot lock users out.
  return { subject: sub, tenantId: tenantId.toLowerCase(), roles: roles.filter(isRole) };
}
