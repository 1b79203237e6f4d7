import { randomUUID } from 'node:crypto';
import { MeterReadingCapturedSchema } from '@mate/contracts';
import { outboxEvents, ownerQuery, problemFields, useHttpSuite } from './support/work-orders-test-app';

/** Bad input that used to pass validation and fail later (a 500, or a wrong effect): now a 400 naming the field, and nothing written. */
describe('work orders: null and blank input is refused where it means nothing', () => {
  const suite = useHttpSuite('input', { planner: [['planner'], 'planner-1'], tech: [['technician'], 'tech-1'], requester: [['requester'], 'requester-1'] });
  const { tenant, as, http } = suite;

  it('refuses null limits, options, unit or meter on a checklist item (it used to answer 500 for min/max)', async () => {
    const created = await http()
      .post('/api/v1/work-orders')
      .set(as('planner'))
      .send({ title: 'Inspect', type: 'inspection', checklist: [{ label: 'Pressure', kind: 'number', min: null, max: '4' }] });
    expect(created.status).toBe(400);
    expect(problemFields(created)).toEqual(['checklist.0.min']);
    const count = await ownerQuery<{ n: number }>(suite.config, 'select count(*)::int as n from work_orders where tenant_id = $1', [tenant]);
    expect(count[0].n).toBe(0);

    const wo = (await http().post('/api/v1/work-orders').set(as('planner')).send({ title: 'Inspect', type: 'inspection', assigneeIds: ['tech-1'] })).body;
    for (const [field, value] of [['max', null], ['unit', null], ['options', null], ['meterId', null], ['required', null]] as const) {
      const item = await http().post(`/api/v1/work-orders/${wo.id}/checklist/items`).set(as('planner')).send({ label: 'x', kind: 'number', [field]: value });
      expect(item.status).toBe(400);
      expect(problemFields(item)).toEqual([field]);
    }
  });

  it('refuses a null meter reading answer instead of publishing a reading of 0', async () => {
    const meterId = randomUUID();
    const wo = (
      await http()
        .post('/api/v1/work-orders')
        .set(as('planner'))
        .send({ title: 'Read hours', type: 'inspection', assigneeIds: ['tech-1'], checklist: [{ label: 'Run hours', kind: 'meter_reading', meterId }] })
    ).body;
    const [item] = (await http().get(`/api/v1/work-orders/${wo.id}/checklist`).set(as('tech'))).body.items as Array<{ id: string }>;
    const answer = await http().put(`/api/v1/work-orders/${wo.id}/checklist/items/${item.id}/result`).set(as('tech')).send({ value: null });
    expect(answer.status).toBe(400);
    expect(problemFields(answer)).toEqual(['value']);
    expect(await outboxEvents(suite.config, MeterReadingCapturedSchema, meterId)).toEqual([]);
  });

  it('refuses to reject a work request with a blank reason; the request stays submitted', async () => {
    const request = (await http().post('/api/v1/work-requests').set(as('requester')).send({ title: 'Noise in hall 2' })).body;
    const rejected = await http().post(`/api/v1/work-requests/${request.id}/reject`).set(as('planner')).send({ reason: '   ' });
    expect(rejected.status).toBe(400);
    expect(problemFields(rejected)).toEqual(['reason']);
    expect((await http().get(`/api/v1/work-requests/${request.id}`).set(as('planner'))).body.status).toBe('submitted');
  });
});
