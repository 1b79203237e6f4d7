/**
 * The connections API against the real PostgreSQL, Kafka and a simulated MaintainX: bad input named
 * field by field with nothing changed, roles, other tenants, the connector catalogue, degraded and
 * restored on transient failures, throttling answered as a 403, a paused connection sending
 * nothing, and a connection created through a connect session.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { topicFor } from '@mate/contracts';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { countAfterMarker, expectEventually, readTopic } from '@mate/testing';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';

const DATABASE = 'mate_connectors_api_test';

describe('connections API (PostgreSQL, Kafka, simulated MaintainX)', () => {
  let service: ConnectorsTestApp;
  let sim: RunningSimulator;
  const tenant = randomUUID();
  let admin: string;
  let apiKey: string;

  beforeAll(async () => {
    service = await startConnectorsTestApp(DATABASE, { CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}`, CONNECTORS_DEGRADE_AFTER_FAILURES: '2', CONNECTORS_PROBE_ROUND_SECONDS: '1' });
    sim = await startSimulator('maintainx');
    admin = `Bearer ${await service.token(tenant, ['admin'])}`;
    apiKey = (await sim.admin.credential('apikey')).secrets.apiKey ?? '';
    await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
  });

  const valid = () => ({ system: 'maintainx', authKind: 'api_key', displayName: 'MaintainX', baseUrl: sim.url, credentials: { apiKey } });
  const countConnections = async () => Number((await service.owner.query(`select count(*) from connections`)).rows[0].count);
  const eventTypesOf = async (connectionId: string) =>
    (await readTopic(topicFor('connectors'), { idleMs: 1_000 }))
      .filter(({ message }) => message.key?.toString() === connectionId)
      .map(({ message }) => message.headers?.['ce_type']?.toString().replace('mate.connectors.v1.', ''));
  /** The connection's events once a pause (sent behind everything before it, same partition) has arrived. */
  const eventsBehindPause = async (connectionId: string) => {
    let types: (string | undefined)[] = [];
    return countAfterMarker(
      {
        send: () => service.http().post(`/api/v1/connections/${connectionId}/pause`).set('Authorization', admin).expect(200),
        arrived: async () => {
          types = await eventTypesOf(connectionId);
          expect(types).toContain('ConnectionPaused');
        },
      },
      () => types,
    );
  };
  const create = async () => (await service.http().post('/api/v1/connections').set('Authorization', admin).send(valid()).expect(201)).body.connection.id as string;

  it('lists the supported systems with their auth kinds and credential fields', async () => {
    const listed = await service.http().get('/api/v1/connectors').set('Authorization', admin).expect(200);
    expect(listed.body.map((connector: { system: string }) => connector.system)).toEqual(['maximo', 'sap', 'fiix', 'upkeep', 'maintainx', 'limble']);
    expect(listed.body.find((connector: { system: string }) => connector.system === 'fiix').authMethods).toEqual([
      { kind: 'hmac_signed', fields: expect.arrayContaining([{ name: 'secretKey', label: 'Secret key', secret: true }]) },
    ]);
  });

  it.each([
    ['an auth kind the system lacks', { authKind: 'hmac_signed' }, ['authKind']],
    ['an unknown system', { system: 'navision' }, ['system']],
    ['a malformed base URL', { baseUrl: 'not a url' }, ['baseUrl']],
    ['credentials in the base URL', { baseUrl: 'http://user:pw@127.0.0.1:1' }, ['baseUrl']],
    ['a missing credential field', { credentials: {} }, ['credentials.apiKey']],
    ['an unknown credential field', { credentials: { apiKey: 'k', password: 'p' } }, ['credentials.password']],
    ['an unknown setting', { settings: { colour: 'red' } }, ['settings.colour']],
    ['an empty display name', { displayName: '' }, ['displayName']],
  ])('answers 400 naming the field for %s, and nothing is stored or sent', async (_, change, fields) => {
    await sim.admin.resetRequests();
    const before = await countConnections();
    const response = await service.http().post('/api/v1/connections').set('Authorization', admin).send({ ...valid(), ...change }).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(fields);
    expect(await countConnections()).toBe(before);
    expect((await sim.admin.requests()).total).toBe(0);
  });

  it('refuses a base URL on loopback unless the tenant allow-listed it (SSRF guard), before anything is sent', async () => {
    const other = `Bearer ${await service.token(randomUUID(), ['admin'])}`;
    await sim.admin.resetRequests();
    const before = await countConnections();
    for (const baseUrl of [sim.url, sim.url.replace('127.0.0.1', 'localhost'), 'http://169.254.169.254']) {
      const refused = await service.http().post('/api/v1/connections').set('Authorization', other).send({ ...valid(), baseUrl }).expect(422);
      expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['baseUrl']);
    }
    expect(await countConnections()).toBe(before);
    expect((await sim.admin.requests()).total).toBe(0);
    const listed = await service.http().get('/api/v1/connectors/allow-list').set('Authorization', admin).expect(200);
    expect(listed.body).toEqual({ entries: ['127.0.0.1'] });
    await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: [''] }).expect(400);
    // An entry that would match nothing (a URL, a malformed range) or never may be reached is refused, naming it; the list is unchanged.
    for (const [entry, message] of [
      ['https://maximo.plant.local/maximo', 'https://maximo.plant.local/maximo is a URL: give its host name only'],
      ['10.20.0.0/33', '10.20.0.0/33 is not a CIDR range (e.g. 10.20.0.0/16)'],
      ['169.254.169.254', '169.254.169.254 is never reachable (this host, broadcast, multicast or cloud metadata)'],
    ]) {
      const refused = await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1', entry] }).expect(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.errors[0]).toMatchObject({ field: 'entries', message });
    }
    expect((await service.http().get('/api/v1/connectors/allow-list').set('Authorization', admin).expect(200)).body).toEqual({ entries: ['127.0.0.1'] });
  });

  it('refuses credentials the system rejects with 422 naming credentials, and stores nothing', async () => {
    const before = await countConnections();
    const response = await service.http().post('/api/v1/connections').set('Authorization', admin).send({ ...valid(), credentials: { apiKey: 'mx_wrong' } }).expect(422);
    expect(response.body).toMatchObject({ classification: 'auth_invalid', errors: [{ field: 'credentials', message: expect.any(String) }] });
    expect(await countConnections()).toBe(before);
  });

  it('lets only administrators manage connections, and hides other tenants’ connections', async () => {
    const id = await create();
    const planner = `Bearer ${await service.token(tenant, ['planner'])}`;
    await service.http().post('/api/v1/connections').set('Authorization', planner).send(valid()).expect(403);
    await service.http().post(`/api/v1/connections/${id}/pause`).set('Authorization', planner).expect(403);
    await service.http().get(`/api/v1/connections/${id}`).set('Authorization', planner).expect(200);
    const stranger = `Bearer ${await service.token(randomUUID(), ['admin'])}`;
    await service.http().get(`/api/v1/connections/${id}`).set('Authorization', stranger).expect(404);
    await service.http().post(`/api/v1/connections/${id}/test`).set('Authorization', stranger).expect(404);
    await service.http().post(`/api/v1/connections/${id}/reauthorize`).set('Authorization', stranger).expect(404);
  });

  it('never shows the credentials: not in the connection, the list or the health', async () => {
    const id = await create();
    for (const path of [`/api/v1/connections/${id}`, '/api/v1/connections', `/api/v1/connections/${id}/health`]) {
      const response = await service.http().get(path).set('Authorization', admin).expect(200);
      expect(JSON.stringify(response.body)).not.toContain(apiKey);
    }
  });

  it('degrades after transient failures over the threshold and is restored by the next success, each published once', async () => {
    const id = await create();
    await sim.admin.injectFault({ kind: 'server_error', status: 503, count: 6 });
    for (const _ of [1, 2]) {
      const failed = await service.http().post(`/api/v1/connections/${id}/test`).set('Authorization', admin).expect(200);
      expect(failed.body).toMatchObject({ ok: false, classification: 'transient' });
    }
    expect((await service.http().get(`/api/v1/connections/${id}`).set('Authorization', admin)).body.status).toBe('degraded');
    await sim.admin.clearFaults();
    const restored = await service.http().post(`/api/v1/connections/${id}/test`).set('Authorization', admin).expect(200);
    expect(restored.body).toEqual({ ok: true, status: 'connected' });
    await expectEventually(
      async () => {
        const mine = (await readTopic(topicFor('connectors'), { idleMs: 1_000 })).filter(({ message }) => message.key?.toString() === id);
        expect(mine.map(({ message }) => message.headers?.['ce_type']?.toString())).toEqual([
          'mate.connectors.v1.ConnectionCreated',
          'mate.connectors.v1.ConnectionDegraded',
          'mate.connectors.v1.ConnectionRestored',
        ]);
      },
      { timeoutMs: 30_000 },
    );
  });

  it('reads a 403 "Exceeded Connections Limit" as throttling: never reauth_required, no auth failure published', async () => {
    const id = await create();
    // One more throttled reply than the service waits out (CONNECTORS_RATE_LIMIT_RETRIES, 3 by default): the probe then fails throttled.
    await sim.admin.injectFault({ kind: 'connection_limit', count: 4 });
    const throttled = await service.http().post(`/api/v1/connections/${id}/test`).set('Authorization', admin).expect(200);
    expect(throttled.body).toEqual({ ok: false, classification: 'rate_limited', status: 'connected' });
    const health = await service.http().get(`/api/v1/connections/${id}/health`).set('Authorization', admin).expect(200);
    expect(health.body).toMatchObject({ status: 'connected', failures: [{ classification: 'rate_limited', upstreamStatus: 403 }] });
    expect(await eventsBehindPause(id)).toEqual(['ConnectionCreated', 'ConnectionPaused']);
  });

  it('sends nothing while paused, resumes, and a deleted connection is gone with its API token', async () => {
    const created = await service.http().post('/api/v1/connections').set('Authorization', admin).send(valid()).expect(201);
    const id: string = created.body.connection.id;
    await service.http().post(`/api/v1/connections/${id}/pause`).set('Authorization', admin).expect(200);
    await sim.admin.resetRequests();
    const refused = await service.http().post(`/api/v1/connections/${id}/test`).set('Authorization', admin).expect(409);
    expect(refused.body.code).toBe('CONNECTION_PAUSED');
    expect((await sim.admin.requests()).total).toBe(0);
    const resumed = await service.http().post(`/api/v1/connections/${id}/resume`).set('Authorization', admin).expect(200);
    expect(resumed.body.status).toBe('connected');
    await service.http().delete(`/api/v1/connections/${id}`).set('Authorization', admin).expect(204);
    await service.http().get(`/api/v1/connections/${id}`).set('Authorization', admin).expect(404);
    await service.http().get('/api/v1/connection-token').set('Authorization', `Bearer ${created.body.apiToken}`).expect(401);
    const row = (await service.owner.query(`select status, credentials_ciphertext from connections where id = $1`, [id])).rows[0];
    expect(row).toEqual({ status: 'disconnected', credentials_ciphertext: null });
  });

  it('answers an expired or unknown connect session with 400 naming session', async () => {
    const id = await create();
    await service.http().post(`/api/v1/connections/${id}/reauthorize`).set('Authorization', admin).expect(201);
    await service.owner.query(`update connect_sessions set expires_at = now() - interval '1 second' where connection_id = $1`, [id]);
    const sessions = await service.http().post(`/api/v1/connections/${id}/reauthorize`).set('Authorization', admin).expect(201);
    await service.owner.query(`update connect_sessions set expires_at = now() - interval '1 second' where connection_id = $1`, [id]);
    const expired = await service.http().post('/api/v1/connect').send({ session: sessions.body.token, credentials: { apiKey } }).expect(400);
    expect(expired.body.errors).toEqual([{ field: 'session', message: expect.stringContaining('expired') }]);
    const unknown = await service.http().post('/api/v1/connect').send({ session: 'mcs_unknown', credentials: { apiKey } }).expect(400);
    expect(unknown.body.errors).toEqual([{ field: 'session', message: 'unknown connect session' }]);
  });

  it('creates a connection through a connect session: verified upstream, ConnectionCreated once, an API token shown once', async () => {
    const target = { system: 'maintainx', authKind: 'api_key', displayName: 'Hosted MaintainX', baseUrl: sim.url };
    const planner = `Bearer ${await service.token(tenant, ['planner'])}`;
    await service.http().post('/api/v1/connections/connect-sessions').set('Authorization', planner).send(target).expect(403);
    const wrongKind = await service.http().post('/api/v1/connections/connect-sessions').set('Authorization', admin).send({ ...target, authKind: 'basic' }).expect(400);
    expect(wrongKind.body.errors.map((error: { field: string }) => error.field)).toEqual(['authKind']);
    const withSecret = await service.http().post('/api/v1/connections/connect-sessions').set('Authorization', admin).send({ ...target, credentials: { apiKey } }).expect(400);
    expect(withSecret.body.errors.map((error: { field: string }) => error.field)).toEqual(['credentials']);

    const session = await service.http().post('/api/v1/connections/connect-sessions').set('Authorization', admin).send(target).expect(201);
    expect(session.body).toEqual({ token: expect.stringMatching(/^mcs_/), url: expect.stringMatching(/#session=mcs_/), expiresAt: expect.any(String) });
    const before = await countConnections();
    const missing = await service.http().post('/api/v1/connect').send({ session: session.body.token, credentials: {} }).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'credentials.apiKey', message: expect.any(String) }]);
    await sim.admin.resetRequests();
    const rejected = await service.http().post('/api/v1/connect').send({ session: session.body.token, credentials: { apiKey: 'mx_wrong' } }).expect(422);
    expect(rejected.body).toMatchObject({ classification: 'auth_invalid', errors: [{ field: 'credentials', message: expect.any(String) }] });
    expect((await sim.admin.requests()).total).toBe(1);
    expect(await countConnections()).toBe(before);

    const connected = await service.http().post('/api/v1/connect').send({ session: session.body.token, credentials: { apiKey } }).expect(200);
    expect(connected.body).toMatchObject({ created: true, apiToken: expect.stringMatching(/^mcn_/), connection: { ...target, status: 'connected', createdBy: 'admin-1' } });
    expect(JSON.stringify(connected.body)).not.toContain(apiKey);
    const id: string = connected.body.connection.id;
    expect(await countConnections()).toBe(before + 1);
    const mine = await service.http().get('/api/v1/connection-token').set('Authorization', `Bearer ${connected.body.apiToken}`).expect(200);
    expect(mine.body).toMatchObject({ id, status: 'connected' });
    const stored = (await service.owner.query(`select token_hash from connection_api_tokens where connection_id = $1`, [id])).rows;
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash.toString('latin1')).not.toContain(connected.body.apiToken);
    await service.http().post(`/api/v1/connections/${id}/test`).set('Authorization', admin).expect(200, { ok: true, status: 'connected' });

    const reused = await service.http().post('/api/v1/connect').send({ session: session.body.token, credentials: { apiKey } }).expect(400);
    expect(reused.body.errors).toEqual([{ field: 'session', message: expect.stringContaining('already used') }]);
    const expiring = await service.http().post('/api/v1/connections/connect-sessions').set('Authorization', admin).send(target).expect(201);
    await service.owner.query(`update connect_sessions set expires_at = now() - interval '1 second' where new_connection is not null and used_at is null`);
    const expired = await service.http().post('/api/v1/connect').send({ session: expiring.body.token, credentials: { apiKey } }).expect(400);
    expect(expired.headers['content-type']).toContain('application/problem+json');
    expect(expired.body.errors).toEqual([{ field: 'session', message: expect.stringContaining('expired') }]);
    expect(await countConnections()).toBe(before + 1);
    expect(await eventsBehindPause(id)).toEqual(['ConnectionCreated', 'ConnectionPaused']);
    // The session kept what the administrator chose, never the credential; the logs never saw it either.
    const sessions = (await service.owner.query(`select new_connection from connect_sessions where new_connection is not null`)).rows;
    expect(sessions.map((row: { new_connection: unknown }) => row.new_connection)).toContainEqual({ ...target, settings: {} });
    expect(JSON.stringify(sessions)).not.toContain(apiKey);
    expect(service.logs.join('\n')).not.toContain(apiKey);
  });

  it('a scheduled probe (a round on the job queue) finds a revoked credential with no API call', async () => {
    const id = await create();
    await sim.admin.revoke('apikey');
    try {
      await service.owner.query(`update connection_index set next_probe_at = now() - interval '1 second' where connection_id = $1`, [id]);
      await expectEventually(
        async () => {
          const health = await service.http().get(`/api/v1/connections/${id}/health`).set('Authorization', admin).expect(200);
          expect(health.body).toMatchObject({ status: 'reauth_required', failures: [{ classification: 'auth_invalid', operation: 'probe', upstreamStatus: 401 }] });
        },
        { timeoutMs: 30_000 },
      );
      // Recorded with the row: the transition, and the index's status (probes and metrics read it).
      const health = await service.http().get(`/api/v1/connections/${id}/health`).set('Authorization', admin).expect(200);
      expect(health.body.transitions[0]).toMatchObject({ from: 'connected', to: 'reauth_required' });
      const indexed = await service.owner.query(`select status from connection_index where connection_id = $1`, [id]);
      expect(indexed.rows).toEqual([{ status: 'reauth_required' }]);
    } finally {
      await sim.admin.reinstate('apikey');
    }
  });

  it('exports the latency of upstream calls per system and outcome on /metrics: bounded labels, nothing secret', async () => {
    const metrics = (await service.http().get('/metrics').expect(200)).text;
    const series = metrics.split('\n').filter((line) => line.startsWith('mate_connector_upstream_seconds_count'));
    const outcomes = series.map((line) => /outcome="([^"]+)"/.exec(line)?.[1]).sort();
    // What the tests above met: successes, 503s, a 403 connection limit, refused keys.
    expect(outcomes).toEqual(expect.arrayContaining(['auth_invalid', 'ok', 'rate_limited', 'transient']));
    // Only the system, the outcome and the exporter's scope: no tenant, connection or URL.
    for (const line of series) expect(line).toMatch(/^mate_connector_upstream_seconds_count\{system="(maintainx|maximo)",outcome="[a-z_]+",otel_scope_name="mate\.connectors"\} \d+$/);
    expect(metrics).toMatch(/^mate_connector_upstream_seconds_bucket\{system="maintainx",outcome="ok",otel_scope_name="mate\.connectors",le="0\.1"\} \d+$/m);
    for (const hidden of [apiKey, tenant, sim.url]) expect(metrics).not.toContain(hidden);
  });
});
