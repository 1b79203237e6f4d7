import { randomUUID } from 'node:crypto';
import { create, fromBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AssetCreatedSchema,
  AssetDecommissionedSchema,
  AssetStatus,
  LocationCreatedSchema,
  LocationMovedSchema,
  PmChecklistItemKind,
  PmOccurrenceDueSchema,
  PmWorkPriority,
  PmWorkTemplateSchema,
  WorkOrderCreatedSchema,
  type PmOccurrenceDue,
} from '@mate/contracts';
import { headerText } from '@mate/messaging';
import { expectEventually, readTopic, testKafkaBrokers } from '@mate/testing';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import type { MessageInitShape } from '@bufbuild/protobuf';
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

interface ReadMessage {
  key?: string;
  type?: string;
  id?: string;
  value: Buffer | null;
}

/** Every message of a topic, read until it goes quiet. */
async function readMessages(topic: string, idleMs = 3_000): Promise<ReadMessage[]> {
  return (await readTopic(topic, { idleMs })).map(({ message }) => ({
    key: message.key?.toString(),
    type: headerText(message.headers, 'ce_type'),
    id: headerText(message.headers, 'ce_id'),
    value: message.value,
  }));
}

async function createdEventsOn(topic: string) {
  return (await readMessages(topic))
    .filter((message) => message.type === WorkOrderCreatedSchema.typeName && message.value)
    .map((message) => {
      const event = fromBinary(WorkOrderCreatedSchema, message.value as Buffer);
      return {
        key: message.key,
        workOrderId: event.workOrder?.workOrderId ?? '',
        sourceRef: event.workOrder?.sourceRef ?? '',
        planId: event.workOrder?.pm?.planId,
      };
    });
}

/** The partitions of `topic` each member of the work-orders consumer group owns (members without any left out). */
async function partitionsPerMember(topic: string): Promise<number[][]> {
  const admin = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups(['mate.work-orders']);
    return groups[0].members
      .map((member) => AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[topic] ?? [])
      .filter((partitions) => partitions.length > 0);
  } finally {
    await admin.disconnect();
  }
}

describe('work orders and events (real broker and database, two replicas)', () => {
  const tenant = randomUUID();
  let config: WorkOrdersConfig;
  let topics: TestTopics;
  let replicaA: WorkOrdersTestApp;
  let replicaB: WorkOrdersTestApp;
  const publisher = new TestPublisher();
  let plannerToken: string;

  const fastMessaging = {
    relay: { pollIntervalMs: 300, leaderRetryMs: 300 },
    retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
  };

  async function bothReady(): Promise<void> {
    for (const replica of [replicaA, replicaB]) {
      await expectEventually(async () => expect((await replica.http().get('/health/ready')).status).toBe(200), { timeoutMs: 60_000 });
    }
  }

  function occurrence(planId: string, occurrenceAt: Date, template: MessageInitShape<typeof PmWorkTemplateSchema> = {}): PmOccurrenceDue {
    return create(PmOccurrenceDueSchema, {
      planId,
      occurrenceId: `${planId}:${occurrenceAt.toISOString()}`,
      occurrenceAt: timestampFromDate(occurrenceAt),
      dueAt: timestampFromDate(new Date(occurrenceAt.getTime() + 2 * 86_400_000)),
      template: {
        title: 'Monthly lubrication',
        description: 'Grease all bearings',
        priority: PmWorkPriority.HIGH,
        estimatedDurationMinutes: 90,
        assigneeIds: ['tech-1'],
        teamId: 'mechanics',
        checklistItems: [
          { label: 'Grease bearings', kind: PmChecklistItemKind.SUB_TASK, required: true },
          { label: 'Vibration', kind: PmChecklistItemKind.NUMBER, min: '0', max: '4.5', unit: 'mm/s' },
        ],
        createFollowUpOnFailedInspection: true,
        ...template,
      },
    });
  }

  async function workOrdersOf(occurrenceId: string) {
    return ownerQuery<{ id: string; number: string; source: string; pm_plan_id: string; title: string; priority: string; assignee_ids: string[] }>(
      config,
      `select id, number, source, pm_plan_id, title, priority, assignee_ids from work_orders where tenant_id = $1 and source_ref = $2`,
      [tenant, occurrenceId],
    );
  }

  async function processed(eventId: string): Promise<boolean> {
    const rows = await ownerQuery(config, 'select 1 from mate_inbox where event_id = $1', [eventId]);
    return rows.length > 0;
  }

  beforeAll(async () => {
    config = await prepareTestConfig('events');
    topics = testTopics('events');
    await publisher.connect();
    replicaA = await startWorkOrders(config, { topics, messaging: fastMessaging });
    replicaB = await startWorkOrders(config, { topics, messaging: fastMessaging });
    await bothReady();
    plannerToken = await tokenFor(config)(tenant, ['planner'], 'planner-1');
  });

  afterAll(async () => {
    await replicaA?.close();
    await replicaB?.close();
    await publisher.disconnect();
  });

  it('creates exactly one work order per PM occurrence: redelivered, duplicated, on two replicas and after a restart', async () => {
    const planId = randomUUID();
    const due = occurrence(planId, new Date('2026-12-01T06:00:00Z'));
    const send = (id?: string, partition?: number) =>
      publisher.publish(topics.pmScheduling, PmOccurrenceDueSchema, due, { tenantId: tenant, subject: planId, id, partition });

    // Both replicas are members of the one consumer group, each owning partitions of the topic.
    const owned = await expectEventually(async () => {
      const partitions = await partitionsPerMember(topics.pmScheduling);
      expect(partitions).toHaveLength(2);
      return partitions;
    });

    // The same event twice (a redelivery: same ce_id), and the same occurrence in a new event (new
    // ce_id) on every partition, so each replica handles at least one copy.
    const first = await send();
    await send(first);
    const duplicates = await Promise.all(owned.flat().map((partition) => send(undefined, partition)));
    await expectEventually(async () => {
      for (const id of [first, ...duplicates]) expect(await processed(id)).toBe(true);
    });
    let rows = await workOrdersOf(due.occurrenceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'pm', pm_plan_id: planId, title: 'Monthly lubrication', priority: 'high', assignee_ids: ['tech-1'] });

    // A restart of one replica, then the occurrence once more.
    await replicaA.close();
    replicaA = await startWorkOrders(config, { topics, messaging: fastMessaging });
    await bothReady();
    const afterRestart = await send();
    await expectEventually(async () => expect(await processed(afterRestart)).toBe(true));
    rows = await workOrdersOf(due.occurrenceId);
    expect(rows).toHaveLength(1);

    // The work order is complete: checklist, due date, estimate; readable over HTTP.
    const workOrder = await replicaB.http().get(`/api/v1/work-orders/${rows[0].id}`).set('Authorization', `Bearer ${plannerToken}`);
    expect(workOrder.body).toMatchObject({
      type: 'preventive',
      source: 'pm',
      sourceRef: due.occurrenceId,
      pm: { planId, occurrenceId: due.occurrenceId },
      dueAt: '2026-12-03T06:00:00.000Z',
      plannedStartAt: '2026-12-01T06:00:00.000Z',
      estimatedDurationMinutes: 90,
      teamId: 'mechanics',
      followUpOnFailedInspection: true,
      createdBy: 'system:pm-scheduling',
    });
    const checklist = await replicaB.http().get(`/api/v1/work-orders/${rows[0].id}/checklist`).set('Authorization', `Bearer ${plannerToken}`);
    expect(checklist.body.items).toEqual([
      expect.objectContaining({ label: 'Grease bearings', kind: 'sub_task', required: true }),
      expect.objectContaining({ label: 'Vibration', kind: 'number', min: '0', max: '4.5', unit: 'mm/s' }),
    ]);

    // Reported back exactly once on the service's topic, keyed by the work order, with plan and occurrence.
    await expectEventually(async () => expect(await ownerQuery(config, 'select 1 from mate_outbox')).toHaveLength(0));
    const created = (await createdEventsOn(topics.own)).filter((event) => event.sourceRef === due.occurrenceId);
    expect(created).toEqual([{ key: rows[0].id, workOrderId: rows[0].id, sourceRef: due.occurrenceId, planId }]);
  });

  it('dead-letters a PM occurrence it can never accept instead of retrying forever', async () => {
    const bad = occurrence(randomUUID(), new Date('2026-12-02T06:00:00Z'), {
      title: 'Bad limits',
      checklistItems: [{ label: 'x', kind: PmChecklistItemKind.NUMBER, min: '9', max: '1' }],
    });
    const id = await publisher.publish(topics.pmScheduling, PmOccurrenceDueSchema, bad, { tenantId: tenant, subject: 'bad' });
    // A permanent failure: dead-lettered at once, nothing created.
    await expectEventually(async () => expect((await readMessages(`${topics.pmScheduling}.dlq`, 1_000)).map((m) => m.id)).toContain(id), {
      timeoutMs: 30_000,
    });
    expect(await workOrdersOf(bad.occurrenceId)).toHaveLength(0);
  });

  it('keeps the asset and location read model current from the assets service’s events', async () => {
    const site = randomUUID();
    const otherSite = randomUUID();
    const building = randomUUID();
    const assetId = randomUUID();
    const auth = { Authorization: `Bearer ${plannerToken}` };
    const send = <D extends Parameters<TestPublisher['publish']>[1]>(schema: D, init: Parameters<TestPublisher['publish']>[2], subject: string) =>
      publisher.publish(topics.assets, schema, init as never, { tenantId: tenant, subject, source: '/mate/assets' });

    await send(LocationCreatedSchema, { locationId: site, name: 'Site A', ancestorIds: [] }, site);
    await send(LocationCreatedSchema, { locationId: otherSite, name: 'Site B', ancestorIds: [] }, otherSite);
    await send(LocationCreatedSchema, { locationId: building, parentLocationId: site, name: 'Hall 1', ancestorIds: [site] }, building);
    await send(AssetCreatedSchema, { assetId, tag: 'CMP-7', name: 'Compressor', locationId: building, status: AssetStatus.OPERATIONAL, locationPathIds: [site, building] }, assetId);

    const created = await expectEventually(async () => {
      const response = await replicaA.http().post('/api/v1/work-orders').set(auth).send({ title: 'Check compressor', type: 'corrective', assetId });
      expect(response.status).toBe(201);
      return response.body as { id: string; locationId: string };
    });
    expect(created.locationId).toBe(building);
    const inSubtree = (locationId: string) =>
      replicaA.http().get(`/api/v1/work-orders?locationId=${locationId}`).set(auth).then((r) => (r.body.items as Array<{ id: string }>).map((wo) => wo.id));
    // The hall's LocationCreated has another key than the asset's events, so another partition (and
    // maybe the other replica): the work order can exist before the read model knows the hall's place.
    await expectEventually(async () => expect(await inSubtree(site)).toEqual([created.id]));

    // The hall moves to site B: its work is in B's subtree now.
    await send(LocationMovedSchema, { locationId: building, parentLocationId: otherSite, name: 'Hall 1', ancestorIds: [otherSite], previousParentLocationId: site, previousAncestorIds: [site] }, building);
    await expectEventually(async () => expect(await inSubtree(otherSite)).toEqual([created.id]));
    expect(await inSubtree(site)).toEqual([]);

    // Decommissioned: no new work, and no PM work either.
    await send(AssetDecommissionedSchema, { assetId, tag: 'CMP-7', name: 'Compressor', locationId: building, status: AssetStatus.DECOMMISSIONED, reason: 'scrapped' }, assetId);
    await expectEventually(async () => {
      const response = await replicaA.http().post('/api/v1/work-orders').set(auth).send({ title: 'Too late', type: 'corrective', assetId });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('WORK_ORDER_ASSET_DECOMMISSIONED');
    });
    const pm = occurrence(randomUUID(), new Date('2026-12-05T06:00:00Z'), { assetId });
    const eventId = await publisher.publish(topics.pmScheduling, PmOccurrenceDueSchema, pm, { tenantId: tenant, subject: pm.planId });
    await expectEventually(async () => expect(await processed(eventId)).toBe(true));
    expect(await workOrdersOf(pm.occurrenceId)).toHaveLength(0);
  });
});
