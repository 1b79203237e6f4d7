/**
 * MaintainX REST v1. `Authorization: Bearer <API key>`; a key that spans several organizations must
 * name one in `X-Organization-Id`. Lists page by cursor (`limit` ≤ 100, `cursor`, reply `nextCursor`)
 * under a plural key (`workOrders`), single records under a singular one (`workOrder`). Work order
 * status `OPEN/IN_PROGRESS/ON_HOLD/DONE`, priority `NONE/LOW/MEDIUM/HIGH`; custom fields in `extraFields`.
 * Customer-defined data: a resource of the customer's own (`calibrations`) under the same API, with
 * the same key, cursor paging and (no) modified filter.
 */
import type { Request, Response, Router } from 'express';
import { bearerToken } from '../../core/http';
import { listRecords, type Found } from '../../core/operations';
import { restRoutes } from '../../core/rest-routes';
import { randomToken } from '../../core/random';
import { cursorPage, isoTime, queryInteger, renderRecord } from '../../core/records';
import type { SimulatorState } from '../../core/state';
import type { CollectionSpec, Fields } from '../../core/store';
import { SimulatedFailure, type AuthOutcome, type Reply, type SystemErrors, type SystemModule } from '../../core/system';
import { MAINTAINX_SEED } from './maintainx.seed';

const API = '/v1';
const MAX_PAGE = 100;

function maintainxError(status: number, message: string, headers?: Record<string, string>): Reply {
  return { status, headers, json: { errors: [{ message }] } };
}

const errors: SystemErrors = {
  missingCredentials: () => maintainxError(401, 'Missing bearer token'),
  invalidCredentials: () => maintainxError(401, 'Invalid API key'),
  expiredCredentials: () => maintainxError(401, 'Invalid API key'),
  permissionDenied: (collection, access) => maintainxError(403, `This API key's user may not ${access} ${collection.name}`),
  notFound: (what) => maintainxError(404, `Not found: ${what}`),
  validation: (message) => maintainxError(400, message),
  staleVersion: () => maintainxError(409, 'Conflict: the record was modified'),
  rateLimited: (seconds) => maintainxError(429, 'Too Many Requests', { 'retry-after': String(seconds) }),
  serverError: (status) => maintainxError(status, 'Internal Server Error'),
};

/** Resource path, its list key and its single-record key. */
const RESOURCES: Record<string, { entity: CollectionSpec['entity']; plural: string; singular: string; firstId: number }> = {
  workorders: { entity: 'workOrder', plural: 'workOrders', singular: 'workOrder', firstId: 1001 },
  assets: { entity: 'asset', plural: 'assets', singular: 'asset', firstId: 2001 },
  locations: { entity: 'location', plural: 'locations', singular: 'location', firstId: 3001 },
  purchaseorders: { entity: 'purchaseOrder', plural: 'purchaseOrders', singular: 'purchaseOrder', firstId: 4001 },
  parts: { entity: 'part', plural: 'parts', singular: 'part', firstId: 5001 },
  vendors: { entity: 'vendor', plural: 'vendors', singular: 'vendor', firstId: 6001 },
  users: { entity: 'user', plural: 'users', singular: 'user', firstId: 7001 },
  // A customer-defined resource, listed like the standard ones (cursor paging, plural and singular keys).
  calibrations: { entity: 'customTable', plural: 'calibrations', singular: 'calibration', firstId: 8001 },
};

const collections: CollectionSpec[] = Object.entries(RESOURCES).map(([name, { entity, firstId }]) => ({
  name,
  entity,
  idField: 'id',
  firstId,
  modifiedField: 'updatedAt',
  ...(name === 'purchaseorders' ? { linesField: 'items' } : {}),
}));

const VALUES: Record<string, readonly string[]> = { status: ['OPEN', 'IN_PROGRESS', 'ON_HOLD', 'DONE'], priority: ['NONE', 'LOW', 'MEDIUM', 'HIGH'] };

function authenticate(req: Request, sim: SimulatorState): AuthOutcome {
  const header = req.get('authorization');
  if (!header) return { kind: 'missing' };
  const match = sim.credentials.find('apiKey', bearerToken(header));
  if (!match?.valid) return { kind: 'invalid', credentialId: match?.credential.id };
  const organizations = (match.credential.secrets.organizationIds ?? '').split(',').filter(Boolean);
  const chosen = req.get('x-organization-id');
  if (organizations.length > 1 && !chosen) {
    return { kind: 'invalid', credentialId: match.credential.id, reply: maintainxError(400, 'X-Organization-Id header is required for a key with access to several organizations') };
  }
  if (chosen && !organizations.includes(chosen)) {
    return { kind: 'invalid', credentialId: match.credential.id, reply: maintainxError(403, `No access to organization ${chosen}`) };
  }
  return { kind: 'ok', credentialId: match.credential.id };
}

function resourceOf(req: Request) {
  const resource = RESOURCES[String(req.params.resource)];
  if (!resource) throw new SimulatedFailure(errors.notFound(req.path));
  return resource;
}

const render = ({ collection, record }: Found): Fields => ({ ...renderRecord(collection.spec, record, isoTime), createdAt: record.createdAt.toISOString() });

function list(sim: SimulatorState, req: Request, res: Response): void {
  const { plural } = resourceOf(req);
  const { collection, records } = listRecords(sim, String(req.params.resource));
  const limit = queryInteger(req.query.limit, MAX_PAGE, 1);
  if (limit === undefined || limit > MAX_PAGE) throw new SimulatedFailure(errors.validation(`limit must be between 1 and ${MAX_PAGE}`));
  const page = cursorPage(records, typeof req.query.cursor === 'string' ? req.query.cursor : undefined, limit);
  if (!page) throw new SimulatedFailure(errors.validation('cursor is not valid'));
  res.json({ [plural]: page.items.map((record) => render({ collection, record })), nextCursor: page.nextCursor });
}

function routes(router: Router, sim: SimulatorState): void {
  restRoutes(router, sim, API, {
    list: (req, res) => list(sim, req, res),
    one: (req, found) => ({ [resourceOf(req).singular]: render(found) }),
    check(resource, body, creating) {
      if (['assets', 'parts'].includes(resource) && creating && !body.name) throw new SimulatedFailure(errors.validation('name is required'));
      // A part's available quantity is the sum of its stock per location: MaintainX computes it.
      if (resource === 'parts' && body.availableQuantity !== undefined) throw new SimulatedFailure(errors.validation('availableQuantity is read-only'));
      if (resource !== 'workorders') return;
      for (const [field, allowed] of Object.entries(VALUES)) {
        if (body[field] !== undefined && !allowed.includes(String(body[field]))) throw new SimulatedFailure(errors.validation(`${field} must be one of ${allowed.join(', ')}`));
      }
    },
  });
}

export const maintainx: SystemModule = {
  kind: 'maintainx',
  title: 'MaintainX (REST v1)',
  devPort: 4105,
  apiPath: API,
  collections,
  credentials: [
    { id: 'apikey', create: (random) => ({ apiKey: randomToken(random, 40, 'mx_') }), rotatable: ['apiKey'] },
    // A key with access to two organizations: every request must say which one it means.
    { id: 'multi-org-key', create: (random) => ({ apiKey: randomToken(random, 40, 'mx_'), organizationIds: '101,102' }), rotatable: ['apiKey'] },
  ],
  sessionTtlSeconds: 0,
  rotationEndsSessions: false,
  errors,
  authenticate,
  routes,
  seed: MAINTAINX_SEED,
};
