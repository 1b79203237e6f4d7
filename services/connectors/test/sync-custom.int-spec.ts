/**
 * Custom fields and a custom table through the sync, against the Maximo simulator and PostgreSQL:
 * a custom field configured after a sync shows on the next read of the store with no resync and no
 * request upstream; a custom table (custom object) syncs in full, then incrementally (a full scan
 * compared by generation: an added and a deleted row), and reads at /custom-objects/{name}. A
 * schedule per connection × entity starts its run from the recurring schedule round.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { expectEventually } from '@mate/testing';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';
import { SYNC_CASES, awaitRun, connectTenant, readAll, startSync } from './sync-support';

const maximo = SYNC_CASES.find((kase) => kase.system === 'maximo') ?? SYNC_CASES[0];
let service: ConnectorsTestApp;
let sim: RunningSimulator;
let admin: string;
let connectionId: string;

const SETTINGS = {
  customFields: { workOrder: [{ remote: 'cust_safetyclass', unified: 'safety', type: 'string' }] },
  customObjects: [{ name: 'calibration', remote: 'custcalibration', idField: 'calibrationid', modifiedField: 'changedate', fields: [{ remote: 'result', unified: 'result', type: 'string' }] }],
};

beforeAll(async () => {
  service = await startConnectorsTestApp('mate_connectors_sync_custom_test', {
    CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}`,
    CONNECTORS_SYNC_PAGE_SIZE: '2',
    CONNECTORS_SYNC_SCHEDULE_ROUND_SECONDS: '1',
  });
  sim = await startSimulator('maximo', { rateLimit: null });
  ({ admin, connectionId } = await connectTenant(service, sim, maximo));
});

afterAll(async () => {
  await service?.close();
  await sim?.close();
});

it('shows a custom field configured after the sync on the next read, without a resync or a request upstream', async () => {
  expect((await awaitRun(service, admin, connectionId, (await startSync(service, admin, connectionId, 'workOrder', 'full')).id)).status).toBe('succeeded');
  const [withClass] = (await sim.admin.records('mxwo')).filter((record) => record.fields.cust_safetyclass === 'B');
  const path = `/api/v1/connections/${connectionId}/records/workOrder/${withClass?.id}`;
  expect((await service.http().get(path).set('Authorization', admin).expect(200)).body.custom_fields).toEqual({});

  await service.http().put(`/api/v1/connections/${connectionId}/unified-settings`).set('Authorization', admin).send(SETTINGS).expect(200);
  await sim.admin.resetRequests();
  const after = await service.http().get(path).set('Authorization', admin).expect(200);
  expect(after.body.custom_fields).toEqual({ safety: 'B' });
  expect((await sim.admin.requests()).total).toBe(0);
});

it('syncs a custom table as a custom object: full, then an added and a deleted row found by the next run', async () => {
  await sim.admin.seed('custcalibration', [{ calibrationnum: 'CAL-2', assetnum: '11450', result: 'FAIL' }, { calibrationnum: 'CAL-3', assetnum: '11200', result: 'PASS' }]);
  const full = await awaitRun(service, admin, connectionId, (await startSync(service, admin, connectionId, 'custom:calibration', 'full')).id);
  expect(full).toMatchObject({ status: 'succeeded', scan: 'full_scan' });
  const upstream = await sim.admin.records('custcalibration');
  const stored = await readAll(service, admin, connectionId, 'custom-objects/calibration');
  expect(stored.map((record) => [record.remote_id, record.result]).sort()).toEqual(upstream.map((record) => [String(record.id), record.fields.result]).sort());

  const [gone] = upstream;
  await sim.admin.softDelete('custcalibration', Number(gone?.id));
  const [added] = await sim.admin.seed('custcalibration', [{ calibrationnum: 'CAL-4', assetnum: '11430', result: 'PASS' }]);
  const incremental = await awaitRun(service, admin, connectionId, (await startSync(service, admin, connectionId, 'custom:calibration', 'incremental')).id);
  expect(incremental).toMatchObject({ status: 'succeeded', scan: 'full_scan', progress: expect.objectContaining({ upserted: 1, deleted: 1 }) });
  const now = await readAll(service, admin, connectionId, 'custom-objects/calibration');
  expect(now.find((record) => record.remote_id === String(gone?.id))).toMatchObject({ remote_deleted: true });
  expect(now.find((record) => record.remote_id === String(added?.id))).toMatchObject({ remote_deleted: false, result: 'PASS' });

  const unknown = await service.http().get(`/api/v1/connections/${connectionId}/custom-objects/meters`).set('Authorization', admin).expect(422);
  expect(unknown.body.errors).toEqual([{ field: 'name', message: expect.stringContaining('calibration') }]);
});

it('runs a scheduled sync from the schedule round, and moves the schedule on by its interval', async () => {
  await service.http().put(`/api/v1/connections/${connectionId}/sync-schedules/gadget`).set('Authorization', admin).send({ mode: 'full', intervalSeconds: 3600 }).expect(422);
  const put = await service.http().put(`/api/v1/connections/${connectionId}/sync-schedules/asset`).set('Authorization', admin).send({ mode: 'incremental', intervalSeconds: 3600 }).expect(200);
  expect(put.body).toMatchObject({ entity: 'asset', mode: 'incremental', intervalSeconds: 3600 });
  let scheduled: { id: string; status: string } | undefined;
  await expectEventually(
    async () => {
      const log = await service.http().get(`/api/v1/connections/${connectionId}/syncs`).set('Authorization', admin).expect(200);
      scheduled = log.body.items.find((item: { entity: string; trigger: string }) => item.entity === 'asset' && item.trigger === 'schedule');
      expect(scheduled?.status).toBe('succeeded');
    },
    { timeoutMs: 20_000, intervalMs: 250 },
  );
  const assets = await readAll(service, admin, connectionId, 'records/asset');
  expect(assets.map((record) => record.remote_id).sort()).toEqual((await sim.admin.records('mxasset')).map((record) => String(record.id)).sort());
  const [schedule] = (await service.http().get(`/api/v1/connections/${connectionId}/sync-schedules`).set('Authorization', admin).expect(200)).body;
  expect(new Date(schedule.nextRunAt).getTime()).toBeGreaterThan(Date.now() + 3_500_000);
});

it('exports sync progress on /metrics per system and entity: pages, records by outcome, runs by status', async () => {
  const metrics = (await service.http().get('/metrics').expect(200)).text;
  expect(metrics).toMatch(/^mate_connector_sync_pages_total\{system="maximo",entity="asset",otel_scope_name="mate\.connectors\.sync"\} [1-9]\d*$/m);
  expect(metrics).toMatch(/^mate_connector_sync_records_total\{system="maximo",entity="custom",outcome="deleted",otel_scope_name="mate\.connectors\.sync"\} 1$/m);
  expect(metrics).toMatch(/^mate_connector_sync_runs_total\{system="maximo",entity="workOrder",status="succeeded",otel_scope_name="mate\.connectors\.sync"\} 1$/m);
  expect(metrics).not.toContain(connectionId);
});
