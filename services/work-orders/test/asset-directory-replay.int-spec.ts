import { randomUUID } from 'node:crypto';
import type { DescMessage, MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AssetCreatedSchema,
  AssetDecommissionedSchema,
  AssetDeletedSchema,
  AssetStatus,
  AssetStatusChangedSchema,
  AssetUpdatedSchema,
  LocationCreatedSchema,
  LocationDeletedSchema,
  LocationMovedSchema,
  LocationUpdatedSchema,
} from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import type { WorkOrdersConfig } from '../src/config/work-orders.config';
import {
  ownerQuery,
  prepareTestConfig,
  startWorkOrders,
  testTopics,
  tokenFor,
  TestPublisher,
  type TestTopics,
  type WorkOrdersTestApp,
} from './support/work-orders-test-app';

/**
 * The asset read model against late events (a dead letter replayed, a redelivery): an event older
 * than what the read model holds changes nothing, decommissioning stays terminal. Each event is
 * published once the previous one was processed, so the order is the one written here.
 */
describe('asset read model: older events arriving after newer ones (real broker and database)', () => {
  const tenant = randomUUID();
  let config: WorkOrdersConfig;
  let topics: TestTopics;
  let app: WorkOrdersTestApp;
  const publisher = new TestPublisher();
  let auth: { Authorization: string };

  /** Times at the assets service: minute `n` of a fixed day. */
  const at = (minute: number) => timestampFromDate(new Date(Date.UTC(2026, 10, 20, 8, minute)));

  async function send<D extends DescMessage>(schema: D, init: MessageInitShape<D>, subject: string): Promise<void> {
    const id = await publisher.publish(topics.assets, schema, init, { tenantId: tenant, subject, source: '/mate/assets' });
    await expectEventually(async () => expect(await ownerQuery(config, 'select 1 from mate_inbox where event_id = $1', [id])).toHaveLength(1));
  }

  async function asset(assetId: string) {
    const [row] = await ownerQuery<{ tag: string; name: string; location_id: string; status: string; location_path_ids: string[] }>(
      config,
      'select tag, name, location_id, status, location_path_ids from known_assets where tenant_id = $1 and asset_id = $2',
      [tenant, assetId],
    );
    return row;
  }

  async function location(locationId: string) {
    const [row] = await ownerQuery<{ name: string; parent_location_id: string | null; ancestor_ids: string[] }>(
      config,
      'select name, parent_location_id, ancestor_ids from known_locations where tenant_id = $1 and location_id = $2',
      [tenant, locationId],
    );
    return row;
  }

  async function locationOfWork(workOrderId: string): Promise<string | null> {
    const [row] = await ownerQuery<{ location_id: string | null }>(config, 'select location_id from work_orders where id = $1', [workOrderId]);
    return row.location_id;
  }

  beforeAll(async () => {
    config = await prepareTestConfig('asset-replay');
    topics = testTopics('asset-replay');
    await publisher.connect();
    app = await startWorkOrders(config, { topics, messaging: { relay: { pollIntervalMs: 300, leaderRetryMs: 300 } } });
    await expectEventually(async () => expect((await app.http().get('/health/ready')).status).toBe(200), { timeoutMs: 60_000 });
    auth = { Authorization: `Bearer ${await tokenFor(config)(tenant, ['planner'], 'planner-1')}` };
  });

  afterAll(async () => {
    await app?.close();
    await publisher.disconnect();
  });

  const siteA = randomUUID();
  const siteB = randomUUID();
  const hall = randomUUID();
  const room = randomUUID();

  it('ignores an older location event after a newer one, for the location and for its subtree', async () => {
    await send(LocationCreatedSchema, { locationId: siteA, name: 'Site A', ancestorIds: [], createdAt: at(0) }, siteA);
    await send(LocationCreatedSchema, { locationId: siteB, name: 'Site B', ancestorIds: [], createdAt: at(0) }, siteB);
    await send(LocationCreatedSchema, { locationId: hall, parentLocationId: siteA, name: 'Hall 1', ancestorIds: [siteA], createdAt: at(1) }, hall);
    await send(LocationCreatedSchema, { locationId: room, parentLocationId: hall, name: 'Room', ancestorIds: [siteA, hall], createdAt: at(1) }, room);

    // Newer: the hall is renamed (minute 3), then moved to site B (minute 5) with its room.
    await send(LocationUpdatedSchema, { locationId: hall, parentLocationId: siteA, name: 'Hall 1 north', ancestorIds: [siteA], updatedAt: at(3) }, hall);
    const moved = { locationId: hall, parentLocationId: siteB, name: 'Hall 1 north', ancestorIds: [siteB], previousParentLocationId: siteA, previousAncestorIds: [siteA] };
    await send(LocationMovedSchema, { ...moved, movedAt: at(5) }, hall);
    expect(await location(hall)).toEqual({ name: 'Hall 1 north', parent_location_id: siteB, ancestor_ids: [siteB] });
    expect(await location(room)).toMatchObject({ ancestor_ids: [siteB, hall] });

    // Older, arriving late: a rename from minute 2 and a move back to site A from minute 4.
    await send(LocationUpdatedSchema, { locationId: hall, parentLocationId: siteA, name: 'Hall 1 old', ancestorIds: [siteA], updatedAt: at(2) }, hall);
    await send(LocationMovedSchema, { ...moved, parentLocationId: siteA, ancestorIds: [siteA], previousParentLocationId: siteB, previousAncestorIds: [siteB], movedAt: at(4) }, hall);
    expect(await location(hall)).toEqual({ name: 'Hall 1 north', parent_location_id: siteB, ancestor_ids: [siteB] });
    expect(await location(room)).toMatchObject({ ancestor_ids: [siteB, hall] });

    // The room's own rename from minute 2 arrives after its hall moved (minute 5): the name is
    // newer than the room's, but the place in the tree it describes is older than the move.
    await send(LocationUpdatedSchema, { locationId: room, parentLocationId: hall, name: 'Room 1', ancestorIds: [siteA, hall], updatedAt: at(2) }, room);
    expect(await location(room)).toEqual({ name: 'Room 1', parent_location_id: hall, ancestor_ids: [siteB, hall] });
  });

  it('ignores an older asset event after a newer one; decommissioned stays decommissioned', async () => {
    const assetId = randomUUID();
    const described = { assetId, tag: 'P-101', locationPathIds: [] as string[] };
    await send(AssetCreatedSchema, { ...described, name: 'Pump', locationId: room, status: AssetStatus.OPERATIONAL, createdAt: at(10) }, assetId);
    const created = await app.http().post('/api/v1/work-orders').set(auth).send({ title: 'Check the pump', type: 'corrective', assetId });
    expect(created.status).toBe(201);
    const workOrderId = (created.body as { id: string }).id;
    expect(await locationOfWork(workOrderId)).toBe(room);

    // Newer: renamed and moved to site B (minute 20); its active work follows it.
    await send(AssetUpdatedSchema, { ...described, name: 'Pump 2', locationId: siteB, status: AssetStatus.OPERATIONAL, updatedAt: at(20) }, assetId);
    expect(await asset(assetId)).toMatchObject({ name: 'Pump 2', location_id: siteB, status: 'operational' });
    expect(await locationOfWork(workOrderId)).toBe(siteB);

    // Older (minute 15), replayed late: neither the name nor the location goes back, nor the work.
    await send(AssetUpdatedSchema, { ...described, name: 'Pump old', locationId: room, status: AssetStatus.OPERATIONAL, updatedAt: at(15) }, assetId);
    expect(await asset(assetId)).toMatchObject({ name: 'Pump 2', location_id: siteB, status: 'operational' });
    expect(await locationOfWork(workOrderId)).toBe(siteB);

    // A status change recorded after the rename but back-dated before it (minute 18) is newer
    // than every status before it: it applies.
    await send(AssetStatusChangedSchema, { ...described, name: 'Pump 2', locationId: siteB, status: AssetStatus.DOWN, previousStatus: AssetStatus.OPERATIONAL, changedAt: at(18) }, assetId);
    expect(await asset(assetId)).toMatchObject({ name: 'Pump 2', status: 'down' });
    // An older status change (minute 17) does not.
    await send(AssetStatusChangedSchema, { ...described, name: 'Pump 2', locationId: siteB, status: AssetStatus.STANDBY, changedAt: at(17) }, assetId);
    expect(await asset(assetId)).toMatchObject({ status: 'down' });

    // Decommissioned (minute 30); then older events of every kind arrive, and a newer status change.
    await send(AssetDecommissionedSchema, { ...described, name: 'Pump 2', locationId: siteB, status: AssetStatus.DECOMMISSIONED, decommissionedAt: at(30) }, assetId);
    await send(AssetStatusChangedSchema, { ...described, name: 'Pump 2', locationId: siteB, status: AssetStatus.OPERATIONAL, changedAt: at(25) }, assetId);
    await send(AssetUpdatedSchema, { ...described, name: 'Pump 2b', locationId: room, status: AssetStatus.OPERATIONAL, updatedAt: at(19) }, assetId);
    await send(AssetCreatedSchema, { ...described, name: 'Pump', locationId: room, status: AssetStatus.OPERATIONAL, createdAt: at(10) }, assetId);
    await send(AssetStatusChangedSchema, { ...described, name: 'Pump 2', locationId: siteB, status: AssetStatus.OPERATIONAL, changedAt: at(40) }, assetId);
    expect(await asset(assetId)).toMatchObject({ name: 'Pump 2', location_id: siteB, status: 'decommissioned' });
    expect(await locationOfWork(workOrderId)).toBe(siteB);
    const refused = await app.http().post('/api/v1/work-orders').set(auth).send({ title: 'Too late', type: 'corrective', assetId });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('WORK_ORDER_ASSET_DECOMMISSIONED');

    // A newer register edit (minute 35, e.g. a custom field removed) still applies: only the status is frozen.
    await send(AssetUpdatedSchema, { ...described, name: 'Pump 2 (scrapped)', locationId: siteB, status: AssetStatus.DECOMMISSIONED, updatedAt: at(35) }, assetId);
    expect(await asset(assetId)).toMatchObject({ name: 'Pump 2 (scrapped)', status: 'decommissioned' });
  });

  it('takes an asset first seen through a status change, then orders what follows', async () => {
    const assetId = randomUUID();
    const described = { assetId, tag: 'F-7', locationPathIds: [] as string[] };
    // Its AssetCreated comes late (a dead letter replayed): the status change is what we know first.
    await send(AssetStatusChangedSchema, { ...described, name: 'Fan', locationId: hall, status: AssetStatus.DOWN, previousStatus: AssetStatus.OPERATIONAL, changedAt: at(12) }, assetId);
    expect(await asset(assetId)).toMatchObject({ tag: 'F-7', name: 'Fan', location_id: hall, status: 'down' });

    // The creation's initial status is older than any status change: it does not apply.
    await send(AssetCreatedSchema, { ...described, name: 'Fan', locationId: hall, status: AssetStatus.OPERATIONAL, createdAt: at(10) }, assetId);
    expect(await asset(assetId)).toMatchObject({ name: 'Fan', status: 'down' });

    // Register edits are ordered among themselves from there.
    await send(AssetUpdatedSchema, { ...described, name: 'Fan 2', locationId: hall, status: AssetStatus.DOWN, updatedAt: at(14) }, assetId);
    await send(AssetUpdatedSchema, { ...described, name: 'Fan 1', locationId: hall, status: AssetStatus.OPERATIONAL, updatedAt: at(13) }, assetId);
    expect(await asset(assetId)).toMatchObject({ name: 'Fan 2', status: 'down' });

    // An asset first seen through its decommissioning stays decommissioned whatever comes next.
    const scrapped = randomUUID();
    await send(AssetDecommissionedSchema, { assetId: scrapped, tag: 'S-1', name: 'Saw', locationId: hall, status: AssetStatus.DECOMMISSIONED, decommissionedAt: at(50) }, scrapped);
    await send(AssetCreatedSchema, { assetId: scrapped, tag: 'S-1', name: 'Saw', locationId: hall, status: AssetStatus.OPERATIONAL, createdAt: at(5) }, scrapped);
    await send(AssetStatusChangedSchema, { assetId: scrapped, tag: 'S-1', name: 'Saw', locationId: hall, status: AssetStatus.STANDBY, changedAt: at(20) }, scrapped);
    expect(await asset(scrapped)).toMatchObject({ name: 'Saw', status: 'decommissioned' });
  });

  it('keeps a deleted asset or location deleted: new work does not see it, late events do not bring it back', async () => {
    const shed = randomUUID();
    const assetId = randomUUID();
    const described = { assetId, tag: 'C-9', locationPathIds: [] as string[] };
    await send(LocationCreatedSchema, { locationId: shed, parentLocationId: siteA, name: 'Shed', ancestorIds: [siteA], createdAt: at(60) }, shed);
    await send(AssetCreatedSchema, { ...described, name: 'Compressor', locationId: shed, status: AssetStatus.OPERATIONAL, createdAt: at(60) }, assetId);
    const raised = await app.http().post('/api/v1/work-orders').set(auth).send({ title: 'Service it', type: 'corrective', assetId });
    expect(raised.status).toBe(201);

    await send(AssetDeletedSchema, { assetId, tag: 'C-9', locationId: shed, deletedAt: at(70), deletedBy: 'admin-1' }, assetId);
    await send(LocationDeletedSchema, { locationId: shed, name: 'Shed', parentId: siteA, deletedAt: at(71), deletedBy: 'admin-1' }, shed);
    // Late events of both, newer and older than the deletion: the tombstones stay.
    await send(AssetUpdatedSchema, { ...described, name: 'Compressor 2', locationId: shed, status: AssetStatus.OPERATIONAL, updatedAt: at(80) }, assetId);
    await send(AssetStatusChangedSchema, { ...described, name: 'Compressor', locationId: shed, status: AssetStatus.DOWN, changedAt: at(65) }, assetId);
    await send(LocationUpdatedSchema, { locationId: shed, parentLocationId: siteA, name: 'Shed 2', ancestorIds: [siteA], updatedAt: at(80) }, shed);
    expect(await asset(assetId)).toMatchObject({ name: 'Compressor', status: 'operational' });
    expect(await location(shed)).toMatchObject({ name: 'Shed' });

    const onAsset = await app.http().post('/api/v1/work-orders').set(auth).send({ title: 'Too late', type: 'corrective', assetId });
    expect(onAsset.status).toBe(422);
    expect(onAsset.body.code).toBe('WORK_ORDER_UNKNOWN_ASSET');
    const atLocation = await app.http().post('/api/v1/work-orders').set(auth).send({ title: 'Too late', type: 'corrective', locationId: shed });
    expect(atLocation.status).toBe(422);
    expect(atLocation.body.code).toBe('WORK_ORDER_UNKNOWN_LOCATION');
    // The work raised before the deletion keeps its asset (history).
    const kept = await app.http().get(`/api/v1/work-orders/${(raised.body as { id: string }).id}`).set(auth);
    expect(kept.body).toMatchObject({ assetId });

    // A deletion seen before anything else about the asset is a tombstone too.
    const ghost = randomUUID();
    await send(AssetDeletedSchema, { assetId: ghost, tag: 'G-1', deletedAt: at(90) }, ghost);
    await send(AssetCreatedSchema, { assetId: ghost, tag: 'G-1', name: 'Ghost', locationId: siteA, status: AssetStatus.OPERATIONAL, locationPathIds: [], createdAt: at(85) }, ghost);
    const onGhost = await app.http().post('/api/v1/work-orders').set(auth).send({ title: 'Boo', type: 'corrective', assetId: ghost });
    expect(onGhost.status).toBe(422);
  });
});
