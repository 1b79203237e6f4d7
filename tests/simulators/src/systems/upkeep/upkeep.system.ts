/**
 * UpKeep REST v2. `POST /api/v2/auth {email, password}` opens a session (`sessionToken`,
 * `expiresAt`), sent as the `Session-Token` header. A session is bound to the user: it runs out, and
 * a password change ends it at once; both answer 401. Replies are `{success, result|results}`;
 * paging `limit`/`offset`; work orders change status by PATCH and cannot be deleted.
 * Customer-defined data: a resource of the customer's own (`calibrations`) under the same API, with
 * the same session, paging, `updatedAtGreaterThan` filter and string ids.
 */
import type { Request, Response, Router } from 'express';
import { listRecords, type Found } from '../../core/operations';
import { restRoutes } from '../../core/rest-routes';
import { isoTime, queryInteger, renderRecord } from '../../core/records';
import type { SimulatorState } from '../../core/state';
import type { CollectionSpec, Fields } from '../../core/store';
import { SimulatedFailure, type AuthOutcome, type Reply, type SystemErrors, type SystemModule } from '../../core/system';
import { UPKEEP_SEED } from './upkeep.seed';

const API = '/api/v2';
const WORK_ORDER_STATUSES = ['open', 'onHold', 'inProgress', 'complete'];

function upkeepError(status: number, message: string, headers?: Record<string, string>): Reply {
  return { status, headers, json: { success: false, message } };
}

const errors: SystemErrors = {
  missingCredentials: () => upkeepError(401, 'Session-Token header is required'),
  invalidCredentials: () => upkeepError(401, 'Invalid session token'),
  // UpKeep does not say whether a session ran out or was ended: both are 401.
  expiredCredentials: () => upkeepError(401, 'Invalid session token'),
  permissionDenied: (collection, access) => upkeepError(403, `Your role does not allow you to ${access === 'read' ? 'view' : 'edit'} ${collection.name}`),
  notFound: (what) => upkeepError(404, `${what} not found`),
  validation: (message) => upkeepError(400, message),
  staleVersion: () => upkeepError(409, 'The record was changed by another user'),
  rateLimited: (seconds) => upkeepError(429, 'Too many requests', { 'retry-after': String(seconds) }),
  serverError: (status) => upkeepError(status, 'Internal server error'),
};

const spec = (name: string, entity: CollectionSpec['entity'], firstId: number): CollectionSpec => ({ name, entity, idField: 'id', firstId, modifiedField: 'updatedAt' });
const collections: CollectionSpec[] = [
  spec('work-orders', 'workOrder', 1001),
  spec('assets', 'asset', 2001),
  spec('locations', 'location', 3001),
  { ...spec('purchase-orders', 'purchaseOrder', 4001), linesField: 'partsPurchased' },
  spec('parts', 'part', 5001),
  spec('vendors', 'vendor', 6001),
  spec('users', 'user', 7001),
  // A customer-defined resource, listed like the standard ones (limit/offset, updatedAtGreaterThan).
  spec('calibrations', 'customTable', 8001),
];

function authenticate(req: Request, sim: SimulatorState): AuthOutcome {
  if (req.path === `${API}/auth` && req.method === 'POST') {
    return { kind: 'public', credentialId: sim.credentials.find('email', String((req.body as Fields | undefined)?.email ?? ''))?.credential.id };
  }
  return sim.sessionOutcome(req.get('session-token'));
}

function login(sim: SimulatorState, req: Request, res: Response): void {
  const { email, password } = (req.body ?? {}) as Fields;
  const match = sim.credentials.find('email', String(email ?? ''));
  if (!match?.valid || match.credential.secrets.password !== password) {
    res.status(401).json({ success: false, message: 'Invalid email or password' });
    return;
  }
  const session = sim.sessions.issue(match.credential.id, sim.sessionTtlSeconds, 'upk-');
  res.json({ success: true, result: { sessionToken: session.token, expiresAt: session.expiresAt.toISOString() } });
}

const render = ({ collection, record }: Found): Fields => {
  const fields = renderRecord(collection.spec, record, isoTime, (id) => String(id));
  return { ...fields, createdAt: record.createdAt.toISOString() };
};

function list(sim: SimulatorState, req: Request, res: Response): void {
  const after = req.query.updatedAtGreaterThan;
  const since = typeof after === 'string' ? new Date(after) : undefined;
  if (since && Number.isNaN(since.getTime())) throw new SimulatedFailure(errors.validation('updatedAtGreaterThan must be an ISO date'));
  const { collection, records } = listRecords(sim, String(req.params.resource), since);
  const limit = queryInteger(req.query.limit, 100, 1);
  const offset = queryInteger(req.query.offset, 0);
  if (limit === undefined || offset === undefined) throw new SimulatedFailure(errors.validation('limit and offset must be whole numbers'));
  res.json({ success: true, results: records.slice(offset, offset + limit).map((record) => render({ collection, record })) });
}

function routes(router: Router, sim: SimulatorState): void {
  router.post(`${API}/auth`, (req, res) => login(sim, req, res));
  router.delete(`${API}/auth`, (req, res) => {
    const session = sim.sessions.find(req.get('session-token'));
    if (session) session.ended = true;
    res.json({ success: true });
  });
  restRoutes(router, sim, API, {
    list: (req, res) => list(sim, req, res),
    one: (_req, found) => ({ success: true, result: render(found) }),
    check(resource, body, creating) {
      if (['assets', 'parts'].includes(resource) && creating && !body.name) throw new SimulatedFailure(errors.validation('name is required'));
      if (resource === 'work-orders' && body.status !== undefined && !WORK_ORDER_STATUSES.includes(String(body.status))) {
        throw new SimulatedFailure(errors.validation(`status must be one of ${WORK_ORDER_STATUSES.join(', ')}`));
      }
    },
    checkDelete(resource) {
      if (resource === 'work-orders') throw new SimulatedFailure(upkeepError(405, 'Work orders cannot be deleted; change their status instead'));
    },
    deleted: { success: true },
  });
}

export const upkeep: SystemModule = {
  kind: 'upkeep',
  title: 'UpKeep (REST v2, session login)',
  devPort: 4104,
  apiPath: API,
  collections,
  credentials: [
    { id: 'login', create: (random) => ({ email: 'integration@example.com', password: `Pw-${Math.floor(random() * 1e9).toString(36)}` }), rotatable: ['password'] },
  ],
  sessionTtlSeconds: 3600,
  rotationEndsSessions: true,
  errors,
  authenticate,
  routes,
  seed: UPKEEP_SEED,
};
