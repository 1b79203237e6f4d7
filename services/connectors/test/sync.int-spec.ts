/**
 * Sync against each real simulator, PostgreSQL and Kafka: a full then an incremental sync of the
 * seeded work orders matches the simulator (a record changed, one added, one deleted upstream
 * between the runs, through the simulator's admin API); deletes are found by the entity's declared
 * strategy (in the incremental run where the system flags deletes or is scanned in full, by the
 * next full run's generation compare where it only filters by modification time); the read API
 * pages the store; RecordUpserted/RecordDeleted reach the topic. Then, per system, a custom field
 * the simulator seeds on a standard entity and its customer-defined table, configured in the
 * connection's settings, sync in full and incrementally (a field and a row changed, a row added,
 * a row deleted upstream) and the store matches the simulator.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { readTopic, uniqueName } from '@mate/testing';
import { MAPPINGS } from '../src/unified';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';
import { SYNC_CASES, awaitRun, connectTenant, readAll, startSync } from './sync-support';

const TOPIC = uniqueName('mate.connectors-sync-test');
let service: ConnectorsTestApp;

beforeAll(async () => {
  service = await startConnectorsTestApp(
    'mate_connectors_sync_test',
    { CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}`, CONNECTORS_SYNC_PAGE_SIZE: '2', CONNECTORS_SYNC_WATERMARK_OVERLAP_SECONDS: '0' },
    { fresh: true, topic: TOPIC },
  );
});

afterAll(async () => {
  await service?.close();
});

describe.each(SYNC_CASES)('$system: full, then incremental sync of work orders', (kase) => {
  const mapping = MAPPINGS[kase.system].entities.workOrder;
  const titleField = mapping.fields.find((field) => field.unified === 'title')?.remote ?? mapping.fields[0]?.remote ?? 'description';
  let sim: RunningSimulator;
  let admin: string;
  let connectionId: string;
  let initialCount = 0;

  /** The simulator's work orders the API shows: id → deleted. */
  async function upstream(): Promise<Map<string, boolean>> {
    const records = await sim.admin.records(mapping.collection);
    return new Map(
      records
        .filter((record) => !record.deleted || mapping.deletedField !== undefined)
        .filter((record) => Object.entries(mapping.filter ?? {}).every(([key, value]) => record.fields[key] === value))
        .map((record) => [String(record.id), record.deleted]),
    );
  }

  beforeAll(async () => {
    sim = await startSimulator(kase.system, { rateLimit: null });
    ({ admin, connectionId } = await connectTenant(service, sim, kase));
    await sim.admin.seed(mapping.collection, [{ ...mapping.filter, [titleField]: 'Seeded for sync A', sync_tag: 'tag-A' }, { ...mapping.filter, [titleField]: 'Seeded for sync B' }]);
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('a full sync stores every work order the simulator shows, page by page', async () => {
    const run = await awaitRun(service, admin, connectionId, (await startSync(service, admin, connectionId, 'workOrder', 'full')).id);
    const expected = await upstream();
    initialCount = expected.size;
    expect(run).toMatchObject({ status: 'succeeded', scan: 'full_scan' });
    expect(run.progress.recordsDone).toBe(expected.size);
    expect(run.progress.pagesDone).toBeGreaterThanOrEqual(Math.ceil(expected.size / 2));
    const stored = await readAll(service, admin, connectionId, 'records/workOrder');
    expect(stored.map((record) => record.remote_id).sort()).toEqual([...expected.keys()].sort());
    for (const record of stored) expect(record).toMatchObject({ remote_deleted: expected.get(String(record.remote_id)) ?? false, remote_data: expect.any(Object), custom_fields: expect.any(Object) });
  });

  it('shows a custom field configured after the sync on the next read of the store, with no request upstream', async () => {
    const settings = { customFields: { workOrder: [{ remote: 'sync_tag', unified: 'syncTag', type: 'string' }] }, customObjects: [] };
    await service.http().put(`/api/v1/connections/${connectionId}/unified-settings`).set('Authorization', admin).send(settings).expect(200);
    await sim.admin.resetRequests();
    const stored = await readAll(service, admin, connectionId, 'records/workOrder');
    const tagged = stored.filter((record) => (record.custom_fields as Record<string, unknown>).syncTag === 'tag-A');
    expect(tagged).toHaveLength(1);
    expect(stored.every((record) => 'syncTag' in (record.custom_fields as Record<string, unknown>))).toBe(true);
    expect((await sim.admin.requests()).total).toBe(0);
  });

  it('an incremental sync brings a change, an addition and (by the declared strategy) a delete; a full sync finds the delete in any case', async () => {
    const [first, second] = [...(await upstream()).keys()];
    await sim.admin.change(mapping.collection, Number(first), { [titleField]: 'Changed upstream' });
    const [added] = await sim.admin.seed(mapping.collection, [{ ...mapping.filter, [titleField]: 'Added upstream' }]);
    await sim.admin.softDelete(mapping.collection, Number(second));

    const incremental = await awaitRun(service, admin, connectionId, (await startSync(service, admin, connectionId, 'workOrder', 'incremental')).id);
    expect(incremental.status).toBe('succeeded');
    expect(incremental.scan).toBe(mapping.sync.incremental);
    // A filtered listing reads only what changed since the full run: the change, the addition (and a flagged delete).
    if (mapping.sync.incremental === 'modified_since') expect(incremental.progress.recordsDone).toBeLessThanOrEqual(3);
    const read = async (id: string) => (await service.http().get(`/api/v1/connections/${connectionId}/records/workOrder/${id}`).set('Authorization', admin).expect(200)).body;
    expect(JSON.stringify(await read(String(first)))).toContain('Changed upstream');
    expect(await read(String(added?.id))).toMatchObject({ remote_id: String(added?.id), remote_deleted: false });
    const deleteSeenIncrementally = mapping.sync.deletes === 'deleted_flag' || mapping.sync.incremental === 'full_scan';
    expect((await read(String(second))).remote_deleted).toBe(deleteSeenIncrementally);

    const full = await awaitRun(service, admin, connectionId, (await startSync(service, admin, connectionId, 'workOrder', 'full')).id);
    expect(full.status).toBe('succeeded');
    expect(full.progress.deleted).toBe(deleteSeenIncrementally ? 0 : 1);
    expect((await read(String(second))).remote_deleted).toBe(true);
    const stored = await readAll(service, admin, connectionId, 'records/workOrder');
    const expected = await upstream();
    const live = stored.filter((record) => record.remote_deleted === false).map((record) => String(record.remote_id)).sort();
    expect(live).toEqual([...expected.entries()].filter(([, deleted]) => !deleted).map(([id]) => id).sort());
  });

  it('published RecordUpserted for each new or changed record and one RecordDeleted, keyed by the record', async () => {
    const messages = (await readTopic(TOPIC, { idleMs: 1_500 })).filter(({ message }) => message.key?.toString().startsWith(`${connectionId}/workOrder/`));
    const types = messages.map(({ message }) => message.headers?.['ce_type']?.toString());
    expect(types.filter((type) => type === 'mate.connectors.v1.RecordDeleted')).toHaveLength(1);
    // full: every record once; incremental: the change and the addition; the last full: nothing unchanged again.
    const upserts = types.filter((type) => type === 'mate.connectors.v1.RecordUpserted').length;
    expect(upserts).toBe(initialCount + 2);
  });

  it('syncs a custom field and a custom table configured on the connection: full, then incremental after changes upstream, matching the simulator', async () => {
    const { customField: field, customTable: table } = kase;
    const fieldMapping = MAPPINGS[kase.system].entities[field.entity];
    const settings = {
      customFields: { [field.entity]: [{ remote: field.remote, unified: 'custom', type: 'string' }] },
      customObjects: [
        {
          name: 'calibration',
          remote: table.remote,
          idField: table.idField,
          modifiedField: table.modifiedField,
          ...(table.deletedFlag ? { deletedField: table.deletedFlag } : {}),
          fields: [{ remote: table.resultField, unified: 'result', type: 'string' }],
        },
      ],
    };
    const saved = await service.http().put(`/api/v1/connections/${connectionId}/unified-settings`).set('Authorization', admin).send(settings).expect(200);
    expect(saved.body.validation.problems).toEqual([]);
    // Deleted rows stay listed with a flag where the table has one (SAP, declared as the object's deletedField); elsewhere they disappear.
    const upstreamRows = async () =>
      (await sim.admin.records(table.remote)).filter((record) => !record.deleted).map((record) => [String(record.id), record.fields[table.resultField]]).sort();
    const storedRows = async () => (await readAll(service, admin, connectionId, 'custom-objects/calibration')).filter((record) => record.remote_deleted === false).map((record) => [record.remote_id, record.result]).sort();
    const upstreamValues = async () =>
      (await sim.admin.records(fieldMapping.collection))
        .filter((record) => !record.deleted && Object.entries(fieldMapping.filter ?? {}).every(([key, value]) => record.fields[key] === value))
        .map((record) => [String(record.id), field.read(record.fields) ?? null])
        .sort();
    const storedValues = async () =>
      (await readAll(service, admin, connectionId, `records/${field.entity}`)).filter((record) => record.remote_deleted === false).map((record) => [record.remote_id, (record.custom_fields as Record<string, unknown>).custom]).sort();
    const sync = async (entity: string, mode: 'full' | 'incremental') => awaitRun(service, admin, connectionId, (await startSync(service, admin, connectionId, entity, mode)).id);

    await sim.admin.seed(table.remote, [{ [table.resultField]: 'FAIL' }]);
    expect((await sync(field.entity, 'full')).status).toBe('succeeded');
    expect(await sync('custom:calibration', 'full')).toMatchObject({ status: 'succeeded', scan: 'full_scan' });
    const seededValues = await upstreamValues();
    expect(seededValues.some(([, value]) => value !== null)).toBe(true);
    expect(await storedValues()).toEqual(seededValues);
    expect(await storedRows()).toEqual(await upstreamRows());

    const [withField] = (await sim.admin.records(fieldMapping.collection)).filter((record) => !record.deleted && field.read(record.fields) !== undefined);
    await sim.admin.change(fieldMapping.collection, Number(withField?.id), field.write('Changed upstream'));
    const [changedRow, deletedRow] = (await sim.admin.records(table.remote)).filter((record) => !record.deleted);
    await sim.admin.change(table.remote, Number(changedRow?.id), { [table.resultField]: 'RETEST' });
    await sim.admin.softDelete(table.remote, Number(deletedRow?.id));
    const [addedRow] = await sim.admin.seed(table.remote, [{ [table.resultField]: 'PASS' }]);

    expect(await sync(field.entity, 'incremental')).toMatchObject({ status: 'succeeded', scan: fieldMapping.sync.incremental });
    const incremental = await sync('custom:calibration', 'incremental');
    // A custom table is scanned in full: the row gone upstream (or flagged, SAP) is found deleted in this run.
    expect(incremental).toMatchObject({ status: 'succeeded', scan: 'full_scan', progress: expect.objectContaining({ upserted: 2, deleted: 1 }) });
    const values = await storedValues();
    expect(values).toEqual(await upstreamValues());
    expect(values).toContainEqual([String(withField?.id), 'Changed upstream']);
    const rows = await storedRows();
    expect(rows).toEqual(await upstreamRows());
    expect(rows).toEqual(expect.arrayContaining([[String(changedRow?.id), 'RETEST'], [String(addedRow?.id), 'PASS']]));
    const gone = (await readAll(service, admin, connectionId, 'custom-objects/calibration')).find((record) => record.remote_id === String(deletedRow?.id));
    expect(gone).toMatchObject({ remote_deleted: true });
  });

  it('answers 422 naming the entity, 400 naming page_size and cursor, and 404 for another tenant, without a request upstream', async () => {
    await sim.admin.resetRequests();
    const unknown = await service.http().get(`/api/v1/connections/${connectionId}/records/gadget`).set('Authorization', admin).expect(422);
    expect(unknown.body.errors).toEqual([{ field: 'entity', message: expect.stringContaining('workOrder') }]);
    const oversized = await service.http().get(`/api/v1/connections/${connectionId}/records/workOrder?page_size=500`).set('Authorization', admin).expect(400);
    expect(oversized.body.errors).toEqual([expect.objectContaining({ field: 'page_size' })]);
    const forged = await service.http().get(`/api/v1/connections/${connectionId}/records/workOrder?cursor=bm90LWpzb24`).set('Authorization', admin).expect(400);
    expect(forged.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    const badSync = await service.http().post(`/api/v1/connections/${connectionId}/syncs`).set('Authorization', admin).send({ entity: 'gadget', mode: 'full' }).expect(400);
    expect(badSync.body.errors).toEqual([expect.objectContaining({ field: 'entity' })]);
    const stranger = `Bearer ${await service.token('00000000-0000-4000-8000-000000000001', ['admin'])}`;
    await service.http().get(`/api/v1/connections/${connectionId}/records/workOrder`).set('Authorization', stranger).expect(404);
    await service.http().get(`/api/v1/connections/${connectionId}/syncs`).set('Authorization', stranger).expect(404);
    await service.http().post(`/api/v1/connections/${connectionId}/syncs`).set('Authorization', stranger).send({ entity: 'workOrder', mode: 'full' }).expect(404);
    expect((await sim.admin.requests()).total).toBe(0);
  });
});
