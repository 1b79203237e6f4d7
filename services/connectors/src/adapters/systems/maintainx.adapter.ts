/**
 * MaintainX: `Authorization: Bearer <API key>` on every request; a key with several organizations
 * also needs `X-Organization-Id` (the connection's `organizationId` setting).
 */
import { classifyByStatus } from '../failure';
import { credential, defineAdapter, joinUrl, mergeOperations } from '../system-adapter';
import { maintainxCustomTables, maintainxReads } from './maintainx.reads';
import { maintainxWrites } from './maintainx.writes';
import { withCreatedLookup } from './created-lookup';

export const maintainxAdapter = defineAdapter({
  description: {
    system: 'maintainx',
    title: 'MaintainX',
    authMethods: [{ kind: 'api_key', fields: [{ name: 'apiKey', label: 'API key', secret: true }] }],
    settings: [{ name: 'organizationId', label: 'Organization ID (keys with several organizations)' }],
  },
  authenticate: async () => ({}),
  authorize(request, connection) {
    const organization = connection.settings.organizationId;
    return {
      ...request,
      headers: { ...request.headers, authorization: `Bearer ${credential(connection, 'apiKey')}`, ...(organization ? { 'x-organization-id': organization } : {}) },
    };
  },
  probe: (connection) => ({ method: 'GET', operation: 'probe', url: joinUrl(connection.baseUrl, '/v1/workorders?limit=1') }),
  classifyFailure: (reply) => classifyByStatus(reply),
  entities: (call) => withCreatedLookup(mergeOperations(maintainxReads(call), maintainxWrites(call)), ['workOrder', 'asset', 'part']),
  customTables: (call) => maintainxCustomTables(call),
});
