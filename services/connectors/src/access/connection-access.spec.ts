import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { InvalidTokenError, JwtVerifier, ProblemException, type Principal } from '@mate/service-kit';
import type { Connection } from '../connections/connection.entity';
import { ConnectionException } from '../connections/connection.exception';
import { ConnectionAccess, ConnectionAccessGuard, type ConnectionAccessRequest } from './connection-access';

const TENANT = '0f5c7a5e-9a53-4d35-9bb4-1f6f1c6a4a01';
const OWN = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

class FakeVerifier extends JwtVerifier {
  constructor() {
    super({ mode: 'dev', secret: 'x'.repeat(32), issuer: 'i', audience: 'a' });
  }

  override async verify(token: string): Promise<Principal> {
    if (token === 'planner-jwt') return { subject: 'p', tenantId: TENANT, roles: ['planner'] };
    if (token === 'viewer-jwt') return { subject: 'v', tenantId: TENANT, roles: ['viewer'] };
    throw new InvalidTokenError('ERR_JWT_EXPIRED');
  }
}

/** The live token `mcn_live` stands for connection OWN; `mcn_revoked` finds nothing (as a revoked one does). */
const tokens = {
  connectionFor: async (token: string) => (token === 'mcn_live' ? ({ id: OWN, tenantId: TENANT } as Connection) : undefined),
};

@ConnectionAccess('admin', 'planner')
class PassthroughController {
  call(): void {}
}

const guard = new ConnectionAccessGuard(new Reflector(), new FakeVerifier(), tokens);

async function attempt(connectionId: string, authorization?: string): Promise<ConnectionAccessRequest> {
  const request = { headers: authorization ? { authorization } : {}, params: { id: connectionId } } as unknown as ConnectionAccessRequest;
  const context = {
    getType: () => 'http',
    getHandler: () => PassthroughController.prototype.call,
    getClass: () => PassthroughController,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  await guard.canActivate(context);
  return request;
}

const statusOf = (error: unknown) => (error instanceof ProblemException ? error.getStatus() : error instanceof ConnectionException ? error.httpStatus() : undefined);
async function refusal(connectionId: string, authorization?: string): Promise<number | undefined> {
  try {
    await attempt(connectionId, authorization);
  } catch (error) {
    return statusOf(error);
  }
  return undefined;
}

describe('ConnectionAccess guard', () => {
  it("lets the connection's API token in for its own connection, as an integration of the connection's tenant", async () => {
    const request = await attempt(OWN, 'Bearer mcn_live');
    expect(request.principal).toEqual({ subject: `connection:${OWN}`, tenantId: TENANT, roles: ['integration'] });
    expect(request.connectionCaller).toEqual({ via: 'connection_api_token', connectionId: OWN });
  });

  it('answers 404 for another connection with the token (as for a connection that does not exist)', async () => {
    expect(await refusal(OTHER, 'Bearer mcn_live')).toBe(404);
  });

  it('answers 401 for a revoked or unknown token', async () => {
    expect(await refusal(OWN, 'Bearer mcn_revoked')).toBe(401);
  });

  it('lets a tenant JWT with one of the roles in, and refuses other roles (403), bad JWTs and no token (401)', async () => {
    const request = await attempt(OTHER, 'Bearer planner-jwt');
    expect(request.principal).toEqual({ subject: 'p', tenantId: TENANT, roles: ['planner'] });
    expect(request.connectionCaller).toEqual({ via: 'tenant_jwt', connectionId: OTHER });
    expect(await refusal(OWN, 'Bearer viewer-jwt')).toBe(403);
    expect(await refusal(OWN, 'Bearer expired-jwt')).toBe(401);
    expect(await refusal(OWN)).toBe(401);
  });
});
