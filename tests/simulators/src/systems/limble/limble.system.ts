/**
 * Limble CMMS REST v2. Basic auth with an API client id and secret (an admin can regenerate them).
 * About one request a second: beyond its burst it answers 429 with Retry-After. Lists are plain
 * arrays in pages of up to 200 (`page`, `limit`), with no total and no modified-date filter (tasks
 * need a full scan). A task's `statusID` (customer-specific ids) cannot be set on create: create,
 * then PATCH. `due` is in epoch seconds. Customer-defined data: a table of the customer's own
 * (`calibrations`, id `calibrationID`) under the same API, with the same auth, rate limit and paging.
 */
import type { Request, Response, Router } from 'express';
import { decodeBasic } from '../../core/http';
import { listRecords, type Found } from '../../core/operations';
import { restRoutes } from '../../core/rest-routes';
import { randomToken } from '../../core/random';
import { epochSeconds, queryInteger, renderRecord } from '../../core/records';
import type { SimulatorState } from '../../core/state';
import type { CollectionSpec, Fields } from '../../core/store';
import { SimulatedFailure, type AuthOutcome, type Reply, type SystemErrors, type SystemModule } from '../../core/system';
import { LIMBLE_SEED } from './limble.seed';

const API = '/v2';
const MAX_PAGE = 200;

/** This customer's task statuses: 0-2 are Limble's, 1001 one the customer added. */
export const LIMBLE_STATUSES = [
  { statusID: 0, name: 'Open' },
  { statusID: 1, name: 'In Progress' },
  { statusID: 2, name: 'Complete' },
  { statusID: 1001, name: 'Waiting on parts' },
];

function limbleError(status: number, message: string, headers?: Record<string, string>): Reply {
  return { status, headers, json: { status, message } };
}

const errors: SystemErrors = {
  missingCredentials: () => limbleError(401, 'Authorization required'),
  invalidCredentials: () => limbleError(401, 'Invalid client ID or client secret'),
  expiredCredentials: () => limbleError(401, 'Invalid client ID or client secret'),
  permissionDenied: (collection, access) => limbleError(403, `The API client lacks the ${access} permission for ${collection.name}`),
  notFound: (what) => limbleError(404, `${what} not found`),
  validation: (message) => limbleError(400, message),
  staleVersion: () => limbleError(409, 'The record was changed'),
  rateLimited: (seconds) => limbleError(429, 'Rate limit exceeded', { 'retry-after': String(seconds) }),
  serverError: (status) => limbleError(status, 'Server error'),
};

const spec = (name: string, entity: CollectionSpec['entity'], idField: string, firstId: number): CollectionSpec => ({ name, entity, idField, firstId, modifiedField: 'lastEdited' });
const collections: CollectionSpec[] = [
  spec('tasks', 'workOrder', 'taskID', 1001),
  spec('assets', 'asset', 'assetID', 2001),
  spec('locations', 'location', 'locationID', 3001),
  { ...spec('pos', 'purchaseOrder', 'poID', 4001), linesField: 'items' },
  spec('parts', 'part', 'partID', 5001),
  spec('vendors', 'vendor', 'vendorID', 6001),
  spec('users', 'user', 'userID', 7001),
  // A customer-defined table, listed like the standard ones (page/limit, no modified filter, epoch seconds).
  spec('calibrations', 'customTable', 'calibrationID', 8001),
];

function authenticate(req: Request, sim: SimulatorState): AuthOutcome {
  const basic = decodeBasic(req.get('authorization'));
  if (!basic) return { kind: 'missing' };
  const match = sim.credentials.find('clientId', basic.user);
  if (match?.valid && match.credential.secrets.clientSecret === basic.password) return { kind: 'ok', credentialId: match.credential.id };
  return { kind: 'invalid', credentialId: match?.credential.id };
}

const LOCKED_PO_STATES = ['Approved', 'Ordered', 'Received', 'Closed'];

const render = ({ collection, record }: Found): Fields => renderRecord(collection.spec, record, epochSeconds);

function checkTask(body: Fields, creating: boolean): void {
  if (creating && body.statusID !== undefined) throw new SimulatedFailure(errors.validation('statusID cannot be set when creating a task; create it, then PATCH statusID'));
  if (body.statusID !== undefined && !LIMBLE_STATUSES.some((status) => status.statusID === body.statusID)) {
    throw new SimulatedFailure(errors.validation(`statusID ${String(body.statusID)} does not exist`));
  }
  if (body.due !== undefined && !Number.isInteger(body.due)) throw new SimulatedFailure(errors.validation('due must be a Unix timestamp in seconds'));
}

/** An asset or a part is created inside a location and stays there: the API cannot move it. */
function checkInLocation(resource: string, body: Fields, creating: boolean): void {
  const [article, what] = resource === 'assets' ? ['an', 'asset'] : ['a', 'part'];
  if (creating && (!body.name || !Number.isInteger(body.locationID))) throw new SimulatedFailure(errors.validation(`name and locationID are required to create ${article} ${what}`));
  if (!creating && body.locationID !== undefined) throw new SimulatedFailure(errors.validation(`locationID cannot be changed; move the ${what} in Limble`));
}

function list(sim: SimulatorState, req: Request, res: Response): void {
  const { collection, records } = listRecords(sim, String(req.params.resource));
  const page = queryInteger(req.query.page, 1, 1);
  const limit = queryInteger(req.query.limit, MAX_PAGE, 1);
  if (page === undefined || limit === undefined || limit > MAX_PAGE) throw new SimulatedFailure(errors.validation(`page must be ≥ 1 and limit between 1 and ${MAX_PAGE}`));
  res.json(records.slice((page - 1) * limit, page * limit).map((record) => render({ collection, record })));
}

function routes(router: Router, sim: SimulatorState): void {
  router.get(`${API}/tasks/statuses`, (_req, res) => {
    sim.authorize('tasks', 'read');
    res.json(LIMBLE_STATUSES);
  });
  restRoutes(router, sim, API, {
    list: (req, res) => list(sim, req, res),
    one: (_req, found) => render(found),
    check: (resource, body, creating, current) => {
      if (resource === 'tasks') checkTask(body, creating);
      if (resource === 'assets' || resource === 'parts') checkInLocation(resource, body, creating);
      // An approved purchase order is locked in Limble: no edits after approval.
      if (resource === 'pos' && current && LOCKED_PO_STATES.includes(String(current.state))) {
        throw new SimulatedFailure(errors.validation(`Purchase order ${String(current.poNumber)} is ${String(current.state)} and can no longer be edited`));
      }
    },
  });
}

export const limble: SystemModule = {
  kind: 'limble',
  title: 'Limble CMMS (REST v2)',
  devPort: 4106,
  apiPath: API,
  collections,
  credentials: [{ id: 'client', create: (random) => ({ clientId: randomToken(random, 16), clientSecret: randomToken(random, 32) }), rotatable: ['clientId', 'clientSecret'] }],
  sessionTtlSeconds: 0,
  rotationEndsSessions: false,
  rateLimit: { perSecond: 1, burst: 3 },
  errors,
  authenticate,
  routes,
  seed: LIMBLE_SEED,
};
