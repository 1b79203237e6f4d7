/**
 * Fiix: one RPC endpoint (`POST /api/?action=…&appKey=…&accessKey=…&signatureMethod=HmacSHA256&
 * signatureVersion=1&timestamp=…`), `Authorization` = hex HMAC-SHA256(secret key, the URL without
 * its scheme). Bodies name the call in `_maCn` (FindRequest, FindByIdRequest, AddRequest,
 * ChangeRequest, RemoveRequest, BatchRequest). Errors, authentication ones included, come as an
 * `error` object inside an HTTP **200**; only throttling and outages show in the status code.
 * Customer-defined data: a custom class (`CustomCalibration`) is read like any standard class, by
 * `className` in a FindRequest, with the same maxObjects/startObjectIndex paging and
 * `dtmDateLastModified` filter.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Router } from 'express';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord } from '../../core/operations';
import { randomToken } from '../../core/random';
import { isoTime, queryInteger, renderRecord } from '../../core/records';
import type { SimulatorState } from '../../core/state';
import type { CollectionSpec, Fields, StoredRecord } from '../../core/store';
import { SimulatedFailure, type AuthOutcome, type Reply, type SystemErrors, type SystemModule } from '../../core/system';
import { FIIX_SEED } from './fiix.seed';

const API = '/api/';

/** Error codes of this simulator (Fiix documents none publicly); the shape is what matters: a 200 with `error`. */
export const FIIX_ERROR_CODES = {
  missingKeys: 4001,
  invalidKeys: 4002,
  badSignature: 4003,
  expired: 4004,
  permission: 4030,
  notFound: 4040,
  validation: 4000,
} as const;

function fiixError(code: number, message: string): Reply {
  return { status: 200, json: { _maCn: 'ErrorResponse', error: { code, message } } };
}

const errors: SystemErrors = {
  missingCredentials: () => fiixError(FIIX_ERROR_CODES.missingKeys, 'Missing appKey, accessKey or Authorization signature'),
  invalidCredentials: () => fiixError(FIIX_ERROR_CODES.invalidKeys, 'Invalid or disabled access key'),
  expiredCredentials: () => fiixError(FIIX_ERROR_CODES.expired, 'Request timestamp outside the allowed window'),
  permissionDenied: (collection, access) => fiixError(FIIX_ERROR_CODES.permission, `User is not permitted to ${access === 'read' ? 'view' : 'modify'} ${collection.name}`),
  notFound: (what) => fiixError(FIIX_ERROR_CODES.notFound, `Object not found: ${what}`),
  validation: (message) => fiixError(FIIX_ERROR_CODES.validation, message),
  staleVersion: () => fiixError(FIIX_ERROR_CODES.validation, 'The object was changed by another user'),
  rateLimited: (seconds) => ({ status: 429, headers: { 'retry-after': String(seconds) }, text: 'Too Many Requests' }),
  serverError: (status) => ({ status, text: `${status} Server Error` }),
};

const spec = (name: string, entity: CollectionSpec['entity'], firstId = 1): CollectionSpec => ({ name, entity, idField: 'id', firstId, modifiedField: 'dtmDateLastModified' });
const collections: CollectionSpec[] = [
  spec('WorkOrder', 'workOrder', 1001),
  spec('Asset', 'asset'),
  spec('PurchaseOrder', 'purchaseOrder'),
  // Lines are a class of their own in Fiix: added one call at a time, not with the header.
  spec('PurchaseOrderLineItem', 'purchaseOrder'),
  spec('Business', 'vendor'),
  spec('User', 'user'),
  // A customer-defined class, read with the same FindRequest and className as the standard ones.
  spec('CustomCalibration', 'customTable', 1),
];

/** Five minutes either way, like most signed-request schemes, so an old signed URL cannot be replayed later. */
const TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;

function signatureMatches(req: Request, secret: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(`${req.get('host')}${req.originalUrl}`).digest('hex'));
  const given = Buffer.from((req.get('authorization') ?? '').trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function authenticate(req: Request, sim: SimulatorState): AuthOutcome {
  const { appKey, accessKey } = req.query;
  if (typeof appKey !== 'string' || typeof accessKey !== 'string' || !req.get('authorization')) return { kind: 'missing' };
  const match = sim.credentials.find('accessKey', accessKey);
  if (!match) return { kind: 'invalid' };
  const credentialId = match.credential.id;
  if (!match.valid || match.credential.secrets.appKey !== appKey) return { kind: 'invalid', credentialId };
  if (!signatureMatches(req, match.credential.secrets.secretKey ?? '')) return { kind: 'invalid', credentialId, reply: fiixError(FIIX_ERROR_CODES.badSignature, 'Signature does not match') };
  const timestamp = Number(req.query.timestamp);
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() - timestamp) > TIMESTAMP_WINDOW_MS) return { kind: 'expired', credentialId };
  return { kind: 'ok', credentialId };
}

function render(spec: CollectionSpec, record: StoredRecord, fields: unknown): Fields {
  const all = renderRecord(spec, record, isoTime);
  if (typeof fields !== 'string' || fields.trim() === '' || fields.trim() === '*') return all;
  const wanted = new Set(['id', ...fields.split(',').map((field) => field.trim())]);
  return Object.fromEntries(Object.entries(all).filter(([key]) => wanted.has(key)));
}

interface Filter {
  ql?: string;
  parameters?: unknown[];
}

/** The filters this simulator understands: `<field> <op> ?` joined by `and`, e.g. `dtmDateLastModified > ?`. */
function matchesFilters(spec: CollectionSpec, record: Fields, filters: unknown): boolean {
  if (!Array.isArray(filters)) return true;
  return (filters as Filter[]).every(({ ql = '', parameters = [] }) =>
    ql.split(/\s+and\s+/i).every((clause, index) => {
      const match = /^(\w+)\s*(=|>|<|>=|<=)\s*\?$/.exec(clause.trim());
      if (!match) throw new SimulatedFailure(errors.validation(`Unsupported filter: ${clause}`));
      const [, field = '', op] = match;
      const isTime = field === spec.modifiedField;
      const left = isTime ? Date.parse(String(record[field])) : record[field];
      const right = isTime ? Date.parse(String(parameters[index])) : parameters[index];
      if (op === '=') return String(left) === String(right);
      const [a, b] = [Number(left), Number(right)];
      return op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
    }),
  );
}

type Call = Fields & { _maCn?: string; className?: string };

function find(sim: SimulatorState, call: Call): Fields {
  const { collection, records } = listRecords(sim, String(call.className));
  const matching = records.filter((record) => matchesFilters(collection.spec, render(collection.spec, record, '*'), call.filters));
  const start = queryInteger(call.startObjectIndex, 0);
  const max = queryInteger(call.maxObjects, 100, 1);
  if (start === undefined || max === undefined) throw new SimulatedFailure(errors.validation('maxObjects and startObjectIndex must be whole numbers'));
  const objects = matching.slice(start, start + max).map((record) => render(collection.spec, record, call.fields));
  return { _maCn: 'FindResponse', totalObjects: matching.length, objects };
}

function change(sim: SimulatorState, call: Call): Fields {
  const object = (call.object ?? {}) as Fields;
  const changeFields = String(call.changeFields ?? '').split(',').map((field) => field.trim()).filter(Boolean);
  if (changeFields.length === 0) throw new SimulatedFailure(errors.validation('changeFields is required'));
  // Only the fields named in changeFields change, whatever else the object carries.
  const changes = Object.fromEntries(changeFields.map((field) => [field, object[field]]));
  const { collection, record } = updateRecord(sim, String(call.className), object.id, changes);
  return { _maCn: 'ChangeResponse', object: render(collection.spec, record, call.fields) };
}

/** An Asset needs a name and a category (location, equipment or part): Fiix cannot tell what it is otherwise. */
function checkAdd(className: string, object: Fields): void {
  if (className !== 'Asset') return;
  const missing = ['strName', 'intCategoryID'].find((field) => object[field] === undefined || object[field] === '');
  if (missing) throw new SimulatedFailure(errors.validation(`${missing} is required for Asset`));
}

function execute(sim: SimulatorState, call: Call): Fields {
  switch (call._maCn) {
    case 'FindRequest':
      return find(sim, call);
    case 'FindByIdRequest': {
      const { collection, record } = getRecord(sim, String(call.className), call.id);
      return { _maCn: 'FindByIdResponse', object: render(collection.spec, record, call.fields) };
    }
    case 'AddRequest': {
      checkAdd(String(call.className), (call.object ?? {}) as Fields);
      const { collection, record } = createRecord(sim, String(call.className), call.object);
      return { _maCn: 'AddResponse', object: render(collection.spec, record, call.fields) };
    }
    case 'ChangeRequest':
      return change(sim, call);
    case 'RemoveRequest':
      deleteRecord(sim, String(call.className), call.id);
      return { _maCn: 'RemoveResponse', count: 1 };
    default:
      throw new SimulatedFailure(errors.validation(`Unknown _maCn: ${String(call._maCn)}`));
  }
}

/** Runs one call; a failure becomes its error object, as Fiix reports each call of a batch separately. */
function executeReported(sim: SimulatorState, call: Call): unknown {
  try {
    return execute(sim, call);
  } catch (error) {
    if (error instanceof SimulatedFailure) return error.reply.json;
    throw error;
  }
}

function routes(router: Router, sim: SimulatorState): void {
  router.post(API, (req, res) => {
    const call = (req.body ?? {}) as Call;
    if (call._maCn !== 'BatchRequest') return void res.status(200).json(executeReported(sim, call));
    const requests = Array.isArray(call.requests) ? (call.requests as Call[]) : [];
    res.status(200).json({ _maCn: 'BatchResponse', responses: requests.map((inner) => executeReported(sim, inner)) });
  });
}

export const fiix: SystemModule = {
  kind: 'fiix',
  title: 'Fiix (RPC API, HMAC-signed)',
  devPort: 4103,
  apiPath: API,
  collections,
  credentials: [
    {
      id: 'keys',
      create: (random) => ({ appKey: randomToken(random, 20, 'app-'), accessKey: randomToken(random, 24, 'ak-'), secretKey: randomToken(random, 40) }),
      rotatable: ['accessKey', 'secretKey'],
    },
  ],
  sessionTtlSeconds: 0,
  rotationEndsSessions: false,
  errors,
  authenticate,
  routes,
  seed: FIIX_SEED,
};
