import { Reflector } from '@nestjs/core';
import { Logger, type ContextType, type ExecutionContext } from '@nestjs/common';
import { ProblemException } from '../errors/problem.exception';
import { JwtAuthGuard } from './jwt-auth.guard';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier';
import type { AuthenticatedRequest, Principal } from './principal';
import { Public } from './public.decorator';
import { Roles } from './roles.decorator';

const planner: Principal = { subject: 'p', tenantId: '0f5c7a5e-9a53-4d35-9bb4-1f6f1c6a4a01', roles: ['planner'] };

class FakeVerifier extends JwtVerifier {
  constructor() {
    super({ mode: 'dev', secret: 'x'.repeat(32), issuer: 'i', audience: 'a' });
  }

  override async verify(token: string): Promise<Principal> {
    if (token === 'good') return planner;
    throw new InvalidTokenError('ERR_JWT_EXPIRED');
  }
}

class NotesController {
  list(): void {}

  @Roles('admin')
  remove(): void {}

  @Roles('admin', 'planner')
  plan(): void {}

  @Public()
  ping(): void {}
}

function httpContext(handler: () => void, authorization?: string, type: ContextType = 'http') {
  const request = { headers: authorization ? { authorization } : {} } as AuthenticatedRequest;
  const context: ExecutionContext = {
    getType: <T extends string = ContextType>() => type as T,
    getHandler: () => handler,
    getClass: <T>() => NotesController as T,
    getArgs: <T extends unknown[]>() => [request] as T,
    getArgByIndex: <T>() => request as T,
    switchToHttp: () => ({
      getRequest: <T>() => request as T,
      getResponse: <T>() => ({}) as T,
      getNext: <T>() => (() => undefined) as T,
    }),
    switchToRpc: () => {
      throw new Error('not rpc');
    },
    switchToWs: () => {
      throw new Error('not ws');
    },
  };
  return { context, request };
}

async function statusOf(promise: Promise<boolean>): Promise<number | 'allowed'> {
  try {
    await promise;
    return 'allowed';
  } catch (error) {
    if (error instanceof ProblemException) return error.getStatus();
    throw error;
  }
}

describe('JwtAuthGuard', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const guard = new JwtAuthGuard(new Reflector(), new FakeVerifier());
  const proto = NotesController.prototype;

  it('answers 401 without a token or with a bad one', async () => {
    expect(await statusOf(guard.canActivate(httpContext(proto.list).context))).toBe(401);
    expect(await statusOf(guard.canActivate(httpContext(proto.list, 'Basic abc').context))).toBe(401);
    expect(await statusOf(guard.canActivate(httpContext(proto.list, 'Bearer expired').context))).toBe(401);
  });

  it('says no more than "invalid or expired token"', async () => {
    const error = await guard.canActivate(httpContext(proto.list, 'Bearer expired').context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).problem.detail).toBe('invalid or expired token');
    expect((error as ProblemException).headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('attaches the principal for a valid token', async () => {
    const { context, request } = httpContext(proto.list, 'Bearer good');
    expect(await statusOf(guard.canActivate(context))).toBe('allowed');
    expect(request.principal).toEqual(planner);
  });

  it('enforces @Roles with 403', async () => {
    expect(await statusOf(guard.canActivate(httpContext(proto.remove, 'Bearer good').context))).toBe(403);
    expect(await statusOf(guard.canActivate(httpContext(proto.plan, 'Bearer good').context))).toBe('allowed');
  });

  it('lets @Public routes and non-HTTP handlers through', async () => {
    expect(await statusOf(guard.canActivate(httpContext(proto.ping).context))).toBe('allowed');
    expect(await statusOf(guard.canActivate(httpContext(proto.list, undefined, 'rpc').context))).toBe('allowed');
  });
});
