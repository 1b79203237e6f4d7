import { randomUUID } from 'node:crypto';
import { WorkOrderCompletedSchema } from '@mate/contracts';
import { outboxEvents, ownerQuery, useHttpSuite } from './support/work-orders-test-app';

/** Money and quantities against the limits of their columns (real PostgreSQL; events checked in the outbox). */
describe('labour, parts and costs: decimal limits', () => {
  const suite = useHttpSuite('labour_costs', { planner: [['planner'], 'planner-1'], tech: [['technician'], 'tech-1'] });
  const { as, http } = suite;

  async function createWorkOrder(): Promise<{ id: string; number: string }> {
    const response = await http().post('/api/v1/work-orders').set(as('planner')).send({ title: 'Big job', type: 'corrective' });
    expect(response.status).toBe(201);
    return response.body as { id: string; number: string };
  }

  async function rowsOf(workOrderId: string): Promise<number> {
    const [row] = await ownerQuery<{ n: string }>(
      suite.config,
      `select (select count(*) from labour_entries where work_order_id = $1)
            + (select count(*) from part_lines where work_order_id = $1)
            + (select count(*) from other_costs where work_order_id = $1) as n`,
      [workOrderId],
    );
    return Number(row.n);
  }

  it('refuses more digits than the column holds with a 400 naming the field, and writes nothing', async () => {
    const wo = await createWorkOrder();
    const part = { partId: randomUUID(), storeroomId: randomUUID() };
    const refused: Array<[string, Record<string, unknown>, string]> = [
      ['labour', { minutes: 60, hourlyRate: '10000000000' }, 'hourlyRate'], // numeric(12, 2): 10 digits before the point
      ['labour', { minutes: 60, hourlyRate: '45.005' }, 'hourlyRate'], // 2 after
      ['labour/timer/start', { hourlyRate: '12345678901.00' }, 'hourlyRate'],
      ['parts', { ...part, quantity: '100000000000', unitCost: '1' }, 'quantity'], // numeric(14, 3): 11 before
      ['parts', { ...part, quantity: '1.2345', unitCost: '1' }, 'quantity'], // 3 after
      ['parts', { ...part, quantity: '1', unitCost: '10000000000' }, 'unitCost'], // numeric(14, 4): 10 before
      ['parts', { ...part, quantity: '1', unitCost: '1.00001' }, 'unitCost'],
      ['costs', { description: 'Crane', amount: '1000000000000' }, 'amount'], // numeric(14, 2): 12 before
      ['costs', { description: 'Crane', amount: '1.001' }, 'amount'],
    ];
    for (const [path, body, field] of refused) {
      const response = await http().post(`/api/v1/work-orders/${wo.id}/${path}`).set(as('planner')).send(body);
      expect({ path, body, status: response.status }).toEqual({ path, body, status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([expect.objectContaining({ field, message: expect.stringMatching(/at most \d+ digits before and \d after the point/) })]);
    }
    expect(await rowsOf(wo.id)).toBe(0);
  });

  it('refuses a quantity that is zero or would round to zero (0.0004)', async () => {
    const wo = await createWorkOrder();
    for (const quantity of ['0.0004', '0', '0.000']) {
      const response = await http()
        .post(`/api/v1/work-orders/${wo.id}/parts`)
        .set(as('planner'))
        .send({ partId: randomUUID(), storeroomId: randomUUID(), quantity, unitCost: '1' });
      expect({ quantity, status: response.status }).toEqual({ quantity, status: 400 });
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'quantity', message: expect.stringContaining('positive') })]);
    }
    expect(await rowsOf(wo.id)).toBe(0);
    const smallest = await http().post(`/api/v1/work-orders/${wo.id}/parts`).set(as('planner')).send({ partId: randomUUID(), storeroomId: randomUUID(), quantity: '0.001', unitCost: '1' });
    expect(smallest.status).toBe(201);
    expect(smallest.body).toMatchObject({ quantity: '0.001', totalCost: '0.00' });
  });

  it('stores the largest values the columns hold; totals beyond numeric(14, 2) stay readable and complete', async () => {
    const wo = await createWorkOrder();
    const line = await http()
      .post(`/api/v1/work-orders/${wo.id}/parts`)
      .set(as('planner'))
      .send({ partId: randomUUID(), storeroomId: randomUUID(), quantity: '99999999999.999', unitCost: '9999999999.9999' });
    expect(line.status).toBe(201);
    expect(line.body).toMatchObject({ quantity: '99999999999.999', unitCost: '9999999999.9999', totalCost: '999999999999980000000.00' });
    expect((await http().post(`/api/v1/work-orders/${wo.id}/costs`).set(as('planner')).send({ description: 'Crane', amount: '999999999999.99' })).status).toBe(201);
    expect((await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('planner')).send({ assigneeIds: ['tech-1'] })).status).toBe(200);
    expect((await http().post(`/api/v1/work-orders/${wo.id}/transitions`).set(as('tech')).send({ to: 'in_progress' })).status).toBe(200);
    const labour = await http().post(`/api/v1/work-orders/${wo.id}/labour`).set(as('tech')).send({ minutes: 1440, hourlyRate: '9999999999.99' });
    expect(labour.status).toBe(201);
    expect(labour.body).toMatchObject({ hourlyRate: '9999999999.99', cost: '239999999999.76' });

    const expected = {
      labourMinutes: 1440,
      labourCost: '239999999999.76',
      partsCost: '999999999999980000000.00',
      otherCost: '999999999999.99',
      totalCost: '1000000001239979999999.75',
    };
    const read = await http().get(`/api/v1/work-orders/${wo.id}`).set(as('planner'));
    expect(read.status).toBe(200);
    expect(read.body.totals).toEqual(expected);
    const totals = await http().get(`/api/v1/work-orders/${wo.id}/totals`).set(as('planner'));
    expect(totals.status).toBe(200);
    expect(totals.body).toEqual(expected);
    expect((await http().get(`/api/v1/work-orders/${wo.id}/parts`).set(as('planner'))).status).toBe(200);

    expect((await http().post(`/api/v1/work-orders/${wo.id}/transitions`).set(as('tech')).send({ to: 'completed' })).status).toBe(200);
    const [completed] = await outboxEvents(suite.config, WorkOrderCompletedSchema, wo.id);
    expect(completed.totals).toMatchObject({ ...expected, labourMinutes: 1440n });
    expect(completed.partsUsed).toEqual([expect.objectContaining({ quantity: '99999999999.999', unitCost: '9999999999.9999', totalCost: '999999999999980000000.00' })]);
    expect(completed.labour.map((l) => [l.technicianId, l.cost])).toEqual([['tech-1', '239999999999.76']]);
    expect(completed.otherCosts).toEqual([expect.objectContaining({ amount: '999999999999.99' })]);
  });
});
