/**
 * The "Done when" of the connectors' part 1, for each of the six systems, against the real
 * PostgreSQL, Kafka and the simulators: a credential revoked upstream → the next call moves the
 * connection to reauth_required with exactly one ConnectionReauthRequired and nothing more sent
 * upstream; rejected new credentials change nothing; reconnecting → ConnectionRestored, a working
 * new API token, the old one refused. Then: planted credentials are nowhere in the logs, the topic
 * or a dump of the database.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { topicFor } from '@mate/contracts';
import { startSimulator, type RunningSimulator, type SystemKind } from '@mate/simulators';
import { countAfterMarker, readTopic, type TopicMessage } from '@mate/testing';
import { DataSource } from 'typeorm';
import { EnvelopeEncryption, TenantDataKey, parseMasterKeyring, rewrapDataKeys } from '../src/credentials';
import { ProbeDueConnections } from '../src/probes/probe-due-connections';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';

type Secrets = Record<string, string>;

interface SystemCase {
  system: SystemKind;
  credentialId: string;
  authKind: string;
  /** The simulator's secrets as the connection's credential fields. */
  credentials: (secrets: Secrets) => Secrets;
  /** The simulator's rotatable secrets set to a planted value. */
  plant: (planted: string) => Secrets;
}

const CASES: SystemCase[] = [
  { system: 'maximo', credentialId: 'apikey', authKind: 'api_key', credentials: (s) => ({ apiKey: s.apikey ?? '' }), plant: (p) => ({ apikey: p }) },
  { system: 'sap', credentialId: 'client', authKind: 'oauth2_client_credentials', credentials: (s) => ({ clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' }), plant: (p) => ({ clientSecret: p }) },
  { system: 'fiix', credentialId: 'keys', authKind: 'hmac_signed', credentials: (s) => ({ appKey: s.appKey ?? '', accessKey: s.accessKey ?? '', secretKey: s.secretKey ?? '' }), plant: (p) => ({ accessKey: `ak-${p}`, secretKey: p }) },
  { system: 'upkeep', credentialId: 'login', authKind: 'session_login', credentials: (s) => ({ email: s.email ?? '', password: s.password ?? '' }), plant: (p) => ({ password: p }) },
  { system: 'maintainx', credentialId: 'apikey', authKind: 'api_key', credentials: (s) => ({ apiKey: s.apiKey ?? '' }), plant: (p) => ({ apiKey: p }) },
  { system: 'limble', credentialId: 'client', authKind: 'basic', credentials: (s) => ({ clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' }), plant: (p) => ({ clientSecret: p }) },
];

const MASTER_KEY = `1:${randomBytes(32).toString('base64')}`;
const DATABASE = 'mate_connectors_reauth_test';
/** Every secret handed to the service (credentials, API tokens): none may appear in logs, events or the database. */
const secretsSeen: string[] = [];

let service: ConnectorsTestApp;
/** A second replica on the same database: both see the same failure at once. */
let replica: ConnectorsTestApp;
const simulators = new Map<SystemKind, RunningSimulator>();
/** Each system's connection and the admin token of its tenant (one tenant per system). */
const connected: { system: SystemKind; connectionId: string; admin: string }[] = [];

beforeAll(async () => {
  service = await startConnectorsTestApp(DATABASE, { CONNECTORS_MASTER_KEYS: MASTER_KEY });
  replica = await startConnectorsTestApp(DATABASE, { CONNECTORS_MASTER_KEYS: MASTER_KEY }, { fresh: false });
  for (const { system } of CASES) {
    const sim = await startSimulator(system);
    await sim.admin.settings({ rateLimit: null });
    simulators.set(system, sim);
  }
});

afterAll(async () => {
  await replica?.close();
  await service?.close();
  for (const sim of simulators.values()) await sim.close();
});

const typesOf = (messages: TopicMessage[], connectionId: string) =>
  messages.filter(({ message }) => message.key?.toString() === connectionId).map(({ message }) => message.headers?.['ce_type']?.toString().replace('mate.connectors.v1.', ''));

describe.each(CASES)('$system: revoke, reauth_required, rejected and accepted reconnection', ({ system, credentialId, authKind, credentials, plant }) => {
  let sim: RunningSimulator;
  const tenant = randomUUID();
  let admin: string;
  let connectionId: string;
  let firstToken: string;

  beforeAll(async () => {
    sim = simulators.get(system) as RunningSimulator;
    admin = `Bearer ${await service.token(tenant, ['admin'])}`;
    // The simulators listen on loopback, which the SSRF guard refuses unless the tenant allow-lists it.
    await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
  });

  const requestsUpstream = async () => (await sim.admin.requests()).total;

  it('connects with credentials the system accepts: ConnectionCreated and an API token shown once', async () => {
    const secrets = credentials((await sim.admin.credential(credentialId)).secrets);
    secretsSeen.push(...Object.entries(secrets).filter(([field]) => !['clientId', 'appKey', 'email'].includes(field)).map(([, value]) => value));
    const created = await service
      .http()
      .post('/api/v1/connections')
      .set('Authorization', admin)
      .send({ system, authKind, displayName: `Plant ${system}`, baseUrl: sim.url, credentials: secrets })
      .expect(201);
    expect(created.body.connection).toMatchObject({ system, authKind, status: 'connected' });
    expect(JSON.stringify(created.body)).not.toContain(Object.values(secrets).at(-1));
    connectionId = created.body.connection.id;
    connected.push({ system, connectionId, admin });
    firstToken = created.body.apiToken;
    secretsSeen.push(firstToken);
    await sim.admin.resetRequests();
    const test = await service.http().post(`/api/v1/connections/${connectionId}/test`).set('Authorization', admin).expect(200);
    expect(test.body).toEqual({ ok: true, status: 'connected' });
    // The session the verification opened (SAP's token, UpKeep's login) was kept: the first call is the probe alone.
    expect(await requestsUpstream()).toBe(1);
  });

  it('moves to reauth_required on the first call after the credential is revoked (two replicas at once), and sends nothing upstream after', async () => {
    await sim.admin.revoke(credentialId);
    const outcomes = await Promise.all(
      [service, replica, service, replica].map((instance) => instance.http().post(`/api/v1/connections/${connectionId}/test`).set('Authorization', admin)),
    );
    // Each call either met the refusal itself or found the transition already made.
    expect(outcomes.some((outcome) => outcome.status === 200 && outcome.body.classification === 'auth_invalid')).toBe(true);
    for (const outcome of outcomes) {
      expect(outcome.status === 409 || (outcome.status === 200 && outcome.body.classification === 'auth_invalid' && outcome.body.status === 'reauth_required')).toBe(true);
    }

    await sim.admin.resetRequests();
    const refused = await service.http().post(`/api/v1/connections/${connectionId}/test`).set('Authorization', admin).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'urn:mate:problem:connection-reauthorization-required',
      code: 'CONNECTION_REAUTH_REQUIRED',
      reauthorize: { method: 'POST', href: `/api/v1/connections/${connectionId}/reauthorize` },
    });
    // A probe round that finds everything due skips it too.
    await service.app.get(ProbeDueConnections).execute({ batchSize: 100, concurrency: 4, jitterRatio: 0 }, new Date(Date.now() + 86_400_000));
    expect(await requestsUpstream()).toBe(0);

    const health = await service.http().get(`/api/v1/connections/${connectionId}/health`).set('Authorization', admin).expect(200);
    expect(health.body.status).toBe('reauth_required');
    expect(health.body.transitions[0]).toMatchObject({ from: 'connected', to: 'reauth_required', reason: expect.stringContaining('auth_invalid') });
    expect(health.body.failures[0]).toMatchObject({ classification: 'auth_invalid' });
  });

  it('refuses new credentials the system rejects, and changes nothing', async () => {
    const before = await service.http().get(`/api/v1/connections/${connectionId}`).set('Authorization', admin).expect(200);
    const session = await service.http().post(`/api/v1/connections/${connectionId}/reauthorize`).set('Authorization', admin).expect(201);
    const stillRevoked = credentials((await sim.admin.credential(credentialId)).secrets);
    const rejected = await service.http().post('/api/v1/connect').send({ session: session.body.token, credentials: stillRevoked }).expect(422);
    expect(rejected.body).toMatchObject({ classification: 'auth_invalid', errors: [{ field: 'credentials', message: expect.any(String) }] });
    const after = await service.http().get(`/api/v1/connections/${connectionId}`).set('Authorization', admin).expect(200);
    expect(after.body).toEqual(before.body);
    await service.http().get('/api/v1/connection-token').set('Authorization', `Bearer ${firstToken}`).expect(200);
  });

  it('reconnects with accepted credentials: ConnectionRestored, a working new token, the old one refused, the session used up', async () => {
    const planted = `planted-${system}-${randomUUID()}`;
    secretsSeen.push(planted);
    const rotated = await sim.admin.rotate(credentialId, plant(planted));
    const session = await service.http().post(`/api/v1/connections/${connectionId}/reauthorize`).set('Authorization', admin).expect(201);
    expect(session.body).toMatchObject({ token: expect.stringMatching(/^mcs_/), url: expect.stringContaining(`#session=${session.body.token}`), expiresAt: expect.any(String) });
    const reconnected = await service.http().post('/api/v1/connect').send({ session: session.body.token, credentials: credentials(rotated.secrets) }).expect(200);
    expect(reconnected.body.connection).toMatchObject({ id: connectionId, status: 'connected' });
    const newToken: string = reconnected.body.apiToken;
    secretsSeen.push(newToken);
    expect(newToken).not.toBe(firstToken);

    await service.http().get('/api/v1/connection-token').set('Authorization', `Bearer ${firstToken}`).expect(401);
    const mine = await service.http().get('/api/v1/connection-token').set('Authorization', `Bearer ${newToken}`).expect(200);
    expect(mine.body).toMatchObject({ id: connectionId, status: 'connected' });
    const test = await service.http().post(`/api/v1/connections/${connectionId}/test`).set('Authorization', admin).expect(200);
    expect(test.body).toEqual({ ok: true, status: 'connected' });

    const reused = await service.http().post('/api/v1/connect').send({ session: session.body.token, credentials: credentials(rotated.secrets) }).expect(400);
    expect(reused.body.errors).toEqual([{ field: 'session', message: expect.stringContaining('already used') }]);
  });

  it('published exactly one ConnectionReauthRequired: counted behind a marker on the same partition (a pause, then resumed)', async () => {
    let types: (string | undefined)[] = [];
    const reauthEvents = await countAfterMarker(
      {
        send: () => service.http().post(`/api/v1/connections/${connectionId}/pause`).set('Authorization', admin).expect(200),
        arrived: async () => {
          types = typesOf(await readTopic(topicFor('connectors'), { idleMs: 1_000 }), connectionId);
          expect(types).toContain('ConnectionPaused');
        },
      },
      () => types.filter((type) => type === 'ConnectionReauthRequired').length,
    );
    expect(reauthEvents).toBe(1);
    expect(types).toEqual(['ConnectionCreated', 'ConnectionAuthFailed', 'ConnectionReauthRequired', 'ConnectionRestored', 'ConnectionPaused']);
    const resumed = await service.http().post(`/api/v1/connections/${connectionId}/resume`).set('Authorization', admin).expect(200);
    expect(resumed.body.status).toBe('connected');
  });
});

describe('secrets', () => {
  it('no credential or API token appears in the logs, on the topic, or in a dump of the database', async () => {
    expect(secretsSeen.length).toBeGreaterThanOrEqual(CASES.length * 3);
    const logs = service.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    const topic = (await readTopic(topicFor('connectors'), { idleMs: 1_000 }))
      .map(({ message }) => `${message.value?.toString('latin1')} ${JSON.stringify(Object.values(message.headers ?? {}).map((v) => v?.toString()))}`)
      .join('\n');
    const dump = execFileSync('pg_dump', ['--data-only', service.config.database.ownerUrl], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
    expect(dump).toContain('connections');
    for (const secret of secretsSeen) {
      expect({ secret, inLogs: logs.includes(secret), onTopic: topic.includes(secret), inDump: dump.includes(secret) }).toEqual({ secret, inLogs: false, onTopic: false, inDump: false });
    }
  });
});

describe('token refresh across replicas', () => {
  const TOKEN_ENDPOINT = 'POST /sap/bc/sec/oauth2/token';

  it('SAP: two replicas meeting the same expired token at once fetch one new token (the advisory lock), and every call succeeds', async () => {
    const sap = connected.find((entry) => entry.system === 'sap');
    const sim = simulators.get('sap') as RunningSimulator;
    if (!sap) throw new Error('the SAP connection was not made');
    // The cached token runs out for every replica; the token request is slow, so the second replica
    // reaches its refresh while the first is still waiting for the token.
    await service.owner.query(`update connections set session_expires_at = now() where id = $1`, [sap.connectionId]);
    await sim.admin.resetRequests();
    await sim.admin.injectFault({ kind: 'latency', delayMs: 400, method: 'POST', pathPrefix: '/sap/bc/sec/oauth2/token', count: 4 });
    try {
      const outcomes = await Promise.all(
        [service, replica, service, replica].map((instance) => instance.http().post(`/api/v1/connections/${sap.connectionId}/test`).set('Authorization', sap.admin)),
      );
      expect(outcomes.map((outcome) => outcome.body)).toEqual(Array(4).fill({ ok: true, status: 'connected' }));
      const { byEndpoint } = await sim.admin.requests();
      expect(byEndpoint[TOKEN_ENDPOINT]).toBe(1);
    } finally {
      await sim.admin.clearFaults();
    }
  });
});

describe('master key rotation on live rows', () => {
  const NEW_KEY = `2:${randomBytes(32).toString('base64')}`;
  const probeAll = async (replica: ConnectorsTestApp) => {
    for (const { connectionId, admin } of connected) {
      const test = await replica.http().post(`/api/v1/connections/${connectionId}/test`).set('Authorization', admin).expect(200);
      expect(test.body).toEqual({ ok: true, status: 'connected' });
    }
  };
  const ciphertexts = async () => (await service.owner.query(`select id, credentials_ciphertext from connections order by id`)).rows;
  const masterKeyVersions = async () => (await service.owner.query(`select distinct master_key_version as v from tenant_data_keys`)).rows.map((row: { v: number }) => row.v);

  it('new key first and old after: served while rewrapped; then the new key alone reads every live row', async () => {
    expect(connected).toHaveLength(CASES.length);
    const before = await ciphertexts();
    expect(await masterKeyVersions()).toEqual([1]);

    // Step 1: a replica with both keys, the new one first, serves the live rows (rolling deploy).
    const during = await startConnectorsTestApp(DATABASE, { CONNECTORS_MASTER_KEYS: `${NEW_KEY},${MASTER_KEY}` }, { fresh: false });
    const ownerSource = new DataSource({ type: 'postgres', url: service.config.database.ownerUrl, entities: [TenantDataKey], logging: false });
    await ownerSource.initialize();
    try {
      await probeAll(during);
      // Step 2: the rewrap, while the service runs; a second run finds nothing to do.
      const envelope = new EnvelopeEncryption(parseMasterKeyring(`${NEW_KEY},${MASTER_KEY}`));
      expect(await rewrapDataKeys(ownerSource, envelope)).toEqual({ rewrapped: CASES.length, alreadyCurrent: 0 });
      expect(await rewrapDataKeys(ownerSource, envelope)).toEqual({ rewrapped: 0, alreadyCurrent: CASES.length });
      await probeAll(during);
    } finally {
      await ownerSource.destroy();
      await during.close();
    }
    expect(await masterKeyVersions()).toEqual([2]);
    // Only the data keys were rewrapped: every credential ciphertext is as it was.
    expect(await ciphertexts()).toEqual(before);

    // Step 3: the old key dropped.
    const after = await startConnectorsTestApp(DATABASE, { CONNECTORS_MASTER_KEYS: NEW_KEY }, { fresh: false });
    try {
      await probeAll(after);
    } finally {
      await after.close();
    }
  });
});
