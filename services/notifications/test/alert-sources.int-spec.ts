import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  PartBelowReorderPointSchema,
  PartStockChangedSchema,
  PmOccurrencesMissedSchema,
  topicFor,
  WorkOrderAssignedSchema,
  WorkOrderCompletedSchema,
  WorkOrderOverdueSchema,
  WorkRequestApprovedSchema,
  WorkRequestRejectedSchema,
  WorkRequestSubmittedSchema,
} from '@mate/contracts';
import { countAfterMarker, expectEventually, uniqueName } from '@mate/testing';
import request from 'supertest';
import { readAlertStream } from './alert-stream-reader';
import { startSmtpReceiver, type SmtpReceiver } from './loopback-receivers';
import { startNotificationsTestApp, type NotificationsTestApp } from './notifications-test-app';
import { SourceEventPublisher } from './source-event-publisher';

interface AlertRow {
  id: string;
  type: string;
  status: string;
  recipient_user_id: string | null;
  occurrence_count: number;
  resolved_by: string | null;
  event_ids: string[];
}

/**
 * The other services' events, published on (per-run copies of) their topics, become alerts in
 * the consuming service: personal ones for assignees and requesters, seen only by them, and the
 * tenant's for stock and PM. Real Kafka, PostgreSQL and a loopback SMTP server.
 */
describe('alert sources: work orders, work requests, stock, PM, dead letters (Kafka, PostgreSQL, SMTP)', () => {
  const tenant = randomUUID();
  const operations = randomUUID();
  const topics = {
    workOrders: uniqueName('mate.work-orders.test'),
    assets: uniqueName('mate.assets.test'),
    pm: uniqueName('mate.pm-scheduling.test'),
  };
  let smtp: SmtpReceiver;
  let test: NotificationsTestApp;
  let publisher: SourceEventPublisher;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    test = await startNotificationsTestApp(
      'mate_notifications_sources_test',
      { ...smtp.env, DELIVERY_SWEEP_INTERVAL_MS: '500', OPERATIONS_TENANT_ID: operations, DEAD_LETTER_CHECK_INTERVAL_MS: '1000' },
      { topics: { [topicFor('work-orders')]: topics.workOrders, [topicFor('assets')]: topics.assets, [topicFor('pm-scheduling')]: topics.pm } },
    );
    publisher = await SourceEventPublisher.connect();
  });

  afterAll(async () => {
    await publisher?.close();
    await test?.app.close();
    await smtp?.close();
  });

  const http = () => request(test.app.getHttpServer());
  const alertsOf = (subjectId: string): Promise<AlertRow[]> =>
    test.inTenant(tenant, (manager) =>
      manager.query(
        `select id, type, status, recipient_user_id, occurrence_count, resolved_by, event_ids from alerts where subject_id = $1 order by type, recipient_user_id nulls first, dedupe_key`,
        [subjectId],
      ),
    );
  const inboxOf = async (user: string): Promise<Array<{ id: string; type: string; recipientUserId: string | null; subject: { id: string } }>> =>
    (await http().get('/api/v1/alerts').set('Authorization', `Bearer ${await test.userToken(tenant, user)}`).expect(200)).body.items;
  const assigned = (workOrderId: string, assigneeIds: string[], previousAssigneeIds: string[]) => ({
    tenantId: tenant,
    subject: workOrderId,
    init: { workOrderId, number: 'WO-7', assigneeIds, previousAssigneeIds, assignedBy: 'planner-1' },
  });
  const workOrderId = randomUUID();

  it('an assignment is an alert for each new assignee, once, whatever the redeliveries; unassigning resolves theirs', async () => {
    const first = await publisher.publish(topics.workOrders, WorkOrderAssignedSchema, assigned(workOrderId, ['tech-a', 'tech-b'], []));
    await publisher.publish(topics.workOrders, WorkOrderAssignedSchema, assigned(workOrderId, ['tech-a', 'tech-b'], []), first); // redelivery
    await publisher.publish(topics.workOrders, WorkOrderAssignedSchema, assigned(workOrderId, ['tech-a', 'tech-b'], ['tech-a', 'tech-b'])); // nobody new

    const rows = await countAfterMarker(
      {
        send: () => publisher.publish(topics.workOrders, WorkOrderAssignedSchema, assigned(workOrderId, ['tech-a', 'tech-b', 'tech-c'], ['tech-a', 'tech-b'])),
        arrived: async () => expect((await alertsOf(workOrderId)).map((row) => row.recipient_user_id)).toContain('tech-c'),
      },
      () => alertsOf(workOrderId),
    );
    expect(rows.map(({ type, status, recipient_user_id, occurrence_count }) => ({ type, status, recipient_user_id, occurrence_count }))).toEqual(
      ['tech-a', 'tech-b', 'tech-c'].map((user) => ({ type: 'work_order.assigned', status: 'open', recipient_user_id: user, occurrence_count: 1 })),
    );

    await publisher.publish(topics.workOrders, WorkOrderAssignedSchema, assigned(workOrderId, ['tech-a', 'tech-b'], ['tech-a', 'tech-b', 'tech-c']));
    await expectEventually(async () =>
      expect((await alertsOf(workOrderId)).map((row) => [row.recipient_user_id, row.status, row.resolved_by])).toEqual([
        ['tech-a', 'open', null],
        ['tech-b', 'open', null],
        ['tech-c', 'resolved', 'work_order.unassigned'],
      ]),
    );
  });

  it('a personal alert is in its user’s inbox and stream only; another user gets 404 acting on it', async () => {
    const [forA, forB] = await alertsOf(workOrderId);
    expect((await inboxOf('tech-a')).filter((alert) => alert.subject.id === workOrderId).map((alert) => [alert.id, alert.recipientUserId])).toEqual([[forA.id, 'tech-a']]);
    expect((await inboxOf('tech-b')).filter((alert) => alert.subject.id === workOrderId).map((alert) => alert.id)).toEqual([forB.id]);
    expect((await inboxOf('planner-1')).filter((alert) => alert.subject.id === workOrderId)).toEqual([]);

    const asB = `Bearer ${await test.userToken(tenant, 'tech-b')}`;
    await http().post(`/api/v1/alerts/${forA.id}/acknowledge`).set('Authorization', asB).expect(404);
    expect((await alertsOf(workOrderId))[0]).toMatchObject({ id: forA.id, status: 'open' });

    // The stream in feed order: every alert tech-a may see, and none of the others interleaved with them.
    await test.app.listen(0, '127.0.0.1');
    const visibleToA: Array<{ id: string }> = await test.inTenant(tenant, (manager) => manager.query(`select id from alerts where recipient_user_id is null or recipient_user_id = 'tech-a'`));
    const streamed = await readAlertStream(`${await test.app.getUrl()}/api/v1/alerts/stream`, { authorization: `Bearer ${await test.userToken(tenant, 'tech-a')}` }, visibleToA.length);
    expect(streamed.map((event) => event.alert.id).sort()).toEqual(visibleToA.map((row) => row.id).sort());
    expect(streamed.every((event) => event.alert.recipientUserId === null || event.alert.recipientUserId === 'tech-a')).toBe(true);
  });

  it('overdue work alerts its assignees (the tenant when nobody is assigned); completion resolves every alert of the work order', async () => {
    const unassigned = randomUUID();
    const overdue = (id: string, assigneeIds: string[]) => ({
      tenantId: tenant,
      subject: id,
      init: { workOrderId: id, number: 'WO-8', assigneeIds, dueAt: timestampFromDate(new Date('2026-12-01T00:00:00Z')), detectedAt: timestampFromDate(new Date()) },
    });
    await publisher.publish(topics.workOrders, WorkOrderOverdueSchema, overdue(workOrderId, ['tech-a']));
    await publisher.publish(topics.workOrders, WorkOrderOverdueSchema, overdue(unassigned, []));
    await expectEventually(async () => {
      expect((await alertsOf(workOrderId)).filter((row) => row.type === 'work_order.overdue').map((row) => row.recipient_user_id)).toEqual(['tech-a']);
      expect((await alertsOf(unassigned)).map((row) => [row.type, row.recipient_user_id])).toEqual([['work_order.overdue', null]]);
    });
    expect((await inboxOf('planner-1')).map((alert) => alert.subject.id)).toContain(unassigned);

    await publisher.publish(topics.workOrders, WorkOrderCompletedSchema, { tenantId: tenant, subject: workOrderId, init: { workOrderId, number: 'WO-7' } });
    await expectEventually(async () =>
      expect((await alertsOf(workOrderId)).map((row) => [row.type, row.recipient_user_id, row.resolved_by])).toEqual([
        ['work_order.assigned', 'tech-a', 'work_order.completed'],
        ['work_order.assigned', 'tech-b', 'work_order.completed'],
        ['work_order.assigned', 'tech-c', 'work_order.unassigned'],
        ['work_order.overdue', 'tech-a', 'work_order.completed'],
      ]),
    );
  });

  it('a decided work request reaches its requester’s inbox, and the contact address by e-mail once', async () => {
    const approvedRequest = randomUUID();
    const rejectedRequest = randomUUID();
    const submitted = (requestId: string, title: string, email: string) => ({
      tenantId: tenant,
      subject: requestId,
      init: { requestId, title, requesterId: 'requester-9', contact: { name: 'Pat', email } },
    });
    const approved = { tenantId: tenant, subject: approvedRequest, init: { requestId: approvedRequest, workOrderId: randomUUID(), workOrderNumber: 'WO-12', approvedBy: 'planner-1', requesterId: 'requester-9' } };
    await publisher.publish(topics.workOrders, WorkRequestSubmittedSchema, submitted(approvedRequest, 'Leaking valve', 'pat@example.test'));
    const decision = await publisher.publish(topics.workOrders, WorkRequestApprovedSchema, approved);
    await publisher.publish(topics.workOrders, WorkRequestApprovedSchema, approved, decision); // redelivery
    await publisher.publish(topics.workOrders, WorkRequestSubmittedSchema, submitted(rejectedRequest, 'Noisy fan', ''));
    await publisher.publish(topics.workOrders, WorkRequestRejectedSchema, {
      tenantId: tenant,
      subject: rejectedRequest,
      init: { requestId: rejectedRequest, reason: 'a duplicate of WO-3', rejectedBy: 'planner-1', requesterId: 'requester-9' },
    });

    await expectEventually(async () => {
      const inbox = await inboxOf('requester-9');
      expect(inbox.filter((alert) => alert.type.startsWith('work_request.')).map((alert) => [alert.type, alert.subject.id, alert.recipientUserId]).sort()).toEqual([
        ['work_request.approved', approvedRequest, 'requester-9'],
        ['work_request.rejected', rejectedRequest, 'requester-9'],
      ]);
      expect(smtp.mails.filter((mail) => mail.subject?.includes('Leaking valve'))).toHaveLength(1);
    });
    const [approvedAlert] = await alertsOf(approvedRequest);
    expect(approvedAlert).toMatchObject({ occurrence_count: 1, event_ids: [decision] });
    const mail = smtp.mails.find((candidate) => candidate.subject?.includes('Leaking valve'))!;
    expect(mail.subject).toBe('[Info] “Leaking valve” was approved');
    expect(JSON.stringify(mail.to)).toContain('pat@example.test');
    expect(mail.text).toContain('WO-12');
    // No address given: the inbox only. Both rows were written with the alert, so this is final.
    const deliveries = (alertId: string) => test.inTenant(tenant, (manager) => manager.query(`select channel from deliveries where alert_id = $1`, [alertId]));
    const [rejectedAlert] = await alertsOf(rejectedRequest);
    expect(await deliveries(rejectedAlert.id)).toEqual([]);
    expect(await deliveries(approvedAlert.id)).toEqual([{ channel: 'email' }]);
    expect((await inboxOf('planner-1')).filter((alert) => alert.type.startsWith('work_request.'))).toEqual([]);
  });

  it('stock below the reorder point opens one alert per storeroom; stock back at the point resolves that one only', async () => {
    const partId = randomUUID();
    const [storeA, storeB] = [randomUUID(), randomUUID()];
    const below = (storeroomId: string) => ({
      tenantId: tenant,
      subject: partId,
      init: { partId, storeroomId, sku: 'BRG-6204', name: 'Bearing', onHand: '2', available: '2', reorderPoint: '5', minimum: '1', occurredAt: timestampFromDate(new Date()) },
    });
    const stock = (storeroomId: string, onHand: string) => ({ tenantId: tenant, subject: partId, init: { partId, storeroomId, sku: 'BRG-6204', onHand, available: onHand, occurredAt: timestampFromDate(new Date()) } });
    const belowA = await publisher.publish(topics.assets, PartBelowReorderPointSchema, below(storeA));
    await publisher.publish(topics.assets, PartBelowReorderPointSchema, below(storeB));
    await publisher.publish(topics.assets, PartStockChangedSchema, stock(storeA, '4.5'));
    const restocked = await publisher.publish(topics.assets, PartStockChangedSchema, stock(storeA, '5.000'));

    await expectEventually(async () => expect((await alertsOf(partId)).map((row) => row.status).sort()).toEqual(['open', 'resolved']));
    const rows = await alertsOf(partId);
    const resolved = rows.find((row) => row.status === 'resolved')!;
    expect(resolved).toMatchObject({ type: 'part.below_reorder_point', resolved_by: 'part.restocked', recipient_user_id: null });
    expect(resolved.event_ids).toEqual([belowA, restocked]); // not the 4.5 still under the point
    const inbox = await inboxOf('tech-a');
    expect(inbox.filter((alert) => alert.subject.id === partId)).toHaveLength(2);
  });

  it('missed PM occurrences of a plan’s stream raise one alert’s count; a redelivery does not', async () => {
    const planId = randomUUID();
    const assetId = randomUUID();
    const missed = (count: number) => ({
      tenantId: tenant,
      subject: planId,
      init: { planId, assetId, count, firstAt: timestampFromDate(new Date('2026-11-01T08:00:00Z')), lastAt: timestampFromDate(new Date('2026-11-15T08:00:00Z')) },
    });
    const first = await publisher.publish(topics.pm, PmOccurrencesMissedSchema, missed(2));
    await publisher.publish(topics.pm, PmOccurrencesMissedSchema, missed(2), first);
    const rows = await countAfterMarker(
      {
        send: () => publisher.publish(topics.pm, PmOccurrencesMissedSchema, missed(1)),
        arrived: async () => expect((await alertsOf(planId)).map((row) => row.event_ids.length)).toEqual([2]),
      },
      () => alertsOf(planId),
    );
    expect(rows).toEqual([expect.objectContaining({ type: 'pm.occurrences_missed', status: 'open', occurrence_count: 2, recipient_user_id: null })]);
  });

  it('a malformed event dead-lettered by the consumer alerts the operations tenant; more letters raise the count', async () => {
    const deadLetters = `${topics.workOrders}.dlq`;
    const malformed = () => publisher.publish(topics.workOrders, WorkOrderAssignedSchema, assigned('not-a-uuid', ['tech-a'], []));
    const operatorsAlert = async () => {
      const authorization = `Bearer ${await test.token(operations)}`;
      const page = await http().get('/api/v1/alerts').query({ type: 'dead_letters.growing', subjectId: deadLetters }).set('Authorization', authorization).expect(200);
      return page.body.items as Array<{ severity: string; status: string; occurrenceCount: number; summary: string }>;
    };
    await malformed();
    await expectEventually(async () => expect(await operatorsAlert()).toEqual([expect.objectContaining({ severity: 'warning', status: 'open', occurrenceCount: 1 })]), { timeoutMs: 30_000 });
    expect((await operatorsAlert())[0].summary).toContain(`npm run dlq:replay -- --topic ${deadLetters}`);

    await malformed();
    await expectEventually(async () => expect((await operatorsAlert()).map((alert) => alert.occurrenceCount)).toEqual([2]), { timeoutMs: 30_000 });
    // The tenant whose event it was sees nothing of it: the operators' alerts are their tenant's.
    expect((await inboxOf('tech-a')).filter((alert) => alert.type === 'dead_letters.growing')).toEqual([]);
  });
});
