import { WorkOrderUpdatedSchema } from '@mate/contracts';
import { outboxEvents, ownerQuery, useHttpSuite } from './support/work-orders-test-app';

/**
 * A technician's PATCH changes only what the Roles table gives technicians (description, failure
 * codes, downtime); the planners' fields answer 403 naming them and nothing changes. Sending a
 * planner field's current value is not a change and is not refused.
 */
describe('PATCH /work-orders/{id}: fields reserved for planners', () => {
  const suite = useHttpSuite('technician_fields', { planner: [['planner'], 'planner-1'], tech: [['technician'], 'tech-1'], integration: [['integration'], 'erp'] });
  const { as, http } = suite;
  const dueAt = '2030-03-01T12:00:00.000Z';

  async function createWorkOrder(): Promise<Record<string, unknown> & { id: string }> {
    const response = await http()
      .post('/api/v1/work-orders')
      .set(as('planner'))
      .send({
        title: 'Replace the seal',
        type: 'corrective',
        priority: 'high',
        assigneeIds: ['tech-1'],
        dueAt,
        estimatedDurationMinutes: 60,
        customFields: { shift: 'day' },
      });
    expect(response.status).toBe(201);
    return response.body as Record<string, unknown> & { id: string };
  }

  async function stored(id: string): Promise<Record<string, unknown>> {
    const [row] = await ownerQuery(
      suite.config,
      'select version, description, estimated_duration_minutes, custom_fields, priority, due_at from work_orders where id = $1',
      [id],
    );
    return row;
  }

  async function updates(id: string): Promise<{ history: number; events: number }> {
    const [{ n }] = await ownerQuery<{ n: string }>(suite.config, `select count(*) as n from work_order_history where work_order_id = $1 and kind = 'updated'`, [id]);
    return { history: Number(n), events: (await outboxEvents(suite.config, WorkOrderUpdatedSchema, id)).length };
  }

  beforeAll(async () => {
    const definition = await http()
      .post('/api/v1/work-orders/custom-fields')
      .set(as('planner'))
      .send({ entityType: 'work_order', key: 'shift', label: 'Shift', type: 'enum', options: ['day', 'night'] });
    expect(definition.status).toBe(201);
  });

  it('answers 403 problem+json naming each planner field a technician tries to change, and changes nothing', async () => {
    const wo = await createWorkOrder();
    const before = await stored(wo.id);
    const refused: Array<[Record<string, unknown>, string[]]> = [
      [{ estimatedDurationMinutes: 90 }, ['estimatedDurationMinutes']],
      [{ estimatedDurationMinutes: null }, ['estimatedDurationMinutes']],
      [{ customFields: { shift: 'night' } }, ['customFields']],
      [{ customFields: { shift: null } }, ['customFields']],
      // Allowed fields in the same PATCH are not applied either.
      [{ description: 'found a worn seal', estimatedDurationMinutes: 30, customFields: { shift: 'night' } }, ['estimatedDurationMinutes', 'customFields']],
      [{ priority: 'low', dueAt: '2030-03-02T12:00:00Z' }, ['priority', 'dueAt']],
      [{ title: 'Mine now', assigneeIds: ['tech-1', 'tech-2'] }, ['title', 'assigneeIds']],
    ];
    for (const [body, fields] of refused) {
      const response = await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('tech')).send(body);
      expect({ body, status: response.status }).toEqual({ body, status: 403 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 403, code: 'WORK_ORDER_FORBIDDEN' });
      expect([...(response.body.fields as string[])].sort()).toEqual([...fields].sort());
      for (const field of fields) expect(response.body.detail).toContain(field);
    }
    expect(await stored(wo.id)).toEqual(before);
    expect(await updates(wo.id)).toEqual({ history: 0, events: 0 });
  });

  it('accepts the current values of planner fields beside a technician change, and changes only that', async () => {
    const wo = await createWorkOrder();
    // A value stored before its definition existed: a customFields PATCH would drop it, so an
    // unchanged one sent by a technician must not even be applied.
    await ownerQuery(suite.config, `update work_orders set custom_fields = custom_fields || '{"legacy_note": "keep"}' where id = $1`, [wo.id]);
    const response = await http()
      .patch(`/api/v1/work-orders/${wo.id}`)
      .set(as('tech'))
      .send({
        description: 'found a worn seal',
        title: 'Replace the seal',
        priority: 'high',
        assigneeIds: ['tech-1'],
        dueAt: '2030-03-01T13:00:00+01:00', // the same instant, another offset
        estimatedDurationMinutes: 60,
        customFields: { shift: 'day' },
        plannedStartAt: null,
        teamId: null,
        failureCodes: { problem: 'LEAK' },
        downtime: { startedAt: '2030-02-28T08:00:00Z', planned: false },
      });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ version: 2, description: 'found a worn seal', estimatedDurationMinutes: 60, priority: 'high', dueAt });
    expect(response.body.customFields).toEqual({ shift: 'day', legacy_note: 'keep' });
    const [entry] = await ownerQuery<{ changes: Record<string, unknown> }>(
      suite.config,
      `select changes from work_order_history where work_order_id = $1 and kind = 'updated'`,
      [wo.id],
    );
    expect(Object.keys(entry.changes).sort()).toEqual(['description', 'downtime', 'failureCodes']);
    const [event] = await outboxEvents(suite.config, WorkOrderUpdatedSchema, wo.id);
    expect([...event.changedFields].sort()).toEqual(['description', 'downtime', 'failureCodes']);

    // The same failure codes and downtime again, and nothing else: no change at all.
    const again = await http()
      .patch(`/api/v1/work-orders/${wo.id}`)
      .set(as('tech'))
      .send({ estimatedDurationMinutes: 60, failureCodes: { problem: 'LEAK' }, downtime: { startedAt: '2030-02-28T08:00:00.000Z' } });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(2);
  });

  it('lets planners and integrations change the planner fields', async () => {
    const wo = await createWorkOrder();
    const planner = await http()
      .patch(`/api/v1/work-orders/${wo.id}`)
      .set(as('planner'))
      .send({ estimatedDurationMinutes: 90, customFields: { shift: 'night' } });
    expect(planner.status).toBe(200);
    expect(planner.body).toMatchObject({ estimatedDurationMinutes: 90, customFields: { shift: 'night' } });
    const integration = await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('integration')).send({ estimatedDurationMinutes: null });
    expect(integration.status).toBe(200);
    expect(integration.body.estimatedDurationMinutes).toBeNull();
    // The cleared value is now the current one: a technician may send it back.
    expect((await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('tech')).send({ estimatedDurationMinutes: null })).status).toBe(200);
  });
});
