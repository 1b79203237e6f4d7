/**
 * UpKeep: `POST /api/v2/auth` exchanges e-mail and password for a session token with an expiry.
 * A session that ran out and one ended by a password change are the same 401, so a 401 on a call
 * is refreshable and logging in again tells them apart: only a refused login is definitive.
 */
import { UpstreamFailure, classifyStatus, type FailureClass } from '../failure';
import { credential, defineAdapter, joinUrl, mergeOperations } from '../system-adapter';
import { isJsonObject, type UpstreamReply } from '../upstream-reply';
import { upkeepCustomTables, upkeepReads } from './upkeep.reads';
import { upkeepWrites } from './upkeep.writes';
import { withCreatedLookup } from './created-lookup';

export function classifyUpkeep(reply: UpstreamReply, phase: 'authenticate' | 'call'): FailureClass | undefined {
  if (reply.status < 300) return isJsonObject(reply.json) && reply.json.success === false ? 'upstream_validation' : undefined;
  if (reply.status === 401) return phase === 'authenticate' ? 'auth_invalid' : 'auth_expired';
  if (phase === 'authenticate' && reply.status === 400) return 'auth_invalid';
  return classifyStatus(reply);
}

export const upkeepAdapter = defineAdapter({
  description: {
    system: 'upkeep',
    title: 'UpKeep',
    authMethods: [
      {
        kind: 'session_login',
        fields: [
          { name: 'email', label: 'E-mail', secret: false },
          { name: 'password', label: 'Password', secret: true },
        ],
      },
    ],
    settings: [],
  },
  async authenticate(connection, send) {
    const reply = await send({
      method: 'POST',
      operation: 'login',
      url: joinUrl(connection.baseUrl, '/api/v2/auth'),
      body: { email: credential(connection, 'email'), password: credential(connection, 'password') },
    });
    const result = isJsonObject(reply.json) && isJsonObject(reply.json.result) ? reply.json.result : {};
    if (typeof result.sessionToken !== 'string') throw new UpstreamFailure('transient', { system: 'upkeep', operation: 'login', status: reply.status, code: 'no_session_token' });
    return { token: result.sessionToken, expiresAt: typeof result.expiresAt === 'string' ? result.expiresAt : undefined };
  },
  authorize: (request, _connection, session) => ({ ...request, headers: { ...request.headers, 'session-token': session.token ?? '' } }),
  probe: (connection) => ({ method: 'GET', operation: 'probe', url: joinUrl(connection.baseUrl, '/api/v2/work-orders?limit=1&offset=0') }),
  classifyFailure: classifyUpkeep,
  entities: (call) => withCreatedLookup(mergeOperations(upkeepReads(call), upkeepWrites(call)), ['workOrder', 'asset', 'part']),
  customTables: (call) => upkeepCustomTables(call),
});
