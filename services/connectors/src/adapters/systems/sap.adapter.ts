/**
 * SAP S/4HANA PM (OData v2) with OAuth2 client credentials. Tokens expire; an expired, ended or
 * unknown token is a 401 HTML page whose `WWW-Authenticate` alone says which. Every 401 on a call
 * is treated as refreshable: only the token endpoint refusing the client is definitive, so a
 * token the server forgot never costs a reauthorization.
 */
import { UpstreamFailure, classifyStatus, type FailureClass } from '../failure';
import { basicAuthorization, credential, defineAdapter, joinUrl } from '../system-adapter';
import { isJsonObject, type UpstreamReply } from '../upstream-reply';
import { sapCustomTables, sapReads } from './sap.reads';

const TOKEN_PATH = '/sap/bc/sec/oauth2/token';
const ORDERS = '/sap/opu/odata/sap/API_MAINTENANCEORDER/MaintenanceOrder';

export function classifySap(reply: UpstreamReply, phase: 'authenticate' | 'call'): FailureClass | undefined {
  if (reply.status < 300) return undefined;
  if (phase === 'authenticate') {
    const error = isJsonObject(reply.json) ? reply.json.error : undefined;
    if (reply.status === 401 || error === 'invalid_client' || error === 'unauthorized_client') return 'auth_invalid';
    return classifyStatus(reply);
  }
  if (reply.status === 401) return 'auth_expired';
  // The CSRF token belongs to the session: fetch a new one and try again; not a permission problem.
  if (reply.status === 403 && (reply.headers['x-csrf-token'] ?? '').toLowerCase() === 'required') return 'auth_expired';
  return classifyStatus(reply);
}

export const sapAdapter = defineAdapter({
  description: {
    system: 'sap',
    title: 'SAP S/4HANA Plant Maintenance',
    authMethods: [
      {
        kind: 'oauth2_client_credentials',
        fields: [
          { name: 'clientId', label: 'Client ID', secret: false },
          { name: 'clientSecret', label: 'Client secret', secret: true },
        ],
      },
    ],
    settings: [],
  },
  async authenticate(connection, send) {
    const reply = await send({
      method: 'POST',
      operation: 'token',
      url: joinUrl(connection.baseUrl, TOKEN_PATH),
      headers: { authorization: basicAuthorization(credential(connection, 'clientId'), credential(connection, 'clientSecret')) },
      body: 'grant_type=client_credentials',
    });
    const body = isJsonObject(reply.json) ? reply.json : {};
    if (typeof body.access_token !== 'string') throw new UpstreamFailure('transient', { system: 'sap', operation: 'token', status: reply.status, code: 'no_access_token' });
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in);
    return {
      token: body.access_token,
      expiresAt: Number.isFinite(lifetime) ? new Date(Date.now() + lifetime * 1000).toISOString() : undefined,
    };
  },
  authorize: (request, _connection, session) => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${session.token ?? ''}` } }),
  probe: (connection) => ({ method: 'GET', operation: 'probe', url: joinUrl(connection.baseUrl, `${ORDERS}?$top=1&$skip=0`) }),
  classifyFailure: classifySap,
  entities: (call) => ({ ...sapReads(call) }),
  customTables: (call) => sapCustomTables(call),
});
