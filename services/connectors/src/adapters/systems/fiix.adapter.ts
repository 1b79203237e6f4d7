/**
 * Fiix: one RPC endpoint, the keys in the query string and an HMAC-SHA256 signature of the URL
 * (without its scheme) in `Authorization`. Every error is an HTTP **200** with
 * `{"_maCn":"ErrorResponse","error":{code,message}}`: only throttling and outages show in the status.
 */
import { createHmac } from 'node:crypto';
import { classifyStatus, type FailureClass } from '../failure';
import { credential, defineAdapter, joinUrl, mergeOperations } from '../system-adapter';
import { isJsonObject, type UpstreamReply } from '../upstream-reply';
import { fiixCustomTables, fiixReads } from './fiix.reads';
import { fiixWrites, holdsStartedOrder } from './fiix.writes';
import { CREATED_LOOKUP_DEFAULTS, withCreatedLookup } from './created-lookup';

const ERROR_CODES: Readonly<Record<number, FailureClass>> = {
  4001: 'auth_invalid', // missing keys
  4002: 'auth_invalid', // invalid or disabled access key
  4003: 'auth_invalid', // signature does not match the secret key
  4004: 'auth_expired', // timestamp outside the window: sign again
  4030: 'permission_denied',
  4040: 'not_found',
};

export function classifyFiix(reply: UpstreamReply): FailureClass | undefined {
  if (reply.status !== 200) return reply.status < 300 ? undefined : classifyStatus(reply);
  const body = reply.json;
  if (!isJsonObject(body) || body._maCn !== 'ErrorResponse') return undefined;
  const error = isJsonObject(body.error) ? body.error : {};
  const code = Number(error.code);
  if (ERROR_CODES[code]) return ERROR_CODES[code];
  return /changed by another user/i.test(String(error.message ?? '')) ? 'conflict' : 'upstream_validation';
}

export const fiixAdapter = defineAdapter({
  description: {
    system: 'fiix',
    title: 'Fiix',
    authMethods: [
      {
        kind: 'hmac_signed',
        fields: [
          { name: 'appKey', label: 'Application key', secret: false },
          { name: 'accessKey', label: 'Access key', secret: true },
          { name: 'secretKey', label: 'Secret key', secret: true },
        ],
      },
    ],
    settings: [],
  },
  authenticate: async () => ({}),
  authorize(request, connection) {
    const action = isJsonObject(request.body) ? String(request.body._maCn ?? '') : '';
    const query = new URLSearchParams({
      action,
      appKey: credential(connection, 'appKey'),
      accessKey: credential(connection, 'accessKey'),
      signatureMethod: 'HmacSHA256',
      signatureVersion: '1',
      timestamp: String(Date.now()),
    });
    const url = `${request.url}?${query}`;
    const signature = createHmac('sha256', credential(connection, 'secretKey')).update(url.replace(/^https?:\/\//, '')).digest('hex');
    return { ...request, url, headers: { ...request.headers, authorization: signature } };
  },
  probe: (connection) => ({
    method: 'POST',
    operation: 'probe',
    url: joinUrl(connection.baseUrl, '/api/'),
    body: { _maCn: 'FindRequest', className: 'WorkOrder', fields: 'id', maxObjects: 1, startObjectIndex: 0 },
  }),
  classifyFailure: (reply) => classifyFiix(reply),
  entities: (call) =>
    withCreatedLookup(withCreatedLookup(mergeOperations(fiixReads(call), fiixWrites(call)), ['workOrder', 'asset', 'part']), ['purchaseOrder'], {
      ...CREATED_LOOKUP_DEFAULTS,
      holds: holdsStartedOrder,
    }),
  customTables: (call) => fiixCustomTables(call),
});
