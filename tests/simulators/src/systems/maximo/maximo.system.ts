/**
 * IBM Maximo, OSLC/JSON API (`/maximo/oslc/os/<object structure>`). Auth by `apikey` header (or
 * `maxauth: base64(user:password)`); a dead API key is a **400** `BMXAA9549E`, a missing object
 * structure permission a 400 `BMXAA9301E`: only the reason code tells them from a validation error.
 * Paging `oslc.pageSize` + `pageno`; updates are POST with `x-method-override: PATCH`; `If-Match`
 * or `_rowstamp` guards against lost updates (412 `BMXAA8229W`).
 */
import type { Request, Response, Router } from 'express';
import { randomToken } from '../../core/random';
import { decodeBasic } from '../../core/http';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord, type Found } from '../../core/operations';
import { isoTime, offsetPage, queryInteger, renderRecord } from '../../core/records';
import type { SimulatorState } from '../../core/state';
import type { CollectionSpec, Fields, StoredRecord } from '../../core/store';
import { SimulatedFailure, type AuthOutcome, type Reply, type SystemErrors, type SystemModule } from '../../core/system';
import { MAXIMO_SEED } from './maximo.seed';

const BASE = '/maximo/oslc/os';

function maximoError(status: number, reasonCode: string, message: string, headers?: Record<string, string>): Reply {
  return { status, headers, json: { Error: { reasonCode, message: `${reasonCode} - ${message}`, statusCode: String(status), extendedError: { moreInfo: {} } } } };
}

const errors: SystemErrors = {
  missingCredentials: () => maximoError(401, 'BMXAA0021E', 'User name and password combination are not valid. Try again.'),
  invalidCredentials: () => maximoError(400, 'BMXAA9549E', 'The API key token is invalid. Either the token may have expired or the token has been revoked.'),
  expiredCredentials: () => maximoError(400, 'BMXAA9549E', 'The API key token is invalid. Either the token may have expired or the token has been revoked.'),
  permissionDenied: (collection) =>
    maximoError(400, 'BMXAA9301E', `The user of the transaction is not authorized for Object Structure ${collection.name.toUpperCase()}. Configure authorization in the object structure application and grant necessary access to the user.`),
  notFound: (what) => maximoError(404, 'BMXAA8727E', `The OSLC resource ${what} was not found as it does not exist in the system.`),
  validation: (message) => maximoError(400, 'BMXAA4195E', message),
  staleVersion: () => maximoError(412, 'BMXAA8229W', 'Record has been updated by another user. Your changes have not been saved. Refresh the record and try again.'),
  // Maximo itself documents no rate limit; what answers 429 is the gateway in front of it.
  rateLimited: (seconds) => ({ status: 429, headers: { 'retry-after': String(seconds) }, text: 'Too Many Requests' }),
  serverError: (status) =>
    status === 500 ? maximoError(500, 'BMXAA6713E', 'The MBO fetch operation failed in the mboset.') : { status, text: `${status} Service Unavailable` },
};

/** Allowed work order status changes (a subset of Maximo's WOSTATUS synonyms). */
const WO_TRANSITIONS: Record<string, readonly string[]> = {
  WAPPR: ['APPR', 'INPRG', 'WMATL', 'CAN'],
  APPR: ['WAPPR', 'INPRG', 'WMATL', 'COMP', 'CAN'],
  WMATL: ['APPR', 'INPRG', 'CAN'],
  INPRG: ['WMATL', 'COMP'],
  COMP: ['CLOSE'],
  CLOSE: [],
  CAN: [],
};

/** Allowed asset status changes (a subset of ASSETSTATUS); DECOMMISSIONED is final. */
const ASSET_TRANSITIONS: Record<string, readonly string[]> = {
  'NOT READY': ['OPERATING', 'DECOMMISSIONED'],
  OPERATING: ['NOT READY', 'DECOMMISSIONED'],
  DECOMMISSIONED: [],
};

const collections: CollectionSpec[] = [
  { name: 'mxwo', entity: 'workOrder', idField: 'workorderid', firstId: 1001, modifiedField: 'changedate' },
  { name: 'mxasset', entity: 'asset', idField: 'assetuid', firstId: 2001, modifiedField: 'changedate' },
  { name: 'mxoperloc', entity: 'location', idField: 'locationsid', firstId: 3001, modifiedField: 'changedate' },
  { name: 'mxpo', entity: 'purchaseOrder', idField: 'poid', firstId: 4001, modifiedField: 'changedate', linesField: 'poline' },
  { name: 'mxinventory', entity: 'part', idField: 'inventoryid', firstId: 5001, modifiedField: 'changedate' },
  { name: 'mxvendor', entity: 'vendor', idField: 'companiesid', firstId: 6001, modifiedField: 'changedate' },
  { name: 'mxperson', entity: 'user', idField: 'personuid', firstId: 7001, modifiedField: 'changedate' },
  // A customer-defined object structure over a custom table.
  { name: 'custcalibration', entity: 'customTable', idField: 'calibrationid', firstId: 8001, modifiedField: 'changedate' },
];

function authenticate(req: Request, sim: SimulatorState): AuthOutcome {
  const apikey = req.get('apikey');
  if (apikey !== undefined) {
    const match = sim.credentials.find('apikey', apikey);
    return match?.valid ? { kind: 'ok', credentialId: match.credential.id } : { kind: 'invalid', credentialId: match?.credential.id };
  }
  const login = decodeBasic(req.get('maxauth'), null);
  if (login) {
    const match = sim.credentials.find('user', login.user);
    const valid = match?.valid && match.credential.secrets.password === login.password;
    if (valid && match) return { kind: 'ok', credentialId: match.credential.id };
    return { kind: 'invalid', credentialId: match?.credential.id, reply: errors.missingCredentials() };
  }
  return { kind: 'missing' };
}

function render(req: Request, found: Found, lean: boolean): Fields {
  const { collection, record } = found;
  const fields = renderRecord(collection.spec, record, isoTime);
  const href = `${req.protocol}://${req.get('host')}${BASE}/${collection.spec.name}/${record.id}`;
  const all = { ...fields, _rowstamp: String(record.version), href };
  // Without lean=1 Maximo answers in namespaced OSLC JSON.
  return lean ? all : Object.fromEntries(Object.entries(all).map(([key, value]) => [key === 'href' ? 'rdf:about' : `spi:${key}`, value]));
}

/**
 * `oslc.where`: `changedate>"2026-01-01T00:00:00Z"` (incremental sync) or `attribute="value"`
 * (a lookup by a natural key, e.g. `externalrefid`), the two forms clients here need.
 */
function whereClause(where: unknown, spec: CollectionSpec): { modifiedAfter?: Date; equals?: [string, string] } {
  if (typeof where !== 'string' || where === '') return {};
  const equals = /^(\w+)\s*=\s*"([^"]*)"$/.exec(where.trim());
  if (equals && equals[1] !== spec.modifiedField) return { equals: [equals[1] ?? '', equals[2] ?? ''] };
  const match = new RegExp(`^${spec.modifiedField}\\s*>\\s*"([^"]+)"$`).exec(where.trim());
  const date = match ? new Date(match[1] ?? '') : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new SimulatedFailure(maximoError(400, 'BMXAA7771E', `The oslc.where clause ${where} is not supported.`));
  return { modifiedAfter: date };
}

function list(sim: SimulatorState, req: Request, res: Response): void {
  const name = String(req.params.os);
  const spec = sim.store.collection(name)?.spec;
  const where = spec ? whereClause(req.query['oslc.where'], spec) : {};
  const listed = listRecords(sim, name, where.modifiedAfter);
  const { collection } = listed;
  const records = where.equals ? listed.records.filter((record) => String(record.fields[where.equals?.[0] ?? ''] ?? '') === where.equals?.[1]) : listed.records;
  const lean = req.query.lean === '1';
  const pageSize = queryInteger(req.query['oslc.pageSize'], records.length || 1, 1);
  const pageno = queryInteger(req.query.pageno, 1, 1);
  if (pageSize === undefined || pageno === undefined) throw new SimulatedFailure(errors.validation('oslc.pageSize and pageno must be positive whole numbers.'));
  const page = offsetPage(records, (pageno - 1) * pageSize, pageSize);
  const self = `${req.protocol}://${req.get('host')}${req.originalUrl}`;
  const next = new URL(self);
  next.searchParams.set('pageno', String(pageno + 1));
  const responseInfo = {
    href: self,
    pagenum: pageno,
    totalPages: Math.max(1, Math.ceil(records.length / pageSize)),
    totalCount: records.length,
    ...(page.hasMore ? { nextPage: { href: next.toString() } } : {}),
  };
  const member = page.items.map((record) => render(req, { collection, record }, lean));
  res.json(lean ? { member, responseInfo, href: self } : { 'rdfs:member': member, 'oslc:responseInfo': responseInfo, 'rdf:about': self });
}

/** The version a client claims to have read: `If-Match` header or `_rowstamp` in the body. */
function expectedVersion(req: Request): number | undefined {
  const claimed = req.get('if-match') ?? (req.body as Fields | undefined)?._rowstamp;
  if (claimed === undefined) return undefined;
  return Number(String(claimed).replace(/^W\//, '').replace(/"/g, ''));
}

/** Work order statuses in which nothing but the status may change (Maximo makes the record read-only). */
const WO_READ_ONLY = ['COMP', 'CLOSE', 'CAN'];
/** Purchase order statuses after approval: Maximo refuses edits until the PO is revised. */
const PO_LOCKED = ['APPR', 'INPRG', 'CLOSE', 'CAN'];

/** Edits Maximo refuses in the record's current status (BMXAA codes of this simulator's choosing). */
function checkStatusLock(record: StoredRecord, spec: CollectionSpec, fields: Fields): void {
  const status = String(record.fields.status ?? '');
  const changed = Object.keys(fields).filter((field) => field !== '_rowstamp');
  if (spec.name === 'mxwo' && WO_READ_ONLY.includes(status) && changed.some((field) => field !== 'status')) {
    throw new SimulatedFailure(maximoError(400, 'BMXAA4176E', `Work order ${String(record.fields.wonum)} is in status ${status} and cannot be modified.`));
  }
  if (spec.name === 'mxasset' && status === 'DECOMMISSIONED') {
    throw new SimulatedFailure(maximoError(400, 'BMXAA2235E', `Asset ${String(record.fields.assetnum)} is decommissioned and cannot be modified.`));
  }
  if (spec.name === 'mxinventory' && status === 'OBSOLETE') {
    throw new SimulatedFailure(maximoError(400, 'BMXAA2235E', `Inventory ${String(record.fields.itemnum)} in ${String(record.fields.location)} is obsolete and cannot be modified.`));
  }
  if (spec.name === 'mxpo' && PO_LOCKED.includes(status)) {
    throw new SimulatedFailure(maximoError(400, 'BMXAA3861E', `Purchase order ${String(record.fields.ponum)} is in status ${status}; revise it before changing it.`));
  }
}

function checkStatusChange(record: StoredRecord, spec: CollectionSpec, fields: Fields): void {
  if (fields.status === undefined) return;
  const from = String(record.fields.status);
  const to = String(fields.status);
  if (spec.name === 'mxwo' && !(WO_TRANSITIONS[from] ?? []).includes(to)) {
    throw new SimulatedFailure(maximoError(400, 'BMXAA4590E', `Work order ${String(record.fields.wonum)} cannot be changed from status ${from} to ${to}.`));
  }
  if (spec.name === 'mxasset' && from !== to && !(ASSET_TRANSITIONS[from] ?? []).includes(to)) {
    throw new SimulatedFailure(maximoError(400, 'BMXAA4590E', `Asset ${String(record.fields.assetnum)} cannot be changed from status ${from} to ${to}.`));
  }
}

function answerWrite(req: Request, res: Response, found: Found, created: boolean): void {
  res.setHeader('etag', String(found.record.version));
  if (created) res.status(201).setHeader('location', render(req, found, true).href as string);
  // Maximo returns the record only when asked with the `properties` header.
  if (req.get('properties')) res.status(created ? 201 : 200).json(render(req, found, true));
  else res.status(created ? 201 : 204).end();
}

/** A MERGE update: Maximo's business rules (status changes), then the optimistic lock. */
function mergeUpdate(sim: SimulatorState, name: string, id: unknown, body: Fields, version?: number): Found {
  const { collection, record } = getRecord(sim, name, id);
  checkReadOnly(collection.spec, body);
  checkStatusLock(record, collection.spec, body);
  checkStatusChange(record, collection.spec, body);
  const { _rowstamp: _ignored, ...fields } = body;
  return updateRecord(sim, name, id, fields, version);
}

/** Inventory attributes Maximo computes: the balance moves by issues, receipts and adjustments, the average cost by receipts. */
const INVENTORY_READ_ONLY = ['curbal', 'avgcost'];

function checkReadOnly(spec: CollectionSpec, fields: Fields): void {
  const computed = spec.name === 'mxinventory' ? INVENTORY_READ_ONLY.find((field) => fields[field] !== undefined) : undefined;
  if (computed) throw new SimulatedFailure(maximoError(400, 'BMXAA7901E', `You cannot set the value of the ${computed} attribute: it is read-only.`));
}

/** Inventory is an item in a storeroom of a site, once. */
function checkNewInventory(sim: SimulatorState, body: Fields): void {
  const missing = ['itemnum', 'location'].find((field) => !body[field]);
  if (missing) throw new SimulatedFailure(errors.validation(`A value is required for the ${missing} field on the MXINVENTORY object.`));
  const taken = listRecords(sim, 'mxinventory').records.some((record) => ['itemnum', 'location', 'siteid'].every((field) => record.fields[field] === body[field]));
  if (taken) throw new SimulatedFailure(maximoError(400, 'BMXAA4129E', `Record already exists for Item=${String(body.itemnum)}, Storeroom=${String(body.location)}, Site=${String(body.siteid)}.`));
}

/** An asset needs its number (no autokey here), unique within its site. */
function checkNewAsset(sim: SimulatorState, body: Fields): void {
  if (!body.assetnum) throw new SimulatedFailure(errors.validation('A value is required for the Asset field on the MXASSET object.'));
  const taken = listRecords(sim, 'mxasset').records.some((record) => record.fields.assetnum === body.assetnum && record.fields.siteid === body.siteid);
  if (taken) throw new SimulatedFailure(maximoError(400, 'BMXAA4129E', `Record already exists for Site=${String(body.siteid)}, Asset=${String(body.assetnum)}. Ensure that the key value for the given record is unique.`));
}

function create(sim: SimulatorState, name: string, body: unknown): Found {
  const spec = sim.authorize(name, 'write').spec;
  if (['mxwo', 'mxasset', 'mxpo', 'mxinventory'].includes(spec.name) && !(body as Fields | undefined)?.siteid) {
    throw new SimulatedFailure(errors.validation(`A value is required for the Site field on the ${spec.name.toUpperCase()} object.`));
  }
  if (spec.name === 'mxasset') checkNewAsset(sim, body as Fields);
  if (spec.name === 'mxinventory') {
    checkNewInventory(sim, body as Fields);
    checkReadOnly(spec, body as Fields);
  }
  // A new work order or purchase order starts waiting for approval, a new asset not ready, new inventory active, whatever the client sends.
  const INITIAL: Record<string, Fields> = { mxwo: { status: 'WAPPR' }, mxpo: { status: 'WAPPR' }, mxasset: { status: 'NOT READY' }, mxinventory: { status: 'ACTIVE' } };
  const initial = INITIAL[spec.name] ?? {};
  return createRecord(sim, name, { ...(body as Fields), ...initial });
}

function update(sim: SimulatorState, req: Request, res: Response): void {
  const name = String(req.params.os);
  const override = (req.get('x-method-override') ?? '').toUpperCase();
  if (override === 'DELETE') {
    deleteRecord(sim, name, req.params.id, expectedVersion(req));
    res.status(204).end();
    return;
  }
  const wsmethod = req.query.action === 'wsmethod:changeStatus';
  if (override !== 'PATCH' && !wsmethod) throw new SimulatedFailure(errors.validation('Use x-method-override: PATCH to update a resource.'));
  answerWrite(req, res, mergeUpdate(sim, name, req.params.id, (req.body ?? {}) as Fields, expectedVersion(req)), false);
}

/** `x-method-override: BULK`: one result per item, successes and failures mixed in a 200. */
function bulk(sim: SimulatorState, req: Request, res: Response): void {
  const items: unknown[] = Array.isArray(req.body) ? req.body : [];
  const results = items.map((item) => {
    const { _data: data, _meta: meta } = (item ?? {}) as { _data?: Fields; _meta?: { uri?: string; method?: string } };
    try {
      const id = meta?.uri?.split('/').pop();
      if (meta?.method?.toUpperCase() === 'DELETE') deleteRecord(sim, String(req.params.os), id);
      else if (meta?.method?.toUpperCase() === 'PATCH') mergeUpdate(sim, String(req.params.os), id, data ?? {});
      else create(sim, String(req.params.os), data);
      return { _responsemeta: { status: meta?.method ? '204' : '201' } };
    } catch (error) {
      if (!(error instanceof SimulatedFailure)) throw error;
      return { _responsedata: error.reply.json, _responsemeta: { status: String(error.reply.status) } };
    }
  });
  res.status(200).json(results);
}

function routes(router: Router, sim: SimulatorState): void {
  router.get(`${BASE}/:os`, (req, res) => list(sim, req, res));
  router.get(`${BASE}/:os/:id`, (req, res) => {
    const found = getRecord(sim, String(req.params.os), req.params.id);
    res.setHeader('etag', String(found.record.version));
    res.json(render(req, found, req.query.lean === '1'));
  });
  router.post(`${BASE}/:os`, (req, res) => {
    if ((req.get('x-method-override') ?? '').toUpperCase() === 'BULK') return bulk(sim, req, res);
    answerWrite(req, res, create(sim, String(req.params.os), req.body), true);
  });
  router.post(`${BASE}/:os/:id`, (req, res) => update(sim, req, res));
  router.delete(`${BASE}/:os/:id`, (req, res) => {
    deleteRecord(sim, String(req.params.os), req.params.id, expectedVersion(req));
    res.status(204).end();
  });
}

export const maximo: SystemModule = {
  kind: 'maximo',
  title: 'IBM Maximo (OSLC/JSON API)',
  devPort: 4101,
  apiPath: BASE,
  collections,
  credentials: [
    { id: 'apikey', create: (random) => ({ apikey: randomToken(random, 26) }), rotatable: ['apikey'] },
    { id: 'maxauth', create: (random) => ({ user: 'MXINTADM', password: randomToken(random, 12) }), rotatable: ['password'] },
  ],
  sessionTtlSeconds: 0,
  rotationEndsSessions: false,
  errors,
  authenticate,
  routes,
  seed: MAXIMO_SEED,
};
