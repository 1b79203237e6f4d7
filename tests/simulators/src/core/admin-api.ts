/**
 * The admin API (`/__admin`, its own bearer token): what a test or a developer does to the simulated
 * system from outside, as its administrator would: rotate or revoke credentials, take a permission
 * away, inject faults, seed and read data, read the request counts. Errors are RFC 9457 problems.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Credential, Permission } from './credentials';
import { FaultValidationError, validateFault } from './faults';
import { bearerToken, sendProblem } from './http';
import { allPermissions, type SimulatorState } from './state';
import type { Collection, Fields, StoredRecord } from './store';

export const ADMIN_PREFIX = '/__admin';

export function describeCredential(credential: Credential) {
  return { id: credential.id, accountId: credential.accountId, status: credential.status, secrets: credential.secrets };
}

export function describeRecord(record: StoredRecord) {
  const { id, fields, version, createdAt, modifiedAt, deleted } = record;
  return { id, fields, version, createdAt: createdAt.toISOString(), modifiedAt: modifiedAt.toISOString(), deleted };
}

function requireAdmin(adminToken: string): RequestHandler {
  const expected = Buffer.from(adminToken);
  return (req, res, next) => {
    const given = Buffer.from(bearerToken(req.headers.authorization) ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    sendProblem(res, 401, 'Unauthorized', 'The admin API needs Authorization: Bearer <admin token>.');
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function credentialRoutes(router: express.Router, sim: SimulatorState): void {
  const found = (req: Request, res: Response): Credential | undefined => {
    const credential = sim.credentials.get(String(req.params.id));
    if (!credential) sendProblem(res, 404, 'Not Found', `No credential ${String(req.params.id)}.`, 'id');
    return credential;
  };
  router.get('/credentials', (_req, res) => void res.json(sim.credentials.list().map(describeCredential)));
  router.post('/credentials/:id/rotate', (req, res) => {
    if (!found(req, res)) return;
    const values = isObject(req.body) ? req.body : {};
    if (Object.values(values).some((value) => typeof value !== 'string' || value === '')) {
      return sendProblem(res, 400, 'Bad Request', 'New secret values must be non-empty strings.', Object.keys(values)[0]);
    }
    const credential = sim.credentials.rotate(String(req.params.id), values as Record<string, string>);
    if (credential && sim.system.rotationEndsSessions) sim.sessions.end(credential.id);
    res.json(credential && describeCredential(credential));
  });
  router.post('/credentials/:id/revoke', (req, res) => {
    const credential = found(req, res);
    if (!credential) return;
    sim.credentials.setStatus(credential.id, 'revoked');
    sim.sessions.end(credential.id);
    res.json(describeCredential(credential));
  });
  router.post('/credentials/:id/reinstate', (req, res) => {
    const credential = found(req, res);
    if (!credential) return;
    sim.credentials.setStatus(credential.id, 'active');
    res.json(describeCredential(credential));
  });
  router.post('/sessions/expire', (req, res) => {
    const credentialId = isObject(req.body) && typeof req.body.credentialId === 'string' ? req.body.credentialId : undefined;
    res.json({ expired: sim.sessions.expire(credentialId) });
  });
}

function permissionRoutes(router: express.Router, sim: SimulatorState): void {
  const known = new Set<string>(allPermissions(sim.system));
  const change = (grant: boolean) => (req: Request, res: Response) => {
    const permission = String(req.params.permission);
    if (req.params.account !== sim.credentials.account.id) return sendProblem(res, 404, 'Not Found', `No account ${String(req.params.account)}.`, 'account');
    if (!known.has(permission)) return sendProblem(res, 404, 'Not Found', `No permission ${permission}; known: ${[...known].join(', ')}.`, 'permission');
    if (grant) sim.credentials.account.permissions.add(permission as Permission);
    else sim.credentials.account.permissions.delete(permission as Permission);
    res.json({ id: sim.credentials.account.id, permissions: [...sim.credentials.account.permissions] });
  };
  router.put('/accounts/:account/permissions/:permission', change(true));
  router.delete('/accounts/:account/permissions/:permission', change(false));
}

function faultRoutes(router: express.Router, sim: SimulatorState): void {
  router.get('/faults', (_req, res) => void res.json(sim.faults.list()));
  router.post('/faults', (req, res) => {
    try {
      res.status(201).json(sim.faults.add(validateFault(req.body)));
    } catch (error) {
      if (!(error instanceof FaultValidationError)) throw error;
      sendProblem(res, 400, 'Bad Request', error.message, error.field);
    }
  });
  router.delete('/faults', (_req, res) => {
    sim.faults.clear();
    res.status(204).end();
  });
}

function settingsRoutes(router: express.Router, sim: SimulatorState): void {
  router.put('/settings', (req, res) => {
    const body: Record<string, unknown> = isObject(req.body) ? req.body : {};
    const { rateLimit, sessionTtlSeconds } = body;
    if (sessionTtlSeconds !== undefined && !(Number.isInteger(sessionTtlSeconds) && (sessionTtlSeconds as number) > 0)) {
      return sendProblem(res, 400, 'Bad Request', 'sessionTtlSeconds must be a positive integer.', 'sessionTtlSeconds');
    }
    const validLimit = rateLimit === null || (isObject(rateLimit) && Number(rateLimit.perSecond) > 0 && Number(rateLimit.burst) >= 1);
    if (rateLimit !== undefined && !validLimit) {
      return sendProblem(res, 400, 'Bad Request', 'rateLimit must be null or { perSecond > 0, burst >= 1 }.', 'rateLimit');
    }
    if (sessionTtlSeconds !== undefined) sim.sessionTtlSeconds = sessionTtlSeconds as number;
    if (rateLimit !== undefined) sim.rateLimiter.configure(rateLimit === null ? null : { perSecond: Number(rateLimit.perSecond), burst: Number(rateLimit.burst) });
    res.json({ sessionTtlSeconds: sim.sessionTtlSeconds, rateLimit: sim.rateLimiter.settings });
  });
}

function dataRoutes(router: express.Router, sim: SimulatorState): void {
  const found = (req: Request, res: Response): Collection | undefined => {
    const collection = sim.store.collection(String(req.params.collection));
    if (!collection) sendProblem(res, 404, 'Not Found', `No collection ${String(req.params.collection)}.`, 'collection');
    return collection;
  };
  const record = (collection: Collection, req: Request, res: Response): StoredRecord | undefined => {
    const stored = collection.get(Number(req.params.id), { includeDeleted: true });
    if (!stored) sendProblem(res, 404, 'Not Found', `No record ${String(req.params.id)} in ${collection.spec.name}.`, 'id');
    return stored;
  };
  router.get('/data', (_req, res) => {
    res.json(sim.store.all().map((c) => ({ ...c.spec, count: c.list({ includeDeleted: true }).length })));
  });
  router.get('/data/:collection', (req, res) => {
    const collection = found(req, res);
    if (collection) res.json(collection.list({ includeDeleted: true }).map(describeRecord));
  });
  router.post('/data/:collection', (req, res) => {
    const collection = found(req, res);
    if (!collection) return;
    const records: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    const invalid = records.findIndex((fields) => !isObject(fields));
    if (invalid >= 0) return sendProblem(res, 400, 'Bad Request', 'Each record must be an object of native fields.', `[${invalid}]`);
    res.status(201).json(records.map((fields) => describeRecord(collection.create(fields as Fields))));
  });
  router.patch('/data/:collection/:id', (req, res) => {
    const collection = found(req, res);
    const stored = collection && record(collection, req, res);
    if (!collection || !stored) return;
    if (!isObject(req.body)) return sendProblem(res, 400, 'Bad Request', 'The body must be an object of native fields.', 'body');
    res.json(describeRecord(collection.update(stored, req.body)));
  });
  router.delete('/data/:collection/:id', (req, res) => {
    const collection = found(req, res);
    const stored = collection && record(collection, req, res);
    if (collection && stored) res.json(describeRecord(collection.softDelete(stored)));
  });
}

export function adminRouter(sim: SimulatorState, adminToken: string, apiUrl: () => string): express.Router {
  const router = express.Router();
  router.use(requireAdmin(adminToken), express.json());
  router.get('/', (_req, res) => {
    res.json({
      system: sim.system.kind,
      title: sim.system.title,
      apiUrl: apiUrl(),
      credentials: sim.credentials.list().map(describeCredential),
      account: { id: sim.credentials.account.id, permissions: [...sim.credentials.account.permissions] },
      collections: sim.store.all().map((c) => c.spec),
      sessionTtlSeconds: sim.sessionTtlSeconds,
      rateLimit: sim.rateLimiter.settings,
    });
  });
  credentialRoutes(router, sim);
  permissionRoutes(router, sim);
  faultRoutes(router, sim);
  settingsRoutes(router, sim);
  dataRoutes(router, sim);
  router.get('/requests', (_req, res) => void res.json(sim.requests.counts()));
  router.delete('/requests', (_req, res) => {
    sim.requests.reset();
    res.status(204).end();
  });
  router.post('/reset', (_req, res) => {
    sim.reset();
    res.status(204).end();
  });
  router.use((_req: Request, res: Response) => sendProblem(res, 404, 'Not Found', 'No such admin endpoint.'));
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (isObject(error) && error.type === 'entity.parse.failed') return sendProblem(res, 400, 'Bad Request', 'The body is not valid JSON.', 'body');
    console.error(`[${sim.system.kind} simulator admin]`, error);
    sendProblem(res, 500, 'Internal Server Error', 'The simulator failed; see its log.');
  });
  return router;
}
