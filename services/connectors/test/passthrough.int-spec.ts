/**
 * Passthrough and the unified API's access rule against the real PostgreSQL, Kafka and simulated
 * Limble and MaintainX: raw calls with the connection's API token or an admin JWT, the token let into its own connection's records, syncs, capabilities and validate only, refused paths
 * and headers with nothing sent, another connection's id a 404 for the token, a revoked token 401,
 * and no credential echoed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';

const DATABASE = 'mate_connectors_passthrough_test';

describe('passthrough (PostgreSQL, Kafka, simulated Limble and MaintainX)', () => {
  let service: ConnectorsTestApp;
  let limble: RunningSimulator;
  let maintainx: RunningSimulator;
  const tenant = randomUUID();
  let admin: string;
  const secrets: string[] = [];

  const connect = async (body: Record<string, unknown>) => {
    const created = await service.http().post('/api/v1/connections').set('Authorization', admin).send(body).expect(201);
    return { id: created.body.connection.id as string, token: `Bearer ${created.body.apiToken as string}` };
  };

  beforeAll(async () => {
    service = await startConnectorsTestApp(DATABASE, { CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}` });
    [limble, maintainx] = await Promise.all([startSimulator('limble', { seed: 3 }), startSimulator('maintainx', { seed: 3 })]);
    admin = `Bearer ${await service.token(tenant, ['admin'])}`;
    await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
    const limbleSecrets = (await limble.admin.credential('client')).secrets;
    const apiKey = (await maintainx.admin.credential('apikey')).secrets.apiKey ?? '';
    secrets.push(limbleSecrets.clientSecret ?? '', apiKey);
  });
  afterAll(async () => {
    await service?.close();
    await limble?.close();
    await maintainx?.close();
  });

  const limbleConnection = async () => connect({ system: 'limble', authKind: 'basic', displayName: 'Limble', baseUrl: limble.url, credentials: (await limble.admin.credential('client')).secrets });
  const maintainxConnection = async () =>
    connect({ system: 'maintainx', authKind: 'api_key', displayName: 'MaintainX', baseUrl: maintainx.url, credentials: { apiKey: (await maintainx.admin.credential('apikey')).secrets.apiKey } });
  const passthrough = (id: string, authorization: string, body: Record<string, unknown>) => service.http().post(`/api/v1/connections/${id}/passthrough`).set('Authorization', authorization).send(body);
  const noSecretIn = (value: unknown) => {
    for (const secret of secrets) expect(JSON.stringify(value)).not.toContain(secret);
  };

  it('calls Limble with the connection API token: its status, safe headers and body, no credential echoed', async () => {
    const { id, token } = await limbleConnection();
    const reply = await passthrough(id, token, { method: 'GET', path: '/v2/tasks', query: { page: '1', limit: '2' } }).expect(200);
    expect(reply.body.status).toBe(200);
    expect(reply.body.headers['content-type']).toContain('json');
    expect(Array.isArray(reply.body.body)).toBe(true);
    expect(reply.body.body).toHaveLength(2);
    noSecretIn(reply.body);
  });

  it('calls MaintainX with an admin JWT, and passes an upstream 404 through as a reply', async () => {
    const { id } = await maintainxConnection();
    const listed = await passthrough(id, admin, { method: 'GET', path: '/v1/workorders', query: { limit: '1' } }).expect(200);
    expect(listed.body.status).toBe(200);
    const missing = await passthrough(id, admin, { method: 'GET', path: '/v1/no-such-thing' }).expect(200);
    expect(missing.body.status).toBe(404);
    noSecretIn([listed.body, missing.body]);
  });

  it('keeps a burst of passthrough reads within the Limble budget: every reply 200, not one 429 at the simulator', async () => {
    const { id, token } = await limbleConnection();
    // The simulator limits per credential, and the tests above spent it with other connections of the same one: a full bucket again.
    await limble.admin.settings({ rateLimit: { perSecond: 1, burst: 3 } });
    await limble.admin.resetRequests();
    const replies = await Promise.all(Array.from({ length: 6 }, () => passthrough(id, token, { method: 'GET', path: '/v2/tasks', query: { limit: '1' } }).expect(200)));
    expect(replies.map((reply) => reply.body.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const { requests } = await limble.admin.requests();
    expect(requests).toHaveLength(6);
    expect(requests.filter((request) => request.status === 429)).toEqual([]);
    const metrics = await service.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^mate_connector_throttled_wait_seconds_count\{system="limble",reason="budget"[^}]*\} [1-9]\d*$/m);
  }, 30_000);

  it.each([
    ['an absolute URL', { path: 'http://169.254.169.254/latest' }, 'path'],
    ['another host', { path: '//evil.example.com/x' }, 'path'],
    ['a way out of the base URL', { path: '/v2/../../etc' }, 'path'],
    ['an encoded way out', { path: '/v2/%2e%2e/x' }, 'path'],
    ['a credential header', { path: '/v2/tasks', headers: { Authorization: 'Basic x' } }, 'headers.Authorization'],
  ])('refuses %s with 422 naming the field, and sends nothing', async (_, change, field) => {
    const { id, token } = await limbleConnection();
    await limble.admin.resetRequests();
    const refused = await passthrough(id, token, { method: 'GET', ...change }).expect(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
    expect((await limble.admin.requests()).total).toBe(0);
  });

  it("answers 404 for another connection's id with a token, 403 for a planner JWT, 401 once the token is revoked", async () => {
    const first = await limbleConnection();
    const second = await limbleConnection();
    await passthrough(second.id, first.token, { method: 'GET', path: '/v2/tasks' }).expect(404);
    const planner = `Bearer ${await service.token(tenant, ['planner'])}`;
    await passthrough(first.id, planner, { method: 'GET', path: '/v2/tasks' }).expect(403);
    const stranger = `Bearer ${await service.token(randomUUID(), ['admin'])}`;
    await passthrough(first.id, stranger, { method: 'GET', path: '/v2/tasks' }).expect(404);
    await service.http().delete(`/api/v1/connections/${first.id}`).set('Authorization', admin).expect(204);
    await passthrough(first.id, first.token, { method: 'GET', path: '/v2/tasks' }).expect(401);
  });
  it("lets the connection's token into the unified API of its own connection (records, syncs, capabilities, validate) and nowhere else", async () => {
    const first = await maintainxConnection();
    const second = await maintainxConnection();
    const get = (id: string, path: string, authorization: string) => service.http().get(`/api/v1/connections/${id}${path}`).set('Authorization', authorization);
    for (const path of ['/records/workOrder', '/syncs', '/capabilities']) {
      await get(first.id, path, first.token).expect(200);
      await get(second.id, path, first.token).expect(404);
    }
    // A viewer JWT still reads; it may not write, whereas the token acts as the integration role.
    const viewer = `Bearer ${await service.token(tenant, ['viewer'])}`;
    await get(first.id, '/records/workOrder', viewer).expect(200);
    const validate = (authorization: string) =>
      service.http().post(`/api/v1/connections/${first.id}/records/workOrder/validate`).set('Authorization', authorization).send({ title: 'Check the pump' });
    await validate(viewer).expect(403);
    await validate(first.token).expect(200);
    await get(first.id, '/records/workOrder', 'Bearer mcn_not-a-token').expect(401);
  });
});
