/**
 * IBM Maximo (OSLC/JSON). The credential goes with every request (`apikey`, or `maxauth` for a
 * login), so there is no session. A dead API key answers **400** `BMXAA9549E` and a missing
 * permission is also a 400 (`BMXAA9301E`): only the reason code tells auth, permission and
 * validation apart.
 */
import { classifyStatus, type FailureClass } from '../failure';
import { credential, defineAdapter, joinUrl } from '../system-adapter';
import { isJsonObject, type UpstreamReply } from '../upstream-reply';
import { maximoCustomTables, maximoReads } from './maximo.reads';

const OSLC = '/maximo/oslc/os';

const REASON_CODES: Readonly<Record<string, FailureClass>> = {
  BMXAA9549E: 'auth_invalid', // API key invalid, expired or revoked
  BMXAA0021E: 'auth_invalid', // user name and password not valid
  BMXAA9301E: 'permission_denied', // not authorized for the object structure
  BMXAA8229W: 'conflict', // _rowstamp: changed by another user
  BMXAA8727E: 'not_found',
};

function reasonCode(reply: UpstreamReply): string | undefined {
  const error = isJsonObject(reply.json) ? reply.json.Error : undefined;
  return isJsonObject(error) && typeof error.reasonCode === 'string' ? error.reasonCode : undefined;
}

export function classifyMaximo(reply: UpstreamReply): FailureClass | undefined {
  if (reply.status < 300) return undefined;
  const code = reasonCode(reply);
  return (code && REASON_CODES[code]) || classifyStatus(reply);
}

export const maximoAdapter = defineAdapter({
  description: {
    system: 'maximo',
    title: 'IBM Maximo',
    authMethods: [
      { kind: 'api_key', fields: [{ name: 'apiKey', label: 'API key', secret: true }] },
      {
        kind: 'basic',
        fields: [
          { name: 'user', label: 'User name', secret: false },
          { name: 'password', label: 'Password', secret: true },
        ],
      },
    ],
    settings: [],
  },
  authenticate: async () => ({}),
  authorize(request, connection) {
    const header: Record<string, string> =
      connection.authKind === 'api_key'
        ? { apikey: credential(connection, 'apiKey') }
        : { maxauth: Buffer.from(`${credential(connection, 'user')}:${credential(connection, 'password')}`, 'utf8').toString('base64') };
    return { ...request, headers: { ...request.headers, ...header } };
  },
  probe: (connection) => ({ method: 'GET', operation: 'probe', url: joinUrl(connection.baseUrl, `${OSLC}/mxwo?lean=1&oslc.pageSize=1&pageno=1`) }),
  classifyFailure: (reply) => classifyMaximo(reply),
  entities: (call) => ({ ...maximoReads(call) }),
  customTables: (call) => maximoCustomTables(call),
});

