/**
 * A sync survives its worker and its credential: against the real Maximo simulator, PostgreSQL and
 * the job queue. (1) The service is stopped while a sync is midway (each page slowed down); another
 * instance on the same database picks the job up again and resumes the same run from its last
 * committed page: it fetches exactly the pages after the checkpoint, and the store matches the
 * simulator. (2) The API key is revoked midway: the run stops as `stopped_auth` keeping its
 * checkpoint, the connection moves to reauth_required; after reconnecting, the next run resumes
 * from that checkpoint.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { Client } from 'pg';
import { expectEventually } from '@mate/testing';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';
import { SYNC_CASES, awaitRun, connectTenant, readAll, startSync } from './sync-support';

const DATABASE = 'mate_connectors_sync_resume_test';
const ENV = {
  CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}`,
  CONNECTORS_SYNC_PAGE_SIZE: '2',
  CONNECTORS_SYNC_WATERMARK_OVERLAP_SECONDS: '0',
  // The stopped instance gives its running job 0.1 s, then pg-boss fails it for a retry.
  SHUTDOWN_DRAIN_MS: '100',
};
const maximo = SYNC_CASES.find((kase) => kase.system === 'maximo') ?? SYNC_CASES[0];
const LIST_WORK_ORDERS = 'GET /maximo/oslc/os/mxwo';

let first: ConnectorsTestApp;
let second: ConnectorsTestApp | undefined;
let sim: RunningSimulator;
let admin: string;
let connectionId: string;
let total = 0;

beforeAll(async () => {
  first = await startConnectorsTestApp(DATABASE, ENV);
  sim = await startSimulator('maximo', { rateLimit: null });
  ({ admin, connectionId } = await connectTenant(first, sim, maximo));
  await sim.admin.seed('mxwo', Array.from({ length: 10 }, (_, index) => ({ wonum: `R${index}`, description: `Resume ${index}`, siteid: 'BEDFORD', status: 'WAPPR' })));
  total = (await sim.admin.records('mxwo')).length;
});

afterAll(async () => {
  await second?.close();
  await sim?.close();
});

const pages = () => Math.ceil(total / 2);
const listRequests = async () => (await sim.admin.requests()).byEndpoint[LIST_WORK_ORDERS] ?? 0;

async function committed(service: ConnectorsTestApp, runId: string): Promise<{ status: string; pages_done: number; records_done: number; cursor: string | null }> {
  const { rows } = await service.owner.query(`select status, pages_done, records_done, cursor from sync_runs where id = $1`, [runId]);
  return rows[0];
}

it('resumes a sync whose service was stopped midway from its last committed page, fetching each later page once', async () => {
  await sim.admin.injectFault({ kind: 'latency', delayMs: 400, count: 100, pathPrefix: '/maximo/oslc/os/mxwo' });
  const run = await startSync(first, admin, connectionId, 'workOrder', 'full');
  await expectEventually(async () => expect((await committed(first, run.id)).pages_done).toBeGreaterThanOrEqual(2), { timeoutMs: 20_000, intervalMs: 50 });
  await first.close();
  // What the stopped instance committed, read on a connection of our own (its owner client is closed).
  const reader = new Client({ connectionString: first.config.database.ownerUrl });
  await reader.connect();
  const checkpoint = (await reader.query(`select status, pages_done from sync_runs where id = $1`, [run.id]).finally(() => reader.end())).rows[0] as { status: string; pages_done: number };
  expect(checkpoint.status).toBe('running');
  expect(checkpoint.pages_done).toBeLessThan(pages());
  await sim.admin.clearFaults();
  await sim.admin.resetRequests();

  second = await startConnectorsTestApp(DATABASE, ENV, { fresh: false });
  const done = await awaitRun(second, admin, connectionId, run.id, 60_000);
  expect(done.status).toBe('succeeded');
  expect(done.progress).toMatchObject({ pagesDone: pages(), recordsDone: total });
  // Only the pages after the checkpoint went upstream again: none before it, none twice.
  expect(await listRequests()).toBe(pages() - checkpoint.pages_done);
  const stored = await readAll(second, admin, connectionId, 'records/workOrder');
  expect(stored.map((record) => record.remote_id).sort()).toEqual((await sim.admin.records('mxwo')).map((record) => String(record.id)).sort());
}, 120_000);

it('stops on a revoked credential keeping its checkpoint, and the run after reconnecting resumes from it', async () => {
  const service = second as ConnectorsTestApp;
  await sim.admin.injectFault({ kind: 'latency', delayMs: 300, count: 100, pathPrefix: '/maximo/oslc/os/mxwo' });
  const run = await startSync(service, admin, connectionId, 'workOrder', 'full');
  await expectEventually(async () => expect((await committed(service, run.id)).pages_done).toBeGreaterThanOrEqual(2), { timeoutMs: 20_000, intervalMs: 50 });
  await sim.admin.revoke(maximo.credentialId);
  const stopped = await awaitRun(service, admin, connectionId, run.id);
  expect(stopped).toMatchObject({ status: 'stopped_auth', error: expect.stringContaining('auth_invalid') });
  const checkpoint = await committed(service, run.id);
  expect(checkpoint.cursor).not.toBeNull();
  expect(checkpoint.pages_done).toBeGreaterThanOrEqual(2);
  const connection = await service.http().get(`/api/v1/connections/${connectionId}`).set('Authorization', admin).expect(200);
  expect(connection.body.status).toBe('reauth_required');
  // Nothing goes upstream while the connection needs reauthorization: a new run stops at once.
  await sim.admin.clearFaults();

  const rotated = await sim.admin.rotate(maximo.credentialId);
  await sim.admin.reinstate(maximo.credentialId);
  const session = await service.http().post(`/api/v1/connections/${connectionId}/reauthorize`).set('Authorization', admin).expect(201);
  await service.http().post('/api/v1/connect').send({ session: session.body.token, credentials: maximo.credentials(rotated.secrets) }).expect(200);
  await sim.admin.resetRequests();

  const resumed = await startSync(service, admin, connectionId, 'workOrder', 'full');
  expect(resumed.resumedFrom).toBe(run.id);
  const done = await awaitRun(service, admin, connectionId, resumed.id);
  expect(done.status).toBe('succeeded');
  expect(done.progress).toMatchObject({ pagesDone: pages(), recordsDone: total, deleted: 0 });
  expect(await listRequests()).toBe(pages() - checkpoint.pages_done);
  const log = await service.http().get(`/api/v1/connections/${connectionId}/syncs`).set('Authorization', admin).expect(200);
  expect(log.body.items.map((item: { id: string; status: string }) => [item.id, item.status]).slice(0, 2)).toEqual([
    [resumed.id, 'succeeded'],
    [run.id, 'stopped_auth'],
  ]);
}, 120_000);
