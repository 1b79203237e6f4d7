/** What the write tests share: a connection per simulated system, and "nothing was written upstream" behind a marker. */
import { randomBytes, randomUUID } from 'node:crypto';
import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { topicFor } from '@mate/contracts';
import { startSimulator, type RunningSimulator, type SystemKind } from '@mate/simulators';
import { countAfterMarker, expectEventually, readTopic } from '@mate/testing';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';
import { awaitRun, startSync } from './sync-support';

type Secrets = Record<string, string | undefined>;

export const CONNECT: Record<SystemKind, { credentialId: string; authKind: string; credentials: (s: Secrets) => Record<string, string> }> = {
  maximo: { credentialId: 'apikey', authKind: 'api_key', credentials: (s) => ({ apiKey: s.apikey ?? '' }) },
  sap: { credentialId: 'client', authKind: 'oauth2_client_credentials', credentials: (s) => ({ clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' }) },
  fiix: { credentialId: 'keys', authKind: 'hmac_signed', credentials: (s) => ({ appKey: s.appKey ?? '', accessKey: s.accessKey ?? '', secretKey: s.secretKey ?? '' }) },
  upkeep: { credentialId: 'login', authKind: 'session_login', credentials: (s) => ({ email: s.email ?? '', password: s.password ?? '' }) },
  maintainx: { credentialId: 'apikey', authKind: 'api_key', credentials: (s) => ({ apiKey: s.apiKey ?? '' }) },
  limble: { credentialId: 'client', authKind: 'basic', credentials: (s) => ({ clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' }) },
};

export async function connect(service: ConnectorsTestApp, admin: string, system: SystemKind, sim: RunningSimulator): Promise<string> {
  const { credentialId, authKind, credentials } = CONNECT[system];
  const secrets = credentials((await sim.admin.credential(credentialId)).secrets);
  const created = await service.http().post('/api/v1/connections').set('Authorization', admin).send({ system, authKind, displayName: `Plant ${system}`, baseUrl: sim.url, credentials: secrets }).expect(201);
  return created.body.connection.id as string;
}

/**
 * The service (loopback allowed) with a connection to a simulator of each system, filled into
 * `into`; `prepare` runs for each connection (e.g. syncing what writes reference). The simulators'
 * rate limits are off: budgets are another suite's, here Limble's 1 request/s would only slow it.
 */
export async function startWriteSystems(
  database: string,
  systems: readonly SystemKind[],
  into: { sims: Map<SystemKind, RunningSimulator>; connections: Map<SystemKind, string> },
  prepare: (app: { service: ConnectorsTestApp; admin: string }, system: SystemKind, connectionId: string) => Promise<void>,
): Promise<{ service: ConnectorsTestApp; admin: string }> {
  const service = await startConnectorsTestApp(database, { CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}` });
  const admin = `Bearer ${await service.token(randomUUID(), ['admin'])}`;
  await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
  for (const system of systems) {
    const sim = await startSimulator(system);
    await sim.admin.settings({ rateLimit: null });
    into.sims.set(system, sim);
    const connectionId = await connect(service, admin, system, sim);
    into.connections.set(system, connectionId);
    await prepare({ service, admin }, system, connectionId);
  }
  return { service, admin };
}

/**
 * The requests that reached the simulator from now until a marker (a connection test, which
 * probes with a GET) sent behind them has arrived; the marker's own request is left out.
 */
export async function requestsBehindMarker(service: ConnectorsTestApp, admin: string, sim: RunningSimulator, connectionId: string, act: () => Promise<unknown>): Promise<{ method: string; path: string }[]> {
  await sim.admin.resetRequests();
  await act();
  let seen: { method: string; path: string }[] = [];
  return countAfterMarker(
    {
      send: () => service.http().post(`/api/v1/connections/${connectionId}/test`).set('Authorization', admin).expect(200),
      arrived: async () => {
        seen = (await sim.admin.requests()).requests.map(({ method, path }) => ({ method, path }));
        expect(seen.length).toBeGreaterThan(0);
      },
    },
    () => seen.slice(0, -1),
  );
}

/** Requests that could have changed something upstream (SAP's CSRF fetch is a GET). */
export const writesAmong = (requests: { method: string; path: string }[]) => requests.filter(({ method }) => method !== 'GET');

/** The connection's events of one type on the connectors topic, decoded, once at least `count` have arrived. */
export async function eventsOf<S extends DescMessage>(connectionId: string, schema: S, count: number): Promise<MessageShape<S>[]> {
  let found: MessageShape<S>[] = [];
  await expectEventually(
    async () => {
      const messages = await readTopic(topicFor('connectors'), { idleMs: 500 });
      found = messages
        .filter(({ message }) => message.key?.toString() === connectionId && message.headers?.['ce_type']?.toString() === schema.typeName)
        .map(({ message }) => fromBinary(schema, message.value ?? Buffer.alloc(0)));
      expect(found.length).toBeGreaterThanOrEqual(count);
    },
    { timeoutMs: 20_000 },
  );
  return found;
}

/** A full sync of one entity of the connection (the writes' references, vendors or locations, are checked against the synced records). */
export async function syncEntity(service: ConnectorsTestApp, admin: string, connectionId: string, entity: string): Promise<void> {
  const run = await awaitRun(service, admin, connectionId, (await startSync(service, admin, connectionId, entity, 'full')).id);
  expect(run.status).toBe('succeeded');
}

/** A full sync of the connection's vendors (the writes' vendor references are checked against them). */
export const syncVendors = (service: ConnectorsTestApp, admin: string, connectionId: string): Promise<void> => syncEntity(service, admin, connectionId, 'vendor');
