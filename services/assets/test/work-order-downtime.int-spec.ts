import { randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DowntimeClosedSchema, DowntimeOpenedSchema, topicFor, WorkOrderCancelledSchema, WorkOrderCompletedSchema } from '@mate/contracts';
import { countAfterMarker, expectEventually, uniqueName } from '@mate/testing';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';
import { captureTopic, type TopicCapture } from './kafka-capture';
import { WorkOrderPublisher } from './work-order-publisher';

const HOUR = 3_600_000;

describe('assets service: downtime recorded on work orders', () => {
  const woTopic = uniqueName('mate.work-orders.test');
  const tenant = randomUUID();
  const now = Date.now();
  const ago = (hours: number) => new Date(now - hours * HOUR);
  let t: AssetsTestApp;
  let capture: TopicCapture;
  let publisher: WorkOrderPublisher;
  let planner: string;
  let assetId: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_wo_downtime', consumeTopic: woTopic });
    capture = await captureTopic(topicFor('assets'));
    publisher = await WorkOrderPublisher.connect(woTopic);
    planner = await t.token(tenant, ['planner'], 'planner-1');
    const site = (await t.http().post('/api/v1/locations').set(auth(planner)).send({ name: 'Site' })).body.id;
    assetId = (await t.http().post('/api/v1/assets').set(auth(planner)).send({ tag: 'CMP-1', name: 'Compressor', locationId: site })).body.id;
  });

  afterAll(async () => {
    await publisher.close();
    await capture.stop();
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const downtimes = async () => (await t.http().get(`/api/v1/assets/${assetId}/downtimes`).set(auth(planner))).body.items as Array<Record<string, unknown>>;
  const ofWorkOrder = async (workOrderId: string) => (await downtimes()).filter((d) => d.workOrderId === workOrderId);
  const availability = async () =>
    (await t.http().get(`/api/v1/assets/${assetId}/availability`).query({ from: ago(4).toISOString(), to: new Date(now).toISOString() }).set(auth(planner))).body;
  const openedEvents = (workOrderId: string) =>
    capture
      .ofTenant(tenant)
      .filter((m) => m.headers.ce_type === DowntimeOpenedSchema.typeName)
      .map((m) => fromBinary(DowntimeOpenedSchema, m.value))
      .filter((e) => e.workOrderId === workOrderId);

  it('applies a completion’s downtime once, merged with the intervals it overlaps, whatever the redeliveries', async () => {
    // Recorded through the API, overlapping the work order's downtime by half an hour.
    const recorded = await t.http().post(`/api/v1/assets/${assetId}/downtimes`).set(auth(planner)).send({ kind: 'unplanned', startedAt: ago(3).toISOString(), endedAt: ago(2).toISOString() });
    expect(recorded.status).toBe(201);

    const first = randomUUID();
    const completed = {
      workOrderId: first,
      number: 'WO-1',
      assetId,
      completedBy: 'tech-1',
      completedAt: timestampFromDate(ago(1.5)),
      downtime: { startedAt: timestampFromDate(ago(2.5)), endedAt: timestampFromDate(ago(1.5)), minutes: 60n, planned: false },
    };
    const eventId = await publisher.publish(WorkOrderCompletedSchema, tenant, first, completed);
    await publisher.publish(WorkOrderCompletedSchema, tenant, first, completed, eventId); // redelivery: same ce_id
    await publisher.publish(WorkOrderCompletedSchema, tenant, first, completed); // republished with a new id
    // The marker: another work order's completion behind the duplicates on their partition (same
    // key). Its downtime lands on the same asset, so its DowntimeOpened also follows theirs on the
    // assets topic's partition.
    const marker = randomUUID();
    const recordedForFirst = await countAfterMarker(
      {
        send: () =>
          publisher.publish(WorkOrderCompletedSchema, tenant, first, {
            workOrderId: marker,
            number: 'WO-2',
            assetId,
            completedAt: timestampFromDate(ago(0.5)),
            downtime: { startedAt: timestampFromDate(ago(1)), endedAt: timestampFromDate(ago(0.5)), minutes: 30n, planned: true },
          }),
        arrived: async () => {
          expect(await ofWorkOrder(marker)).toHaveLength(1);
          expect(openedEvents(marker)).toHaveLength(1);
        },
      },
      () => ofWorkOrder(first),
    );

    expect(recordedForFirst).toEqual([
      expect.objectContaining({ kind: 'unplanned', status: 'down', reason: 'work order WO-1', startedAt: ago(2.5).toISOString(), endedAt: ago(1.5).toISOString() }),
    ]);
    expect(await downtimes()).toHaveLength(3);
    expect(openedEvents(first)).toHaveLength(1);
    const closed = capture
      .ofTenant(tenant)
      .filter((m) => m.headers.ce_type === DowntimeClosedSchema.typeName)
      .map((m) => fromBinary(DowntimeClosedSchema, m.value))
      .filter((e) => e.workOrderId === first);
    expect(closed.map((e) => e.durationSeconds)).toEqual([3600n]);

    // [3h, 2h] ∪ [2.5h, 1.5h] ago is 1.5 h, not 2 h; the planned half hour of WO-2 stands apart.
    const figures = await availability();
    expect(figures).toMatchObject({ downtimeSeconds: 7200, unplannedDowntimeSeconds: 5400, plannedDowntimeSeconds: 1800 });
    expect(figures.mergedDowntime).toEqual([
      { start: ago(3).toISOString(), end: ago(1.5).toISOString() },
      { start: ago(1).toISOString(), end: ago(0.5).toISOString() },
    ]);

    // Reopened and completed again with a longer downtime: the work order's interval is corrected, not added.
    await publisher.publish(WorkOrderCompletedSchema, tenant, first, {
      ...completed,
      recompleted: true,
      downtime: { ...completed.downtime, endedAt: timestampFromDate(ago(1.25)) },
    });
    await expectEventually(async () => expect((await availability()).downtimeSeconds).toBe(8100));
    expect(await ofWorkOrder(first)).toEqual([expect.objectContaining({ endedAt: ago(1.25).toISOString() })]);
  });

  it('applies a cancelled work order’s downtime, ended at the cancellation when it was still open', async () => {
    const workOrderId = randomUUID();
    await publisher.publish(WorkOrderCancelledSchema, tenant, workOrderId, {
      workOrderId,
      number: 'WO-3',
      assetId,
      cancelledAt: timestampFromDate(ago(3.5)),
      downtime: { startedAt: timestampFromDate(ago(3.75)), planned: true },
    });
    await expectEventually(async () =>
      expect(await ofWorkOrder(workOrderId)).toEqual([
        expect.objectContaining({ kind: 'planned', status: 'maintenance', startedAt: ago(3.75).toISOString(), endedAt: ago(3.5).toISOString() }),
      ]),
    );
  });

  it('skips a downtime for an asset of another tenant: nothing is recorded there', async () => {
    const workOrderId = randomUUID();
    const stranger = randomUUID();
    await publisher.publish(WorkOrderCompletedSchema, stranger, workOrderId, {
      workOrderId,
      number: 'WO-4',
      assetId,
      completedAt: timestampFromDate(ago(0.2)),
      downtime: { startedAt: timestampFromDate(ago(0.3)), endedAt: timestampFromDate(ago(0.2)), planned: false },
    });
    // The marker: a downtime of this tenant behind it on the same partition.
    const marker = randomUUID();
    const { rows } = await countAfterMarker(
      {
        send: () =>
          publisher.publish(WorkOrderCompletedSchema, tenant, workOrderId, {
            workOrderId: marker,
            number: 'WO-5',
            assetId,
            completedAt: timestampFromDate(ago(0.1)),
            downtime: { startedAt: timestampFromDate(ago(0.15)), endedAt: timestampFromDate(ago(0.1)), planned: false },
          }),
        arrived: async () => expect(await ofWorkOrder(marker)).toHaveLength(1),
      },
      () => t.owner.query(`select count(*)::int as n from downtimes where work_order_id = $1`, [workOrderId]),
    );
    expect(rows[0].n).toBe(0);
  });
});
