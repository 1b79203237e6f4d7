import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import type { DevAuthConfig } from '../config/auth-config';
import { signDevelopmentToken } from './dev-token.util';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier';

const TENANT = '0f5c7a5e-9a53-4d35-9bb4-1f6f1c6a4a01';
const dev: DevAuthConfig = {
  mode: 'dev',
  secret: 'unit-test-secret-that-is-long-enough-1234',
  issuer: 'mate-dev',
  audience: 'mate',
};

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function refusal(verifier: JwtVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.reason;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

function devToken(claims: Record<string, unknown>): SignJWT {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1');
}

describe('JwtVerifier (dev mode)', () => {
  const verifier = new JwtVerifier(dev);

  it('accepts a development token and reads the principal', async () => {
    const token = await signDevelopmentToken(dev, { subject: 'user-1', tenantId: TENANT, roles: ['planner', 'viewer'] });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'user-1', tenantId: TENANT, roles: ['planner', 'viewer'] });
  });

  it('drops role names it does not know', async () => {
    const token = await signDevelopmentToken(dev, { subject: 'u', tenantId: TENANT, roles: ['viewer'] });
    const withExtra = await devToken({ tenant_id: TENANT, roles: ['viewer', 'superuser'] })
      .setIssuer(dev.issuer)
      .setAudience(dev.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(dev.secret));
    expect((await verifier.verify(token)).roles).toEqual(['viewer']);
    expect((await verifier.verify(withExtra)).roles).toEqual(['viewer']);
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
      sub: 'user-1',
      tenant_id: TENANT,
      roles: ['admin'],
      iss: dev.issuer,
      aud: dev.audience,
      exp: now + 600,
    })}.`;
    expect(await refusal(verifier, unsigned)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('refuses a wrong issuer, a wrong audience, an expired token and one without exp', async () => {
    const key = new TextEncoder().encode(dev.secret);
    const base = () => devToken({ tenant_id: TENANT, roles: ['admin'] });
    const wrongIssuer = await base().setIssuer('someone-else').setAudience(dev.audience).setExpirationTime('5m').sign(key);
    const wrongAudience = await base().setIssuer(dev.issuer).setAudience('other-app').setExpirationTime('5m').sign(key);
    const expired = await base()
      .setIssuer(dev.issuer)
      .setAudience(dev.audience)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const noExpiry = await base().setIssuer(dev.issuer).setAudience(dev.audience).sign(key);

    expect(await refusal(verifier, wrongIssuer)).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(await refusal(verifier, wrongAudience)).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(await refusal(verifier, expired)).toBe('ERR_JWT_EXPIRED');
    expect(await refusal(verifier, noExpiry)).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('refuses a token signed with another secret', async () => {
    const other = { ...dev, secret: 'another-secret-that-is-long-enough-99999' };
    const token = await signDevelopmentToken(other, { subject: 'u', tenantId: TENANT, roles: ['admin'] });
    expect(await refusal(verifier, token)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('refuses a token without a uuid tenant or without roles', async () => {
    const key = new TextEncoder().encode(dev.secret);
    const sign = (claims: Record<string, unknown>) =>
      devToken(claims).setIssuer(dev.issuer).setAudience(dev.audience).setExpirationTime('5m').sign(key);
    expect(await refusal(verifier, await sign({ tenant_id: 'acme', roles: ['admin'] }))).toContain('tenant_id');
    expect(await refusal(verifier, await sign({ tenant_id: TENANT }))).toContain('roles');
  });

  it('refuses garbage', async () => {
    expect(await refusal(verifier, 'not-a-jwt')).toBe('ERR_JWS_INVALID');
  });
});

describe('JwtVerifier (oidc mode)', () => {
  let server: Server;
  let jwksUrl: string;
  let rsaPrivate: KeyLike;

  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256');
    rsaPrivate = rsa.privateKey;
    const jwk: JWK = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const claims = { tenant_id: TENANT, roles: ['technician'] };

  it('accepts an RS256 token from the identity provider’s key set', async () => {
    const verifier = new JwtVerifier({ mode: 'oidc', jwksUrl, issuer: 'https://id.test/', audience: 'mate' });
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setSubject('tech-1')
      .setIssuer('https://id.test/')
      .setAudience('mate')
      .setExpirationTime('5m')
      .sign(rsaPrivate);
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'tech-1', tenantId: TENANT, roles: ['technician'] });
  });

  it('never accepts HMAC in oidc mode (no algorithm confusion)', async () => {
    const verifier = new JwtVerifier({ mode: 'oidc', jwksUrl, issuer: 'https://id.test/', audience: 'mate' });
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setSubject('tech-1')
      .setIssuer('https://id.test/')
      .setAudience('mate')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('some-shared-secret-long-enough-000000'));
    expect(await refusal(verifier, token)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });
});
