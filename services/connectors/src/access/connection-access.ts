import { applyDecorators, Inject, Injectable, Logger, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import { InvalidTokenError, JwtVerifier, ProblemException, Public, type AuthenticatedRequest, type Principal, type Role } from '@mate/service-kit';
import { connectionNotFound } from '../connections/connection.exception';
import { ConnectionApiTokens } from './connection-api-tokens';
import { bearerToken } from './secret-token';

const CONNECTION_ACCESS_KEY = 'mate:connectors:connectionAccess';

export interface ConnectionAccessOptions {
  /** Tenant JWT roles let in (any one of them); a connection API token is always let in for its own connection. */
  roles: readonly Role[];
  /** The route parameter holding the connection id; `id` unless told. */
  param?: string;
}

/** How the caller of a unified-API route got in: set on the request next to `principal`. */
export interface ConnectionCaller {
  via: 'connection_api_token' | 'tenant_jwt';
  connectionId: string;
}

export interface ConnectionAccessRequest extends AuthenticatedRequest {
  connectionCaller?: ConnectionCaller;
}

/** The role a connection API token acts with: an integration, scoped to one connection. */
const TOKEN_ROLES: readonly Role[] = ['integration'];

/**
 * The access rule of the unified API (`/api/v1/connections/{id}/records…`, `/custom-objects…`,
 * `/syncs…`, `/passthrough`, writes), as one line on a controller or a route:
 *
 * ```ts
 * @Controller('connections/:id/records')
 * @ConnectionAccess('admin', 'planner')        // tenant JWT roles; a connection API token always passes
 * export class RecordsController {
 *   @Get(':entity')
 *   list(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) { … }
 * }
 * ```
 *
 * It accepts either `Authorization: Bearer mcn_…` (the connection's API token, issued when the
 * connection was made or reconnected) or a tenant JWT holding one of `roles`. A token counts only
 * for its own connection: any other connection id answers 404, exactly as another tenant's
 * connection does, so a token cannot probe which ids exist; a revoked or unknown token is 401.
 * Either way `@CurrentPrincipal()` then gives the tenant (a token acts as `integration` in its
 * connection's tenant, subject `connection:<id>`), so use cases stay as they are; the tenant
 * transaction still scopes every read, and a JWT of another tenant finds nothing (404).
 * Use `@ConnectionAccessOn('connectionId', …roles)` where the route names its parameter otherwise.
 * It replaces `@Roles(...)` on those routes (it marks them `@Public()` for the global JWT guard and
 * checks the JWT itself); do not combine the two.
 */
export function ConnectionAccess(...roles: Role[]): MethodDecorator & ClassDecorator {
  return ConnectionAccessOn('id', ...roles);
}

/** `@ConnectionAccess` for a route whose connection id parameter is not `id`. */
export function ConnectionAccessOn(param: string, ...roles: Role[]): MethodDecorator & ClassDecorator {
  const options: ConnectionAccessOptions = { roles, param };
  return applyDecorators(Public(), SetMetadata(CONNECTION_ACCESS_KEY, options), UseGuards(ConnectionAccessGuard), ApiBearerAuth());
}

/** The guard behind `@ConnectionAccess`: a connection API token for its own connection, or a tenant JWT with a role. */
@Injectable()
export class ConnectionAccessGuard implements CanActivate {
  private readonly logger = new Logger('ConnectionAccessGuard');

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JwtVerifier) private readonly verifier: JwtVerifier,
    @Inject(ConnectionApiTokens) private readonly tokens: Pick<ConnectionApiTokens, 'connectionFor'>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const options = this.reflector.getAllAndOverride<ConnectionAccessOptions | undefined>(CONNECTION_ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!options) return true;
    const request = context.switchToHttp().getRequest<ConnectionAccessRequest>();
    const connectionId = String(request.params?.[options.param ?? 'id'] ?? '');
    const apiToken = bearerToken(request.headers.authorization, 'mcn_');
    request.principal = apiToken ? await this.byApiToken(apiToken, connectionId) : await this.byJwt(request.headers.authorization, options.roles);
    request.connectionCaller = { via: apiToken ? 'connection_api_token' : 'tenant_jwt', connectionId };
    return true;
  }

  private async byApiToken(token: string, connectionId: string): Promise<Principal> {
    const connection = await this.tokens.connectionFor(token);
    if (!connection) throw ProblemException.unauthorized('unknown or revoked connection API token');
    // Another connection, even of the same tenant, is not there for this token.
    if (connection.id !== connectionId) throw connectionNotFound();
    return { subject: `connection:${connection.id}`, tenantId: connection.tenantId, roles: TOKEN_ROLES };
  }

  private async byJwt(authorization: string | undefined, roles: readonly Role[]): Promise<Principal> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) throw ProblemException.unauthorized('a bearer token is required: a tenant JWT or the connection API token');
    let principal: Principal;
    try {
      principal = await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      this.logger.debug({ reason: error.reason }, 'token refused');
      throw ProblemException.unauthorized();
    }
    if (roles.length > 0 && !roles.some((role) => principal.roles.includes(role))) throw ProblemException.forbidden();
    return principal;
  }
}
