/**
 * Test clients for each simulated system: how to authenticate and list work orders, and what a
 * refused credential or a missing permission looks like there. The contract suite runs the same
 * cases through each of them.
 */
import { createHmac } from 'node:crypto';
import type { RunningSimulator, SystemKind } from '../src';

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function send(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (SAP's HTML logon page, a truncated body): the text is the body.
  }
  return { status: response.status, headers: response.headers, body, text };
}

type Json = Record<string, unknown>;

/**
 * The latest modification time in a collection: where an incremental sync would resume. The wall
 * clock would not do: the simulator's clock runs ahead of it when many records change within a millisecond.
 */
export async function latestChange(sim: RunningSimulator, collection: string): Promise<string> {
  const times = (await sim.admin.records(collection)).map((record) => Date.parse(record.modifiedAt));
  return new Date(Math.max(...times)).toISOString();
}

export interface Client {
  listWorkOrders(query?: string): Promise<Reply>;
  createWorkOrder(fields: Json): Promise<Reply>;
}

export interface Driver {
  kind: SystemKind;
  /** Native name of the work order collection. */
  workOrders: string;
  /** Authenticates with the given secrets, by default the current ones (exchanged for a token or session where the system does). */
  connect(sim: RunningSimulator, given?: Record<string, string>): Promise<Client>;
  /** The work orders in a successful list reply. */
  records(reply: Reply): Json[];
  /** A work order this system accepts on create. */
  newWorkOrder: Json;
  /** Asserts the system's answer to a credential it no longer accepts. */
  expectRejected(reply: Reply): void;
  expectPermissionDenied(reply: Reply): void;
}

async function secrets(sim: RunningSimulator, credentialId: string): Promise<Record<string, string>> {
  return (await sim.admin.credential(credentialId)).secrets;
}

/** A JSON request with the given method and headers. */
export function sendJson(url: string, method: string, headers: Record<string, string>, body: unknown): Promise<Reply> {
  return send(url, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const maximo: Driver = {
  kind: 'maximo',
  workOrders: 'mxwo',
  async connect(sim, given) {
    const { apikey = '' } = given ?? (await secrets(sim, 'apikey'));
    const base = `${sim.url}/maximo/oslc/os/mxwo`;
    return {
      listWorkOrders: (query = '') => send(`${base}?lean=1${query ? `&${query}` : ''}`, { headers: { apikey } }),
      createWorkOrder: (fields) => sendJson(`${base}?lean=1`, 'POST', { apikey, properties: '*' }, fields),
    };
  },
  records: (reply) => (reply.body as { member: Json[] }).member,
  newWorkOrder: { description: 'Check coupling', siteid: 'BEDFORD', status: 'WAPPR' },
  expectRejected(reply) {
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ Error: expect.objectContaining({ reasonCode: 'BMXAA9549E', statusCode: '400' }) });
  },
  expectPermissionDenied(reply) {
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ Error: expect.objectContaining({ reasonCode: 'BMXAA9301E' }) });
  },
};

export async function sapToken(sim: RunningSimulator, clientId: string, clientSecret: string): Promise<Reply> {
  return send(`${sim.url}/sap/bc/sec/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
}

export const SAP_ORDERS = '/sap/opu/odata/sap/API_MAINTENANCEORDER/MaintenanceOrder';

/** What a writing SAP client sends: its bearer token, and the CSRF token and session cookie fetched with it. */
export async function sapWriteHeaders(sim: RunningSimulator, authorization: string): Promise<Record<string, string>> {
  const fetched = await send(`${sim.url}${SAP_ORDERS}?$top=0`, { headers: { authorization, 'x-csrf-token': 'Fetch' } });
  return { authorization, 'x-csrf-token': fetched.headers.get('x-csrf-token') ?? '', cookie: (fetched.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

const sap: Driver = {
  kind: 'sap',
  workOrders: 'MaintenanceOrder',
  async connect(sim, given) {
    const { clientId = '', clientSecret = '' } = given ?? (await secrets(sim, 'client'));
    const token = await sapToken(sim, clientId, clientSecret);
    const authorization = `Bearer ${(token.body as { access_token?: string }).access_token ?? 'none'}`;
    return {
      listWorkOrders: (query = '') => send(`${sim.url}${SAP_ORDERS}${query ? `?${query}` : ''}`, { headers: { authorization } }),
      createWorkOrder: async (fields) => sendJson(`${sim.url}${SAP_ORDERS}`, 'POST', await sapWriteHeaders(sim, authorization), fields),
    };
  },
  records: (reply) => (reply.body as { d: { results: Json[] } }).d.results,
  newWorkOrder: { MaintenanceOrderDesc: 'Check coupling', OrderType: 'PM01', MaintenancePlant: '1010' },
  expectRejected(reply) {
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toContain('error="invalid_token"');
  },
  expectPermissionDenied(reply) {
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.objectContaining({ value: expect.stringContaining('No authorization') }) }) });
  },
};

/** Fiix's signed URL: the HMAC covers host, path and query, not the scheme. */
export function fiixUrl(sim: RunningSimulator, keys: Record<string, string>, action: string, timestamp = Date.now()): { url: string; authorization: string } {
  const query = new URLSearchParams({ action, appKey: keys.appKey ?? '', accessKey: keys.accessKey ?? '', signatureMethod: 'HmacSHA256', signatureVersion: '1', timestamp: String(timestamp) });
  const withoutScheme = `${sim.url.replace(/^http:\/\//, '')}/api/?${query}`;
  return { url: `http://${withoutScheme}`, authorization: createHmac('sha256', keys.secretKey ?? '').update(withoutScheme).digest('hex') };
}

export async function fiixCall(sim: RunningSimulator, keys: Record<string, string>, call: Json): Promise<Reply> {
  const { url, authorization } = fiixUrl(sim, keys, String(call._maCn));
  return sendJson(url, 'POST', { authorization }, call);
}

const fiix: Driver = {
  kind: 'fiix',
  workOrders: 'WorkOrder',
  async connect(sim, given) {
    const keys = given ?? (await secrets(sim, 'keys'));
    return {
      listWorkOrders: () => fiixCall(sim, keys, { _maCn: 'FindRequest', className: 'WorkOrder', fields: '*' }),
      createWorkOrder: (fields) => fiixCall(sim, keys, { _maCn: 'AddRequest', className: 'WorkOrder', fields: '*', object: fields }),
    };
  },
  records: (reply) => (reply.body as { objects: Json[] }).objects,
  newWorkOrder: { strDescription: 'Check coupling', intWorkOrderStatusID: 1, intSiteID: 1 },
  expectRejected(reply) {
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ _maCn: 'ErrorResponse', error: { code: 4002, message: expect.any(String) } });
  },
  expectPermissionDenied(reply) {
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ _maCn: 'ErrorResponse', error: { code: 4030, message: expect.stringContaining('WorkOrder') } });
  },
};

export async function upkeepLogin(sim: RunningSimulator, email: string, password: string): Promise<Reply> {
  return sendJson(`${sim.url}/api/v2/auth`, 'POST', {}, { email, password });
}

const upkeep: Driver = {
  kind: 'upkeep',
  workOrders: 'work-orders',
  async connect(sim, given) {
    const { email = '', password = '' } = given ?? (await secrets(sim, 'login'));
    const login = await upkeepLogin(sim, email, password);
    const token = (login.body as { result?: { sessionToken: string } }).result?.sessionToken ?? 'none';
    return {
      listWorkOrders: (query = '') => send(`${sim.url}/api/v2/work-orders${query ? `?${query}` : ''}`, { headers: { 'session-token': token } }),
      createWorkOrder: (fields) => sendJson(`${sim.url}/api/v2/work-orders`, 'POST', { 'session-token': token }, fields),
    };
  },
  records: (reply) => (reply.body as { results: Json[] }).results,
  newWorkOrder: { title: 'Check coupling', status: 'open' },
  expectRejected(reply) {
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ success: false, message: expect.any(String) });
  },
  expectPermissionDenied(reply) {
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ success: false, message: expect.stringContaining('work-orders') });
  },
};

const maintainx: Driver = {
  kind: 'maintainx',
  workOrders: 'workorders',
  async connect(sim, given) {
    const { apiKey = '' } = given ?? (await secrets(sim, 'apikey'));
    const authorization = `Bearer ${apiKey}`;
    return {
      listWorkOrders: (query = '') => send(`${sim.url}/v1/workorders${query ? `?${query}` : ''}`, { headers: { authorization } }),
      createWorkOrder: (fields) => sendJson(`${sim.url}/v1/workorders`, 'POST', { authorization }, fields),
    };
  },
  records: (reply) => (reply.body as { workOrders: Json[] }).workOrders,
  newWorkOrder: { title: 'Check coupling', status: 'OPEN', priority: 'LOW' },
  expectRejected(reply) {
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ errors: [{ message: expect.any(String) }] });
  },
  expectPermissionDenied(reply) {
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ errors: [{ message: expect.stringContaining('workorders') }] });
  },
};

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

const limble: Driver = {
  kind: 'limble',
  workOrders: 'tasks',
  async connect(sim, given) {
    const { clientId = '', clientSecret = '' } = given ?? (await secrets(sim, 'client'));
    const authorization = basic(clientId, clientSecret);
    return {
      listWorkOrders: (query = '') => send(`${sim.url}/v2/tasks${query ? `?${query}` : ''}`, { headers: { authorization } }),
      createWorkOrder: (fields) => sendJson(`${sim.url}/v2/tasks`, 'POST', { authorization }, fields),
    };
  },
  records: (reply) => reply.body as Json[],
  newWorkOrder: { name: 'Check coupling', locationID: 3001 },
  expectRejected(reply) {
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ status: 401, message: expect.any(String) });
  },
  expectPermissionDenied(reply) {
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ status: 403, message: expect.stringContaining('tasks') });
  },
};

export const DRIVERS: readonly Driver[] = [maximo, sap, fiix, upkeep, maintainx, limble];
