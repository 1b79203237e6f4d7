import type { AdapterConnection, AuthSession, CallPhase, ConnectorAdapter, ConnectorDescription, CustomTableOperations, EntityOperations, UnifiedEntity } from './adapter';
import { isAuthFailure, isTransientFailure, type FailureClass } from './failure';
import type { UpstreamHttp } from './upstream-http';
import type { UpstreamReply, UpstreamRequest } from './upstream-reply';

/** What differs from one system to the next; `defineAdapter` turns it into a ConnectorAdapter. */
export interface SystemProtocol {
  description: ConnectorDescription;
  /** Logs in or fetches a token; systems that send the credential on every request return `{}` without a call. */
  authenticate(connection: AdapterConnection, send: AuthenticationSender): Promise<AuthSession>;
  /** The request with the system's credentials or session added (headers, signed URL). */
  authorize(request: UpstreamRequest, connection: AdapterConnection, session: AuthSession): UpstreamRequest;
  /** One cheap authenticated read. */
  probe(connection: AdapterConnection): UpstreamRequest;
  classifyFailure(reply: UpstreamReply, phase: CallPhase): FailureClass | undefined;
  entities?: (call: AuthorizedSender) => Partial<Record<UnifiedEntity, EntityOperations>>;
  customTables?: (call: AuthorizedSender) => CustomTableOperations;
}

/** Sends a login or token request, classified as the authentication phase. */
export type AuthenticationSender = (request: UpstreamRequest) => Promise<UpstreamReply>;

/** Sends an API request with the connection's session, classified as a call. */
export type AuthorizedSender = (connection: AdapterConnection, session: AuthSession, request: UpstreamRequest) => Promise<UpstreamReply>;

/**
 * An adapter from a system's protocol and the shared HTTP client. Refreshing is authenticating
 * again for all six systems (client credentials, a new login, a new signature): none hands out a
 * refresh token.
 */
export function defineAdapter(protocol: SystemProtocol): (http: UpstreamHttp) => ConnectorAdapter {
  return (http) => {
    const system = protocol.description.system;
    const authenticate = (connection: AdapterConnection) =>
      protocol.authenticate(connection, (request) =>
        http.send({ system, tenantId: connection.tenantId, connectionId: connection.id, settings: connection.settings }, request, (reply) => protocol.classifyFailure(reply, 'authenticate')),
      );
    const callWith: AuthorizedSender = (connection, session, request) =>
      http.send({ system, tenantId: connection.tenantId, connectionId: connection.id, settings: connection.settings }, protocol.authorize(request, connection, session), (reply) => protocol.classifyFailure(reply, 'call'));
    return {
      description: protocol.description,
      authenticate,
      refresh: (connection) => authenticate(connection),
      probe: async (connection, session) => {
        await callWith(connection, session, protocol.probe(connection));
      },
      classifyFailure: (reply, phase) => protocol.classifyFailure(reply, phase),
      entities: protocol.entities?.(callWith) ?? {},
      customTables: protocol.customTables?.(callWith),
      raw: (connection, session, request) =>
        http.send({ system, tenantId: connection.tenantId, connectionId: connection.id, settings: connection.settings }, protocol.authorize(request, connection, session), (reply) => {
          const failure = protocol.classifyFailure(reply, 'call');
          return failure && (isAuthFailure(failure) || isTransientFailure(failure)) ? failure : undefined;
        }),
    };
  };
}

/** `base` + `path` with one slash between them, whatever the customer typed. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** A credential field that must be there: the connection was validated on the way in. */
export function credential(connection: AdapterConnection, name: string): string {
  return connection.credentials[name] ?? '';
}

/** One entity table from several (reads and writes of a system), each entity's operations merged. */
export function mergeOperations(...tables: Partial<Record<UnifiedEntity, EntityOperations>>[]): Partial<Record<UnifiedEntity, EntityOperations>> {
  const merged: Partial<Record<UnifiedEntity, EntityOperations>> = {};
  for (const table of tables) {
    for (const [entity, operations] of Object.entries(table) as [UnifiedEntity, EntityOperations][]) merged[entity] = { ...merged[entity], ...operations };
  }
  return merged;
}
