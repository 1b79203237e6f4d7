/**
 * SAP S/4HANA PM over OData v2 (`/sap/opu/odata/sap/<service>/<entity set>`). OAuth2 client
 * credentials at `/sap/bc/sec/oauth2/token` give expiring bearer tokens; writes need a CSRF token
 * fetched with `x-csrf-token: Fetch` and its session cookie (else 403), and `If-Match` with the
 * entity's ETag (missing: 428, stale: 412). Header and lines are created in one deep insert.
 * Every reply is wrapped in `d`; paging `$top`/`$skip`, `$inlinecount=allpages`.
 */
import type { Request, Response, Router } from 'express';
import { bearerToken, decodeBasic } from '../../core/http';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord, type Found } from '../../core/operations';
import { randomToken } from '../../core/random';
import { queryInteger, renderRecord, type TimeFormat } from '../../core/records';
import { sessionState } from '../../core/credentials';
import type { SimulatorState } from '../../core/state';
import type { CollectionSpec, Fields, StoredRecord } from '../../core/store';
import { SimulatedFailure, type AuthOutcome, type Reply, type SystemErrors, type SystemModule } from '../../core/system';
import { SAP_SEED } from './sap.seed';

const ODATA = '/sap/opu/odata/sap';
const TOKEN_PATH = '/sap/bc/sec/oauth2/token';
const SESSION_COOKIE = 'SAP_SESSIONID_S4H_100';
const ENTITY_PATH = /^\/sap\/opu\/odata\/sap\/([A-Z0-9_]+)(?:;v=\d+)?\/([A-Za-z0-9_]+)(?:\('([^']*)'\))?\/?$/;

function odataError(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { status, headers, json: { error: { code, message: { lang: 'en', value: message }, innererror: { application: { component_id: 'PM-WOC-MO' }, errordetails: [] } } } };
}

/** SAP's logon failure is an HTML page; what kind of failure it was is only in WWW-Authenticate. */
function logonFailed(error?: string): Reply {
  const challenge = `Bearer realm="SAP NetWeaver Application Server [S4H/100]"${error ? `, error="${error}"` : ''}`;
  return { status: 401, headers: { 'www-authenticate': challenge, 'content-type': 'text/html' }, text: '<html><head><title>Logon Error Message</title></head><body>Anmeldung fehlgeschlagen / Logon failed</body></html>' };
}

const errors: SystemErrors = {
  missingCredentials: () => logonFailed(),
  invalidCredentials: () => logonFailed('invalid_token'),
  expiredCredentials: () => logonFailed('invalid_token", error_description="The access token expired'),
  permissionDenied: (collection, access) => odataError(403, 'CM_AUTHORIZATION/001', `No authorization to ${access === 'read' ? 'display' : 'change'} ${collection.name}`),
  notFound: (what) => odataError(404, '/IWBEP/CM_MGW_RT/020', `Resource not found for segment '${what}'`),
  validation: (message) => odataError(400, 'CM_VALIDATION/001', message),
  staleVersion: () => odataError(412, '/IWBEP/CM_MGW_RT/055', 'The data has been changed by another user; read it again (ETag mismatch)'),
  rateLimited: (seconds) => odataError(429, 'TOO_MANY_REQUESTS', 'Too many requests', { 'retry-after': String(seconds) }),
  serverError: (status) => (status === 500 ? odataError(500, '/IWBEP/CM_MGW_RT/004', 'Internal error in the backend') : { status, text: `${status} Service Unavailable` }),
};

const lastChange: TimeFormat = (date) => `/Date(${date.getTime()}+0000)/`;

const collections: CollectionSpec[] = [
  { name: 'MaintenanceOrder', entity: 'workOrder', idField: 'MaintenanceOrder', firstId: 4000001, modifiedField: 'LastChangeDateTime', deletedField: 'IsMarkedForDeletion', linesField: 'to_MaintenanceOrderOperation' },
  { name: 'Equipment', entity: 'asset', idField: 'Equipment', firstId: 10000001, modifiedField: 'LastChangeDateTime', deletedField: 'IsMarkedForDeletion' },
  { name: 'FunctionalLocation', entity: 'location', idField: 'FunctionalLocation', firstId: 30000001, modifiedField: 'LastChangeDateTime', deletedField: 'IsMarkedForDeletion' },
  { name: 'A_PurchaseOrder', entity: 'purchaseOrder', idField: 'PurchaseOrder', firstId: 4500000001, modifiedField: 'LastChangeDateTime', deletedField: 'IsMarkedForDeletion', linesField: 'to_PurchaseOrderItem' },
  { name: 'A_Product', entity: 'part', idField: 'Product', firstId: 20000001, modifiedField: 'LastChangeDateTime', deletedField: 'IsMarkedForDeletion' },
  { name: 'A_Supplier', entity: 'vendor', idField: 'Supplier', firstId: 17300001, modifiedField: 'LastChangeDateTime', deletedField: 'IsMarkedForDeletion' },
  { name: 'A_BusinessUser', entity: 'user', idField: 'BusinessPartner', firstId: 9980001, modifiedField: 'LastChangeDateTime', deletedField: 'IsMarkedForDeletion' },
  // A custom business object created by a key user (its service is generated as YY1_<name>_CDS).
  { name: 'YY1_Calibration', entity: 'customTable', idField: 'SAP_UUID', firstId: 1, modifiedField: 'LastChangeDateTime', deletedField: 'IsMarkedForDeletion' },
];

const SERVICE_OF: Record<string, string> = {
  MaintenanceOrder: 'API_MAINTENANCEORDER',
  Equipment: 'API_EQUIPMENT',
  FunctionalLocation: 'API_FUNCTIONALLOCATION_SRV',
  A_PurchaseOrder: 'API_PURCHASEORDER_PROCESS_SRV',
  A_Product: 'API_PRODUCT_SRV',
  A_Supplier: 'API_BUSINESS_PARTNER',
  A_BusinessUser: 'API_BUSINESS_USER',
  YY1_Calibration: 'YY1_CALIBRATION_CDS',
};

/** Fields a create must carry (business rules the API enforces). */
const REQUIRED: Record<string, readonly string[]> = {
  MaintenanceOrder: ['OrderType', 'MaintenancePlant'],
  A_PurchaseOrder: ['PurchaseOrderType', 'Supplier', 'CompanyCode'],
  // API_EQUIPMENT: the category picks the number range; the number itself is SAP's.
  Equipment: ['EquipmentName', 'EquipmentCategory'],
  A_Product: ['ProductType', 'BaseUnit'],
};

function authenticate(req: Request, sim: SimulatorState): AuthOutcome {
  if (req.path === TOKEN_PATH) {
    const basic = decodeBasic(req.get('authorization'));
    const clientId = basic?.user ?? (req.body as Fields | undefined)?.client_id;
    return { kind: 'public', credentialId: sim.credentials.find('clientId', String(clientId ?? ''))?.credential.id };
  }
  const header = req.get('authorization');
  return sim.sessionOutcome(header === undefined ? undefined : (bearerToken(header) ?? header));
}

function issueToken(sim: SimulatorState, req: Request, res: Response): void {
  const body = (req.body ?? {}) as Fields;
  if (body.grant_type !== 'client_credentials') {
    res.status(400).json({ error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported' });
    return;
  }
  const basic = decodeBasic(req.get('authorization'));
  const clientId = basic?.user ?? String(body.client_id ?? '');
  const secret = basic?.password ?? String(body.client_secret ?? '');
  const match = sim.credentials.find('clientId', clientId);
  if (!match?.valid || match.credential.secrets.clientSecret !== secret) {
    res.status(401).json({ error: 'invalid_client', error_description: 'Client authentication failed' });
    return;
  }
  const token = sim.sessions.issue(match.credential.id, sim.sessionTtlSeconds, 'sap-at-');
  res.json({ access_token: token.token, token_type: 'Bearer', expires_in: sim.sessionTtlSeconds, scope: 'API_MAINTENANCEORDER_0001 API_EQUIPMENT_0001' });
}

function etagOf(record: StoredRecord): string {
  return `W/"datetimeoffset'${encodeURIComponent(record.modifiedAt.toISOString())}'"`;
}

function render(req: Request, found: Found, expand: readonly string[]): Fields {
  const { collection, record } = found;
  const spec = collection.spec;
  const uri = `${req.protocol}://${req.get('host')}${ODATA}/${SERVICE_OF[spec.name]}/${spec.name}('${record.id}')`;
  const fields = renderRecord(spec, record, lastChange, (id) => String(id));
  if (spec.linesField) {
    const lines = (record.fields[spec.linesField] as Fields[] | undefined) ?? [];
    fields[spec.linesField] = expand.includes(spec.linesField) ? { results: lines } : { __deferred: { uri: `${uri}/${spec.linesField}` } };
  }
  return { __metadata: { id: uri, uri, type: `${SERVICE_OF[spec.name]}.${spec.name}Type`, etag: etagOf(record) }, ...fields };
}

/**
 * `$filter`: `LastChangeDateTime gt datetimeoffset'2026-01-01T00:00:00Z'` (incremental sync) or
 * `<Property> eq '<value>'` (a lookup by a natural key, e.g. `CorrespncExternalReference`).
 */
function parseFilter(filter: unknown): { modifiedAfter?: Date; equals?: [string, string] } {
  if (filter === undefined || filter === '') return {};
  const equals = /^(\w+) eq '([^']*)'$/.exec(String(filter).trim());
  if (equals) return { equals: [equals[1] ?? '', equals[2] ?? ''] };
  const match = /^LastChangeDateTime gt datetimeoffset'([^']+)'$/.exec(String(filter).trim());
  const date = match ? new Date(match[1] ?? '') : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new SimulatedFailure(odataError(400, '/IWBEP/CM_MGW_RT/001', `Invalid filter expression: '${String(filter)}'`));
  return { modifiedAfter: date };
}

/** Purchase orders released (`05`) are locked: SAP refuses changes until the release is reset. */
const PO_RELEASED = '05';

function checkLocked(name: string, record: StoredRecord): void {
  if (name === 'A_PurchaseOrder' && record.fields.PurchasingProcessingStatus === PO_RELEASED) {
    throw new SimulatedFailure(odataError(400, 'ME/006', `Purchase order ${record.id} is released; changes are not allowed`));
  }
}

function list(sim: SimulatorState, req: Request, res: Response, name: string): void {
  const filter = parseFilter(req.query.$filter);
  const listed = listRecords(sim, name, filter.modifiedAfter);
  const { collection } = listed;
  const records = filter.equals ? listed.records.filter((record) => String(record.fields[filter.equals?.[0] ?? ''] ?? '') === filter.equals?.[1]) : listed.records;
  const top = queryInteger(req.query.$top, records.length);
  const skip = queryInteger(req.query.$skip, 0);
  if (top === undefined || skip === undefined) throw new SimulatedFailure(errors.validation('$top and $skip must be non-negative whole numbers'));
  const expand = String(req.query.$expand ?? '').split(',');
  const results = records.slice(skip, skip + top).map((record) => render(req, { collection, record }, expand));
  res.json({ d: { results, ...(req.query.$inlinecount === 'allpages' ? { __count: String(records.length) } : {}) } });
}

/** Writes need the CSRF token fetched in the same session (cookie), as SAP Gateway demands. */
function requireCsrf(sim: SimulatorState, req: Request): void {
  const cookie = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(req.get('cookie') ?? '')?.[1];
  const csrf = sim.sessions.find(req.get('x-csrf-token'));
  const valid = csrf && cookie && csrf.boundTo === cookie && sessionState(csrf) === 'live';
  if (!valid) throw new SimulatedFailure({ status: 403, headers: { 'x-csrf-token': 'Required' }, text: 'CSRF token validation failed' });
}

function fetchCsrf(sim: SimulatorState, res: Response): void {
  const credentialId = sim.credentialIdOf(res);
  const cookie = sim.sessions.issue(credentialId, 1800, 'sid-');
  const csrf = sim.sessions.issue(credentialId, 1800, '', cookie.token);
  res.setHeader('x-csrf-token', csrf.token);
  res.setHeader('set-cookie', `${SESSION_COOKIE}=${cookie.token}; path=/; HttpOnly`);
}

/** SAP requires If-Match on entities with an ETag; the version it names must still be current. */
function ifMatchVersion(req: Request, record: StoredRecord): number {
  const ifMatch = req.get('if-match');
  if (!ifMatch) throw new SimulatedFailure(odataError(428, '/IWBEP/CM_MGW_RT/166', 'Operation requires an If-Match header'));
  return ifMatch === '*' || ifMatch === etagOf(record) ? record.version : -1;
}

function create(sim: SimulatorState, req: Request, res: Response, name: string): void {
  const body = { ...((req.body ?? {}) as Fields) };
  const missing = (REQUIRED[name] ?? []).find((field) => body[field] === undefined || body[field] === '');
  if (missing) throw new SimulatedFailure(errors.validation(`Property ${missing} is mandatory`, missing));
  const spec = sim.store.collection(name)?.spec;
  // Deep insert: lines come as `{ results: [...] }` (or a plain array) and are created with the header or not at all.
  const lines = spec?.linesField ? body[spec.linesField] : undefined;
  if (spec?.linesField && lines !== undefined) body[spec.linesField] = (lines as { results?: unknown }).results ?? lines;
  const found = createRecord(sim, name, body);
  const rendered = render(req, found, spec?.linesField ? [spec.linesField] : []);
  res.status(201).setHeader('etag', etagOf(found.record));
  res.setHeader('location', String((rendered.__metadata as Fields).uri));
  res.json({ d: rendered });
}

function entity(sim: SimulatorState, req: Request, res: Response): void {
  const match = ENTITY_PATH.exec(req.path);
  const [, service, name = '', key] = match ?? [];
  if (!match || SERVICE_OF[name] !== service) throw new SimulatedFailure(errors.notFound(req.path));
  const method = (req.get('x-http-method') ?? req.method).toUpperCase();
  if (method === 'GET') {
    if ((req.get('x-csrf-token') ?? '').toLowerCase() === 'fetch') fetchCsrf(sim, res);
    if (key === undefined) return list(sim, req, res, name);
    const found = getRecord(sim, name, key);
    res.setHeader('etag', etagOf(found.record));
    res.json({ d: render(req, found, String(req.query.$expand ?? '').split(',')) });
    return;
  }
  requireCsrf(sim, req);
  if (method === 'POST' && key === undefined) return create(sim, req, res, name);
  if (key === undefined) throw new SimulatedFailure(odataError(405, '/IWBEP/CM_MGW_RT/021', `Method ${method} not allowed on an entity set`));
  const { record } = getRecord(sim, name, key);
  const version = ifMatchVersion(req, record);
  if (method !== 'DELETE') checkLocked(name, record);
  const found = method === 'DELETE' ? deleteRecord(sim, name, key, version) : updateRecord(sim, name, key, req.body ?? {}, version);
  res.setHeader('etag', etagOf(found.record));
  res.status(204).end();
}

function routes(router: Router, sim: SimulatorState): void {
  router.post(TOKEN_PATH, (req, res) => issueToken(sim, req, res));
  router.all(/^\/sap\/opu\/odata\/sap\/.+/, (req, res) => entity(sim, req, res));
}

export const sap: SystemModule = {
  kind: 'sap',
  title: 'SAP S/4HANA PM (OData v2)',
  devPort: 4102,
  apiPath: ODATA,
  collections,
  credentials: [{ id: 'client', create: (random) => ({ clientId: randomToken(random, 12, 'mate-'), clientSecret: randomToken(random, 32) }), rotatable: ['clientSecret'] }],
  sessionTtlSeconds: 3600,
  // A client secret rotation does not invalidate access tokens already issued: they run out on their own.
  rotationEndsSessions: false,
  errors,
  authenticate,
  routes,
  seed: SAP_SEED,
};
