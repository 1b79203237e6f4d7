import { randomUUID } from 'node:crypto';
import {
  MeterReadingCapturedSchema,
  PartsReservationRequestedSchema,
  WorkOrderAssignedSchema,
  WorkOrderCancelledSchema,
  WorkOrderCompletedSchema,
  WorkOrderCreatedSchema,
  WorkOrderStatus as WorkOrderStatusProto,
  WorkOrderStatusChangedSchema,
  WorkOrderOverdueSchema,
  WorkOrderUpdatedSchema,
  WorkRequestApprovedSchema,
  WorkRequestRejectedSchema,
  WorkRequestSubmittedSchema,
} from '@mate/contracts';
import { OverdueScanner } from '../src/overdue';
import type { Role } from '@mate/service-kit';
import type { WorkOrdersConfig } from '../src/config/work-orders.config';
import {
  outboxEvents,
  ownerQuery,
  prepareTestConfig,
  startWorkOrders,
  testTopics,
  tokenFor,
  type WorkOrdersTestApp,
} from './support/work-orders-test-app';

interface WorkOrderBody {
  id: string;
  number: string;
  status: string;
  version: number;
  [key: string]: unknown;
}

describe('work orders over HTTP (real PostgreSQL; events checked in the outbox)', () => {
  const tenant = randomUUID();
  const otherTenant = randomUUID();
  const assetId = randomUUID();
  const decommissionedAssetId = randomUUID();
  const site = randomUUID();
  const building = randomUUID();
  const room = randomUUID();
  let config: WorkOrdersConfig;
  let service: WorkOrdersTestApp;
  let token: ReturnType<typeof tokenFor>;
  const tokens: Record<string, string> = {};

  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const http = () => service.http();

  async function createWorkOrder(body: Record<string, unknown> = {}, who = 'planner'): Promise<WorkOrderBody> {
    const response = await http()
      .post('/api/v1/work-orders')
      .set(as(who))
      .send({ title: 'Replace the pump seal', type: 'corrective', ...body });
    expect(response.status).toBe(201);
    return response.body as WorkOrderBody;
  }

  async function transition(id: string, to: string, reason?: string, who = 'planner') {
    return http().post(`/api/v1/work-orders/${id}/transitions`).set(as(who)).send(reason ? { to, reason } : { to });
  }

  beforeAll(async () => {
    config = await prepareTestConfig('api');
    service = await startWorkOrders(config, { topics: testTopics('api'), consume: false, messaging: { relay: { enabled: false } } });
    token = tokenFor(config);
    const roles: Array<[string, Role[], string, string?]> = [
      ['planner', ['planner'], 'planner-1'],
      ['admin', ['admin'], 'admin-1'],
      ['tech', ['technician'], 'tech-1'],
      ['tech2', ['technician'], 'tech-2'],
      ['viewer', ['viewer'], 'viewer-1'],
      ['requester', ['requester'], 'requester-1'],
      ['requester2', ['requester'], 'requester-2'],
      ['otherPlanner', ['planner'], 'planner-x', otherTenant],
    ];
    for (const [name, r, subject, tenantId] of roles) tokens[name] = await token(tenantId ?? tenant, r, subject);
    // The read model as the assets service's events would have left it (those are tested elsewhere).
    await ownerQuery(
      config,
      `insert into known_locations (tenant_id, location_id, parent_location_id, name, ancestor_ids) values
         ($1, $2, null, 'Site', '{}'), ($1, $3, $2, 'Building', array[$2]::uuid[]), ($1, $4, $3, 'Room', array[$2, $3]::uuid[])`,
      [tenant, site, building, room],
    );
    await ownerQuery(
      config,
      `insert into known_assets (tenant_id, asset_id, tag, name, location_id, status, location_path_ids) values
         ($1, $2, 'P-1', 'Pump 1', $4, 'operational', array[$5, $6, $4]::uuid[]),
         ($1, $3, 'P-0', 'Old pump', $4, 'decommissioned', '{}')`,
      [tenant, assetId, decommissionedAssetId, room, site, building],
    );
    // The tenant's custom fields used below (their rules are tested in custom-fields.int-spec.ts).
    for (const field of [
      { key: 'shift', label: 'Shift', type: 'text' },
      { key: 'crew', label: 'Crew', type: 'number' },
    ]) {
      const defined = await http().post('/api/v1/work-orders/custom-fields').set(as('admin')).send({ entityType: 'work_order', ...field });
      expect(defined.status).toBe(201);
    }
  });

  afterAll(async () => {
    await service?.close();
  });

  describe('creation and numbering', () => {
    it('creates a work order with a WO number, ETag, Location, history and a WorkOrderCreated event', async () => {
      const response = await http()
        .post('/api/v1/work-orders')
        .set(as('planner'))
        .send({ title: 'Fix leak', type: 'corrective', priority: 'high', assetId, assigneeIds: ['tech-1'], customFields: { shift: 'night', crew: 3 } });
      expect(response.status).toBe(201);
      expect(response.headers['etag']).toBe('"1"');
      expect(response.headers['location']).toBe(`/api/v1/work-orders/${response.body.id}`);
      expect(response.body).toMatchObject({
        number: expect.stringMatching(/^WO-\d{6}$/),
        status: 'open',
        priority: 'high',
        assetId,
        locationId: room, // from the asset
        source: 'manual',
        customFields: { shift: 'night', crew: 3 },
        version: 1,
      });
      const created = await outboxEvents(config, WorkOrderCreatedSchema, response.body.id);
      expect(created).toHaveLength(1);
      expect(created[0].workOrder).toMatchObject({ number: response.body.number, assetId, locationId: room, assigneeIds: ['tech-1'] });
      expect(await outboxEvents(config, WorkOrderAssignedSchema, response.body.id)).toHaveLength(1);
      const history = await http().get(`/api/v1/work-orders/${response.body.id}/history`).set(as('planner'));
      expect(history.body).toEqual({ items: [expect.objectContaining({ kind: 'created', toStatus: 'open', actor: 'planner-1' })], nextCursor: null });
    });

    it('numbers concurrent creations without gaps or duplicates, per tenant', async () => {
      const before = await ownerQuery<{ n: string }>(config, 'select count(*) as n from work_orders where tenant_id = $1', [tenant]);
      const created = await Promise.all(Array.from({ length: 25 }, (_, i) => createWorkOrder({ title: `Concurrent ${i}` })));
      // Racing creations of one external reference: one work order, and the losers give their number back.
      const sourceRef = `ext-${randomUUID()}`;
      const racing = await Promise.all(
        Array.from({ length: 6 }, () => createWorkOrder({ title: 'From a connector', source: 'connector', sourceRef })),
      );
      expect(new Set(racing.map((wo) => wo.id)).size).toBe(1);
      const rows = await ownerQuery<{ number_seq: string }>(config, 'select number_seq from work_orders where tenant_id = $1 order by number_seq', [tenant]);
      const sequence = rows.map((row) => Number(row.number_seq));
      expect(sequence).toEqual(Array.from({ length: sequence.length }, (_, i) => i + 1));
      expect(new Set(created.map((wo) => wo.number)).size).toBe(25);
      expect(sequence.length).toBe(Number(before[0].n) + 26);
      const other = await http().post('/api/v1/work-orders').set(as('otherPlanner')).send({ title: 'Other tenant', type: 'project' });
      expect(other.body.number).toBe('WO-000001');
    });

    it('rejects unknown and decommissioned assets and unknown locations for new work (422)', async () => {
      const unknown = await http().post('/api/v1/work-orders').set(as('planner')).send({ title: 'x', type: 'corrective', assetId: randomUUID() });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ code: 'WORK_ORDER_UNKNOWN_ASSET', detail: expect.stringContaining('assetId') });
      const old = await http().post('/api/v1/work-orders').set(as('planner')).send({ title: 'x', type: 'corrective', assetId: decommissionedAssetId });
      expect(old.status).toBe(422);
      expect(old.body.code).toBe('WORK_ORDER_ASSET_DECOMMISSIONED');
      const place = await http().post('/api/v1/work-orders').set(as('planner')).send({ title: 'x', type: 'corrective', locationId: randomUUID() });
      expect(place.status).toBe(422);
      expect(place.body.code).toBe('WORK_ORDER_UNKNOWN_LOCATION');
    });

    it('validates fully: unknown fields, bad values and cross-field rules are named in problem+json', async () => {
      const response = await http()
        .post('/api/v1/work-orders')
        .set(as('planner'))
        .send({ title: '', type: 'repair', priority: 'urgent', dueAt: 'tomorrow', status: 'closed', customFields: ['not', 'an', 'object'] });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const fields = (response.body.errors as Array<{ field: string }>).map((error) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['title', 'type', 'priority', 'dueAt', 'status', 'customFields']));

      const nested = await http()
        .post('/api/v1/work-orders')
        .set(as('planner'))
        .send({ title: 'x', type: 'preventive', failureCodes: { problem: 'LEAK' }, checklist: [{ label: 'n', kind: 'number', min: '5', max: '1' }, { label: 'm', kind: 'meter_reading' }] });
      expect(nested.status).toBe(400);
      expect((nested.body.errors as Array<{ field: string }>).map((error) => error.field)).toEqual(
        expect.arrayContaining(['failureCodes', 'checklist.0.max', 'checklist.1.meterId']),
      );
      const badId = await http().get('/api/v1/work-orders/not-a-uuid').set(as('planner'));
      expect(badId.status).toBe(400);
    });
  });

  describe('access', () => {
    it('answers 404 for another tenant’s work order and never lists it', async () => {
      const mine = await createWorkOrder({ title: 'Mine only' });
      expect((await http().get(`/api/v1/work-orders/${mine.id}`).set(as('otherPlanner'))).status).toBe(404);
      expect((await http().patch(`/api/v1/work-orders/${mine.id}`).set(as('otherPlanner')).send({ title: 'x' })).status).toBe(404);
      expect((await transition(mine.id, 'in_progress', undefined, 'otherPlanner')).status).toBe(404);
      const list = await http().get('/api/v1/work-orders?limit=200').set(as('otherPlanner'));
      expect((list.body.items as WorkOrderBody[]).some((wo) => wo.id === mine.id)).toBe(false);
    });

    it('lets technicians see and edit only what is assigned to them, requesters nothing, viewers only read', async () => {
      const assigned = await createWorkOrder({ title: 'For tech-1', assigneeIds: ['tech-1'] });
      const notAssigned = await createWorkOrder({ title: 'For nobody' });
      expect((await http().get(`/api/v1/work-orders/${assigned.id}`).set(as('tech'))).status).toBe(200);
      expect((await http().get(`/api/v1/work-orders/${notAssigned.id}`).set(as('tech'))).status).toBe(404);
      const list = await http().get('/api/v1/work-orders?limit=200').set(as('tech'));
      expect((list.body.items as WorkOrderBody[]).every((wo) => (wo['assigneeIds'] as string[]).includes('tech-1'))).toBe(true);
      expect((await http().patch(`/api/v1/work-orders/${assigned.id}`).set(as('tech')).send({ description: 'found worn seal' })).status).toBe(200);
      const reassign = await http().patch(`/api/v1/work-orders/${assigned.id}`).set(as('tech')).send({ assigneeIds: ['tech-2'] });
      expect(reassign.status).toBe(403);
      expect(reassign.body.detail).toContain('assigneeIds');
      expect((await http().post('/api/v1/work-orders').set(as('tech')).send({ title: 'x', type: 'corrective' })).status).toBe(403);
      expect((await http().get('/api/v1/work-orders').set(as('requester'))).status).toBe(403);
      expect((await http().get(`/api/v1/work-orders/${notAssigned.id}`).set(as('viewer'))).status).toBe(200);
      expect((await http().patch(`/api/v1/work-orders/${notAssigned.id}`).set(as('viewer')).send({ title: 'x' })).status).toBe(403);
      expect((await http().get('/api/v1/work-orders')).status).toBe(401);
    });
  });

  describe('partial update with ETag / If-Match', () => {
    it('updates, bumps the version, records history and publishes; a stale If-Match answers 412', async () => {
      const wo = await createWorkOrder({ title: 'Patch me' });
      const read = await http().get(`/api/v1/work-orders/${wo.id}`).set(as('planner'));
      const etag = read.headers['etag'];
      const dueAt = new Date(Date.now() + 86_400_000).toISOString();
      const first = await http()
        .patch(`/api/v1/work-orders/${wo.id}`)
        .set(as('planner'))
        .set('If-Match', etag)
        .send({ priority: 'critical', dueAt, assigneeIds: ['tech-2'] });
      expect(first.status).toBe(200);
      expect(first.headers['etag']).toBe('"2"');
      expect(first.body).toMatchObject({ priority: 'critical', dueAt, version: 2, assigneeIds: ['tech-2'] });
      const stale = await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('planner')).set('If-Match', etag).send({ title: 'lost update' });
      expect(stale.status).toBe(412);
      // The one answer of every service to a stale If-Match (it used to be WORK_ORDER_VERSION_MISMATCH here).
      expect(stale.body).toMatchObject({ type: 'urn:mate:problem:version-mismatch', code: 'VERSION_MISMATCH' });
      const updated = await outboxEvents(config, WorkOrderUpdatedSchema, wo.id);
      expect(updated).toHaveLength(1);
      expect(updated[0].changedFields.sort()).toEqual(['assigneeIds', 'dueAt', 'priority']);
      expect(await outboxEvents(config, WorkOrderAssignedSchema, wo.id)).toHaveLength(1);
      const history = (await http().get(`/api/v1/work-orders/${wo.id}/history`).set(as('planner'))).body.items as Array<{ kind: string }>;
      expect(history.map((entry) => entry.kind)).toEqual(['created', 'updated', 'assigned']);
      const unknownField = await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('planner')).send({ number: 'WO-999999' });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.errors).toEqual([expect.objectContaining({ field: 'number' })]);
      const nullTitle = await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('planner')).send({ title: null });
      expect(nullTitle.status).toBe(400);
    });
  });

  describe('state machine', () => {
    it('walks open → in_progress ⇄ on_hold → completed → closed with history, stamps and events', async () => {
      const wo = await createWorkOrder({ title: 'Lifecycle', assigneeIds: ['tech-1'] });
      const start = await transition(wo.id, 'in_progress', undefined, 'tech');
      expect(start.status).toBe(200);
      expect(start.body.firstResponseAt).not.toBeNull();
      expect(start.body.startedAt).not.toBeNull();
      const holdWithoutReason = await transition(wo.id, 'on_hold', undefined, 'tech');
      expect(holdWithoutReason.status).toBe(400);
      expect(holdWithoutReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      expect((await transition(wo.id, 'on_hold', 'waiting for parts', 'tech')).body.statusReason).toBe('waiting for parts');
      expect((await transition(wo.id, 'in_progress', undefined, 'tech')).status).toBe(200);
      expect((await transition(wo.id, 'completed', undefined, 'tech')).body.completedBy).toBe('tech-1');
      expect((await transition(wo.id, 'closed', undefined, 'tech')).status).toBe(403);
      const closed = await transition(wo.id, 'closed');
      expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });

      const history = (await http().get(`/api/v1/work-orders/${wo.id}/history`).set(as('planner'))).body.items as Array<Record<string, unknown>>;
      expect(history.filter((entry) => entry.kind === 'transition').map((entry) => [entry.fromStatus, entry.toStatus, entry.reason, entry.actor])).toEqual([
        ['open', 'in_progress', null, 'tech-1'],
        ['in_progress', 'on_hold', 'waiting for parts', 'tech-1'],
        ['on_hold', 'in_progress', null, 'tech-1'],
        ['in_progress', 'completed', null, 'tech-1'],
        ['completed', 'closed', null, 'planner-1'],
      ]);
      const changes = await outboxEvents(config, WorkOrderStatusChangedSchema, wo.id);
      expect(changes.map((event) => event.toStatus)).toEqual([
        WorkOrderStatusProto.IN_PROGRESS,
        WorkOrderStatusProto.ON_HOLD,
        WorkOrderStatusProto.IN_PROGRESS,
        WorkOrderStatusProto.COMPLETED,
        WorkOrderStatusProto.CLOSED,
      ]);
      // Closed is locked.
      expect((await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('planner')).send({ title: 'x' })).status).toBe(409);
    });

    it('answers 409 listing the allowed transitions for an illegal one', async () => {
      const wo = await createWorkOrder({ title: 'Illegal' });
      const response = await transition(wo.id, 'completed');
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'WORK_ORDER_ILLEGAL_TRANSITION', from: 'open', to: 'completed', allowedTransitions: ['in_progress', 'cancelled'] });
      const bad = await http().post(`/api/v1/work-orders/${wo.id}/transitions`).set(as('planner')).send({ to: 'done' });
      expect(bad.status).toBe(400);
    });

    it('cancels with a reason only, and reopens completed work by planner or admin with a reason', async () => {
      const cancelled = await createWorkOrder({ title: 'Cancel me' });
      expect((await transition(cancelled.id, 'cancelled')).status).toBe(400);
      expect((await transition(cancelled.id, 'cancelled', 'duplicate request')).body.status).toBe('cancelled');
      const [event] = await outboxEvents(config, WorkOrderCancelledSchema, cancelled.id);
      expect(event).toMatchObject({ reason: 'duplicate request', fromStatus: WorkOrderStatusProto.OPEN, cancelledBy: 'planner-1' });
      expect((await transition(cancelled.id, 'in_progress')).status).toBe(409);

      const wo = await createWorkOrder({ title: 'Reopen me', assigneeIds: ['tech-1'] });
      await transition(wo.id, 'in_progress', undefined, 'tech');
      await transition(wo.id, 'completed', undefined, 'tech');
      expect((await transition(wo.id, 'in_progress', 'not fixed', 'tech')).status).toBe(403);
      expect((await transition(wo.id, 'in_progress')).status).toBe(400);
      const reopened = await transition(wo.id, 'in_progress', 'still leaking', 'admin');
      expect(reopened.body).toMatchObject({ status: 'in_progress', completedAt: null, statusReason: 'still leaking' });
    });
  });

  describe('checklists', () => {
    it('blocks completion until required items are done, flags numbers out of range, publishes meter readings', async () => {
      const meterId = randomUUID();
      const wo = await createWorkOrder({
        title: 'Inspect pump',
        type: 'inspection',
        assetId,
        assigneeIds: ['tech-1'],
        checklist: [
          { label: 'Isolate the pump', kind: 'sub_task', required: true },
          { label: 'Discharge pressure', kind: 'number', min: '2.5', max: '4', unit: 'bar', required: true },
          { label: 'Run hours', kind: 'meter_reading', meterId },
          { label: 'Seal condition', kind: 'multiple_choice', options: ['good', 'worn'] },
          { label: 'Notes', kind: 'text' },
        ],
      });
      const checklist = await http().get(`/api/v1/work-orders/${wo.id}/checklist`).set(as('tech'));
      const [isolate, pressure, hours, seal] = checklist.body.items as Array<{ id: string }>;
      await transition(wo.id, 'in_progress', undefined, 'tech');
      const blocked = await transition(wo.id, 'completed', undefined, 'tech');
      expect(blocked.status).toBe(422);
      expect(blocked.body.code).toBe('WORK_ORDER_CHECKLIST_INCOMPLETE');
      expect((blocked.body.items as Array<{ id: string }>).map((item) => item.id)).toEqual([isolate.id, pressure.id]);

      const result = (itemId: string, body: Record<string, unknown>) =>
        http().put(`/api/v1/work-orders/${wo.id}/checklist/items/${itemId}/result`).set(as('tech')).send(body);
      expect((await result(isolate.id, { value: '3' })).status).toBe(400);
      expect((await result(isolate.id, { done: true })).body).toMatchObject({ done: true, answered: true, answeredBy: 'tech-1' });
      expect((await result(pressure.id, { value: '4.75' })).body).toMatchObject({ value: '4.75', outOfRange: true, min: '2.5', max: '4' });
      expect((await result(seal.id, { choice: 'broken' })).status).toBe(400);
      expect((await result(seal.id, { choice: 'worn' })).status).toBe(200);
      expect((await result(hours.id, { value: '1234.5' })).status).toBe(200);
      const [reading] = await outboxEvents(config, MeterReadingCapturedSchema, meterId);
      expect(reading).toMatchObject({ meterId, assetId, value: '1234.5', workOrderId: wo.id, checklistItemId: hours.id, capturedBy: 'tech-1' });
      expect((await transition(wo.id, 'completed', undefined, 'tech')).status).toBe(200);
    });

    it('creates a linked corrective follow-up for a failed inspection when the checklist asks for it', async () => {
      const wo = await createWorkOrder({
        title: 'Weekly round',
        type: 'inspection',
        assetId,
        followUpOnFailedInspection: true,
        checklist: [{ label: 'Guard in place', kind: 'inspection' }],
      });
      const [item] = (await http().get(`/api/v1/work-orders/${wo.id}/checklist`).set(as('planner'))).body.items as Array<{ id: string }>;
      const failed = await http()
        .put(`/api/v1/work-orders/${wo.id}/checklist/items/${item.id}/result`)
        .set(as('planner'))
        .send({ result: 'fail', note: 'guard missing' });
      expect(failed.body.followUpWorkOrderId).toEqual(expect.any(String));
      const followUp = await http().get(`/api/v1/work-orders/${failed.body.followUpWorkOrderId}`).set(as('planner'));
      expect(followUp.body).toMatchObject({ type: 'corrective', parentWorkOrderId: wo.id, assetId, title: expect.stringContaining('Guard in place') });
      // Answering again does not create a second one.
      const again = await http().put(`/api/v1/work-orders/${wo.id}/checklist/items/${item.id}/result`).set(as('planner')).send({ result: 'fail' });
      expect(again.body.followUpWorkOrderId).toBe(failed.body.followUpWorkOrderId);
    });
  });

  describe('labour, parts and costs', () => {
    it('totals labour, parts and other costs and includes them in WorkOrderCompleted; parts are reserved on assignment', async () => {
      const wo = await createWorkOrder({ title: 'Costly repair', assetId, failureCodes: { problem: 'LEAK' } });
      const partId = randomUUID();
      const storeroomId = randomUUID();
      const part = await http().post(`/api/v1/work-orders/${wo.id}/parts`).set(as('planner')).send({ partId, storeroomId, quantity: '2', unitCost: '12.50' });
      expect(part.body).toMatchObject({ quantity: '2', unitCost: '12.5', totalCost: '25.00' });
      expect(await outboxEvents(config, PartsReservationRequestedSchema, wo.id)).toHaveLength(0); // not assigned yet
      await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('planner')).send({ assigneeIds: ['tech-1'] });
      const [reservation] = await outboxEvents(config, PartsReservationRequestedSchema, wo.id);
      expect(reservation.lines).toEqual([expect.objectContaining({ partId, storeroomId, quantity: '2', lineId: part.body.id })]);

      await transition(wo.id, 'in_progress', undefined, 'tech');
      expect((await http().post(`/api/v1/work-orders/${wo.id}/labour`).set(as('tech')).send({ minutes: 45, hourlyRate: '45.00' })).body).toMatchObject({ cost: '33.75', technicianId: 'tech-1' });
      expect((await http().post(`/api/v1/work-orders/${wo.id}/labour`).set(as('tech')).send({ minutes: 30, hourlyRate: '40', technicianId: 'tech-2' })).status).toBe(403);
      expect((await http().post(`/api/v1/work-orders/${wo.id}/labour`).set(as('planner')).send({ minutes: 60, hourlyRate: '50', technicianId: 'tech-2' })).status).toBe(201);
      const timer = await http().post(`/api/v1/work-orders/${wo.id}/labour/timer/start`).set(as('tech')).send({ hourlyRate: '45' });
      expect(timer.body.running).toBe(true);
      expect((await http().post(`/api/v1/work-orders/${wo.id}/labour/timer/start`).set(as('tech')).send({ hourlyRate: '45' })).status).toBe(409);
      const stopped = await http().post(`/api/v1/work-orders/${wo.id}/labour/timer/stop`).set(as('tech')).send({});
      expect(stopped.body).toMatchObject({ running: false, minutes: 0 });
      expect((await http().post(`/api/v1/work-orders/${wo.id}/labour/timer/stop`).set(as('tech')).send({})).status).toBe(409);
      await http().post(`/api/v1/work-orders/${wo.id}/costs`).set(as('planner')).send({ description: 'Crane hire', category: 'rental', amount: '120' });
      expect((await http().post(`/api/v1/work-orders/${wo.id}/costs`).set(as('planner')).send({ description: 'x', amount: '-1' })).status).toBe(400);

      const totals = (await http().get(`/api/v1/work-orders/${wo.id}`).set(as('planner'))).body.totals;
      expect(totals).toEqual({ labourMinutes: 105, labourCost: '83.75', partsCost: '25.00', otherCost: '120.00', totalCost: '228.75' });
      await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('tech')).send({ failureCodes: { cause: 'WEAR', remedy: 'REPLACED' } });
      expect((await transition(wo.id, 'completed', undefined, 'tech')).status).toBe(200);
      const [completed] = await outboxEvents(config, WorkOrderCompletedSchema, wo.id);
      expect(completed).toMatchObject({
        workOrderId: wo.id,
        number: wo.number,
        assetId,
        completedBy: 'tech-1',
        failureCodes: { problem: 'LEAK', cause: 'WEAR', remedy: 'REPLACED' },
        totals: { labourMinutes: 105n, labourCost: '83.75', partsCost: '25.00', otherCost: '120.00', totalCost: '228.75' },
      });
      expect(completed.partsUsed).toEqual([expect.objectContaining({ partId, storeroomId, quantity: '2', unitCost: '12.5', totalCost: '25.00' })]);
      expect(completed.labour.map((l) => [l.technicianId, l.minutes, l.cost])).toEqual([
        ['tech-1', 45n, '33.75'],
        ['tech-2', 60n, '50.00'],
      ]);
      expect(completed.otherCosts).toEqual([expect.objectContaining({ description: 'Crane hire', amount: '120.00', category: 'rental' })]);
      // Completed work is locked for costs until reopened.
      expect((await http().post(`/api/v1/work-orders/${wo.id}/costs`).set(as('planner')).send({ description: 'late', amount: '1' })).status).toBe(409);
    });
  });

  describe('listing', () => {
    it('filters, sorts and pages with a cursor', async () => {
      const marker = `list-${randomUUID().slice(0, 8)}`;
      const base = Date.now() + 10 * 86_400_000;
      for (let i = 0; i < 7; i++) {
        await createWorkOrder({
          title: `${marker} item ${i}`,
          priority: i % 2 === 0 ? 'high' : 'low',
          dueAt: new Date(base + i * 3_600_000).toISOString(),
          ...(i < 3 ? { assetId } : {}),
          ...(i === 6 ? { locationId: building } : {}),
        });
      }
      const page = async (query: string) => (await http().get(`/api/v1/work-orders?q=${marker}&${query}`).set(as('planner'))).body;
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const body = await page(`sort=dueAt&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        all.push(...(body.items as WorkOrderBody[]).map((wo) => wo['title'] as string));
        cursor = body.nextCursor;
      } while (cursor);
      expect(all).toEqual(Array.from({ length: 7 }, (_, i) => `${marker} item ${i}`));
      expect((await page('priority=high&sort=-dueAt')).items.map((wo: WorkOrderBody) => wo['title'])).toEqual(
        [6, 4, 2, 0].map((i) => `${marker} item ${i}`),
      );
      expect((await page(`assetId=${assetId}`)).items).toHaveLength(3);
      // The location subtree: the site holds the building (item 6) and the room (the asset's work).
      expect((await page(`locationId=${site}`)).items).toHaveLength(4);
      expect((await page(`locationId=${room}`)).items).toHaveLength(3);
      expect((await page(`dueBefore=${new Date(base + 2 * 3_600_000).toISOString()}`)).items).toHaveLength(2);
      expect((await page('overdue=true')).items).toHaveLength(0);
      expect((await page('status=open,in_progress&type=corrective&source=manual')).items).toHaveLength(7);
      const wrongCursor = await http().get(`/api/v1/work-orders?sort=priority&cursor=${Buffer.from('{"k":"dueAt"}').toString('base64url')}`).set(as('planner'));
      expect(wrongCursor.status).toBe(400);
      const unknownParam = await http().get('/api/v1/work-orders?colour=red').set(as('planner'));
      expect(unknownParam.status).toBe(400);
      expect(unknownParam.body.errors).toEqual([expect.objectContaining({ field: 'colour' })]);
      expect((await http().get('/api/v1/work-orders?limit=1000').set(as('planner'))).status).toBe(400);
    });
  });

  describe('comments', () => {
    it('adds comments and stamps the first response', async () => {
      const wo = await createWorkOrder({ title: 'Comment on me', assigneeIds: ['tech-1'] });
      const comment = await http().post(`/api/v1/work-orders/${wo.id}/comments`).set(as('tech')).send({ body: 'On my way' });
      expect(comment.status).toBe(201);
      expect((await http().get(`/api/v1/work-orders/${wo.id}/comments`).set(as('viewer'))).body).toEqual({
        items: [expect.objectContaining({ authorId: 'tech-1', body: 'On my way' })],
        nextCursor: null,
      });
      expect((await http().get(`/api/v1/work-orders/${wo.id}`).set(as('planner'))).body.firstResponseAt).not.toBeNull();
      expect((await http().post(`/api/v1/work-orders/${wo.id}/comments`).set(as('viewer')).send({ body: 'x' })).status).toBe(403);
    });
  });
  describe('work requests', () => {
    it('lets requesters submit and see only their own; planners approve into a linked work order or reject with a reason', async () => {
      const submitted = await http()
        .post('/api/v1/work-requests')
        .set(as('requester'))
        .send({
          title: 'Water under pump 1',
          description: 'Puddle growing',
          assetId,
          priorityHint: 'high',
          contact: { name: 'Rita', email: 'rita@example.com' },
          attachments: [{ name: 'puddle.jpg', url: 'https://files.example.com/puddle.jpg', contentType: 'image/jpeg', sizeBytes: 1024 }],
        });
      expect(submitted.status).toBe(201);
      expect(submitted.body).toMatchObject({ status: 'submitted', requesterId: 'requester-1', locationId: room, workOrder: null });
      const [event] = await outboxEvents(config, WorkRequestSubmittedSchema, submitted.body.id);
      expect(event).toMatchObject({ title: 'Water under pump 1', requesterId: 'requester-1', contact: { name: 'Rita', email: 'rita@example.com' } });

      expect((await http().get(`/api/v1/work-requests/${submitted.body.id}`).set(as('requester2'))).status).toBe(404);
      expect((await http().get('/api/v1/work-requests').set(as('requester2'))).body.items).toEqual([]);
      expect((await http().post(`/api/v1/work-requests/${submitted.body.id}/approve`).set(as('requester')).send({})).status).toBe(403);
      expect((await http().post('/api/v1/work-requests').set(as('viewer')).send({ title: 'x' })).status).toBe(403);
      expect((await http().post('/api/v1/work-requests').set(as('requester')).send({ title: 'x', assetId: decommissionedAssetId })).status).toBe(422);

      const approved = await http()
        .post(`/api/v1/work-requests/${submitted.body.id}/approve`)
        .set(as('planner'))
        .send({ assigneeIds: ['tech-1'] });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'planner-1', workOrder: { number: expect.stringMatching(/^WO-/), status: 'open' } });
      const workOrder = (await http().get(`/api/v1/work-orders/${approved.body.workOrder.id}`).set(as('planner'))).body;
      expect(workOrder).toMatchObject({
        source: 'request',
        sourceRef: submitted.body.id,
        requestId: submitted.body.id,
        requesterId: 'requester-1',
        priority: 'high',
        assetId,
        attachments: [expect.objectContaining({ name: 'puddle.jpg' })],
      });
      expect(await outboxEvents(config, WorkRequestApprovedSchema, submitted.body.id)).toEqual([
        expect.objectContaining({ workOrderId: workOrder.id, workOrderNumber: workOrder.number }),
      ]);
      expect((await http().post(`/api/v1/work-requests/${submitted.body.id}/approve`).set(as('planner')).send({})).status).toBe(409);
      // The requester follows the work's progress through the request.
      await transition(workOrder.id, 'in_progress', undefined, 'tech');
      expect((await http().get(`/api/v1/work-requests/${submitted.body.id}`).set(as('requester'))).body.workOrder.status).toBe('in_progress');

      const second = await http().post('/api/v1/work-requests').set(as('requester')).send({ title: 'Noisy fan' });
      expect((await http().post(`/api/v1/work-requests/${second.body.id}/reject`).set(as('planner')).send({})).status).toBe(400);
      const rejected = await http().post(`/api/v1/work-requests/${second.body.id}/reject`).set(as('planner')).send({ reason: 'fan is within spec' });
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'fan is within spec' });
      expect(await outboxEvents(config, WorkRequestRejectedSchema, second.body.id)).toHaveLength(1);
      const mine = (await http().get('/api/v1/work-requests?status=rejected').set(as('requester'))).body.items as Array<{ id: string }>;
      expect(mine.map((r) => r.id)).toEqual([second.body.id]);
      expect((await http().get('/api/v1/work-requests').set(as('planner'))).body.items.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('overdue', () => {
    it('announces a work order past its due date once, and again only when the moved due date passes', async () => {
      const scanner = service.app.get(OverdueScanner);
      const past = new Date(Date.now() - 3_600_000).toISOString();
      const wo = await createWorkOrder({ title: 'Late', dueAt: past });
      const done = await createWorkOrder({ title: 'Late but cancelled', dueAt: past });
      await transition(done.id, 'cancelled', 'no longer needed');
      // Two scans at once (as from two replicas): one announcement.
      await Promise.all([scanner.scan(), scanner.scan()]);
      await scanner.scan();
      expect(await outboxEvents(config, WorkOrderOverdueSchema, wo.id)).toHaveLength(1);
      expect(await outboxEvents(config, WorkOrderOverdueSchema, done.id)).toHaveLength(0);
      expect((await http().get(`/api/v1/work-orders?overdue=true&q=Late`).set(as('planner'))).body.items.map((w: WorkOrderBody) => w.id)).toEqual([wo.id]);

      // Moved into the future: not overdue; moved to a date that has passed: announced again.
      await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('planner')).send({ dueAt: new Date(Date.now() + 86_400_000).toISOString() });
      await scanner.scan();
      expect(await outboxEvents(config, WorkOrderOverdueSchema, wo.id)).toHaveLength(1);
      const movedDue = new Date(Date.now() - 60_000).toISOString();
      await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('planner')).send({ dueAt: movedDue });
      await scanner.scan();
      const events = await outboxEvents(config, WorkOrderOverdueSchema, wo.id);
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({ workOrderId: wo.id, number: wo.number, status: WorkOrderStatusProto.OPEN });
      expect(events[1].dueAt?.seconds).toBe(BigInt(Math.floor(Date.parse(movedDue) / 1000)));
    });
  });

  describe('import and export', () => {
    it('imports JSON rows with per-row errors, idempotently by externalId', async () => {
      const rows = [
        { title: 'Imported 1', type: 'corrective', priority: 'low', assetId, externalId: 'erp-1' },
        { title: '', type: 'corrective' },
        { title: 'Imported 3', type: 'gardening', colour: 'red' },
        { title: 'Imported 4', type: 'project', assetId: decommissionedAssetId },
        { title: 'Imported 5', type: 'inspection', assigneeIds: ['tech-1'], dueAt: '2027-01-01T00:00:00Z' },
      ];
      const dry = await http().post('/api/v1/work-orders/import?dryRun=true').set(as('planner')).send({ rows });
      expect(dry.body).toMatchObject({ dryRun: true, created: 0, invalid: 3 });
      const result = await http().post('/api/v1/work-orders/import').set(as('planner')).send({ rows });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ dryRun: false, created: 2, existing: 0, invalid: 3 });
      type RowResult = { row: number; id?: string; errors?: Array<{ field: string }> };
      const byRow = Object.fromEntries((result.body.rows as RowResult[]).map((r) => [r.row, r]));
      expect(byRow[1]).toMatchObject({ status: 'created', number: expect.stringMatching(/^WO-/) });
      expect(byRow[2]).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ field: 'title' })] });
      expect([...new Set((byRow[3].errors ?? []).map((e) => e.field))].sort()).toEqual(['colour', 'type']);
      expect(byRow[4]).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ field: 'assetId' })] });
      const again = await http().post('/api/v1/work-orders/import').set(as('planner')).send({ rows: [rows[0]] });
      expect(again.body).toMatchObject({ created: 0, existing: 1 });
      expect(again.body.rows[0].id).toBe(byRow[1].id);
      expect((await http().post('/api/v1/work-orders/import').set(as('tech')).send({ rows })).status).toBe(403);
      expect((await http().post('/api/v1/work-orders/import').set(as('planner')).send({ rows: [] })).status).toBe(400);
    });

    it('imports CSV and exports CSV and JSON with the list filters', async () => {
      const marker = `csv-${randomUUID().slice(0, 8)}`;
      const csv = [
        'title,type,priority,assigneeIds,estimatedDurationMinutes,description',
        `${marker} one,corrective,high,tech-1;tech-2,30,"multi-line\ndescription, with comma"`,
        `${marker} two,preventive,medium,,,`,
        `${marker} bad,corrective,extreme,,abc,`,
      ].join('\r\n');
      const imported = await http().post('/api/v1/work-orders/import').set(as('planner')).set('Content-Type', 'text/csv').send(csv);
      expect(imported.status).toBe(200);
      expect(imported.body).toMatchObject({ created: 2, invalid: 1 });
      expect([...new Set((imported.body.rows[2].errors as Array<{ field: string }>).map((e) => e.field))].sort()).toEqual(['estimatedDurationMinutes', 'priority']);
      const broken = await http().post('/api/v1/work-orders/import').set(as('planner')).set('Content-Type', 'text/csv').send('title,type\n"open');
      expect(broken.status).toBe(400);
      expect(broken.headers['content-type']).toMatch(/problem\+json/);
      expect(broken.body.errors).toEqual([{ field: '(body)', message: 'line 2: a quoted field is not closed' }]);

      const exportedCsv = await http().get(`/api/v1/work-orders/export?format=csv&q=${marker}`).set(as('planner'));
      expect(exportedCsv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = exportedCsv.text.trim().split('\r\n');
      expect(lines[0].startsWith('id,number,title,description,type,priority,status')).toBe(true);
      expect(lines).toHaveLength(1 + 2); // header and two rows (the embedded newline is a bare LF inside quotes)
      expect(exportedCsv.text).toContain('"multi-line\ndescription, with comma"');
      expect(exportedCsv.text).toContain('tech-1;tech-2');
      const exportedJson = await http().get(`/api/v1/work-orders/export?q=${marker}&priority=high`).set(as('viewer'));
      expect(JSON.parse(exportedJson.text)).toEqual([expect.objectContaining({ title: `${marker} one`, estimatedDurationMinutes: 30, assigneeIds: ['tech-1', 'tech-2'] })]);
    });
  });
});
