/**
 * Limble: Basic `clientId:clientSecret` on every request; about one request a second, 429 with
 * `Retry-After` beyond it (rate_limited, never an auth failure).
 */
import { classifyByStatus } from '../failure';
import { basicAuthorization, credential, defineAdapter, joinUrl, mergeOperations } from '../system-adapter';
import { limbleCustomTables, limbleReads } from './limble.reads';
import { limbleWrites, withoutStatus } from './limble.writes';
import { CREATED_LOOKUP_DEFAULTS, withCreatedLookup } from './created-lookup';

export const limbleAdapter = defineAdapter({
  description: {
    system: 'limble',
    title: 'Limble CMMS',
    authMethods: [
      {
        kind: 'basic',
        fields: [
          { name: 'clientId', label: 'Client ID', secret: false },
          { name: 'clientSecret', label: 'Client secret', secret: true },
        ],
      },
    ],
    settings: [],
  },
  authenticate: async () => ({}),
  authorize: (request, connection) => ({
    ...request,
    headers: { ...request.headers, authorization: basicAuthorization(credential(connection, 'clientId'), credential(connection, 'clientSecret')) },
  }),
  probe: (connection) => ({ method: 'GET', operation: 'probe', url: joinUrl(connection.baseUrl, '/v2/tasks?page=1&limit=1') }),
  classifyFailure: (reply) => classifyByStatus(reply),
  entities: (call) => withCreatedLookup(mergeOperations(limbleReads(call), limbleWrites(call)), ['workOrder', 'purchaseOrder', 'asset', 'part'], { ...CREATED_LOOKUP_DEFAULTS, pageSize: 200, sentOnCreate: withoutStatus }),
  customTables: (call) => limbleCustomTables(call),
});
