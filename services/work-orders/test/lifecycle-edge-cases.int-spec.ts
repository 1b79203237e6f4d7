import { randomUUID } from 'node:crypto';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { MeterReadingCapturedSchema, PartsReservationRequestedSchema, WorkOrderCancelledSchema, WorkOrderCompletedSchema } from '@mate/contracts';
import { outboxEvents, ownerQuery, useHttpSuite } from './support/work-orders-test-app';

/**
 * Lifecycle edge cases: issued part lines after a reopen, checklist answers sent twice, downtime
 * on cancel. Real PostgreSQL; events are read from the outbox (no relay).
 */
describe('work-order lifecycle edge cases', () => {
  const suite = useHttpSuite('lifecycle_edges', { planner: [['planner'], 'planner-1'], tech: [['technician'], 'tech-1'] });
  const { as, http } = suite;

  async function createWorkOrder(body: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
    const response = await http()
      .post('/api/v1/work-orders')
      .set(as('planner'))
      .send({ title: 'Edge case', type: 'corrective', assigneeIds: ['tech-1'], ...body });
    expect(response.status).toBe(201);
    return response.body as { id: string; number: string };
  }

  async function transition(id: string, to: string, reason?: string, who = 'planner') {
    const response = await http().post(`/api/v1/work-orders/${id}/transitions`).set(as(who)).send(reason ? { to, reason } : { to });
    expect({ to, status: response.status }).toEqual({ to, status: 200 });
    return response;
  }

  async function etagOf(id: string): Promise<string> {
    const response = await http().get(`/api/v1/work-orders/${id}`).set(as('planner'));
    expect(response.status).toBe(200);
    return response.headers['etag'] as string;
  }

  async function historyCount(id: string): Promise<number> {
    const [row] = await ownerQuery<{ n: string }>(suite.config, `select count(*) as n from work_order_history where work_order_id = $1`, [id]);
    return Number(row.n);
  }

  describe('issued part lines', () => {
    it('refuses deleting a line issued by a completion after a reopen (409), while a line added after the reopen may go', async () => {
      const wo = await createWorkOrder();
      const issued = await http()
        .post(`/api/v1/work-orders/${wo.id}/parts`)
        .set(as('tech'))
        .send({ partId: randomUUID(), storeroomId: randomUUID(), quantity: '3', unitCost: '10' });
      expect(issued.status).toBe(201);
      expect(issued.body.issuedAt).toBeNull();
      await transition(wo.id, 'in_progress', undefined, 'tech');
      const completed = await transition(wo.id, 'completed', undefined, 'tech');
      const [completion] = await outboxEvents(suite.config, WorkOrderCompletedSchema, wo.id);
      expect(completion.partsUsed.map((line) => line.lineId)).toEqual([issued.body.id]);
      await transition(wo.id, 'in_progress', 'pump still leaks');

      const refused = await http().delete(`/api/v1/work-orders/${wo.id}/parts/${issued.body.id}`).set(as('planner'));
      expect(refused.status).toBe(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 409, code: 'WORK_ORDER_PART_LINE_ISSUED', detail: expect.stringContaining('assets service') });

      const added = await http()
        .post(`/api/v1/work-orders/${wo.id}/parts`)
        .set(as('tech'))
        .send({ partId: randomUUID(), storeroomId: randomUUID(), quantity: '1', unitCost: '5' });
      expect(added.status).toBe(201);
      // The reservation asked for after the reopen covers only what is still to be issued.
      const reservations = await outboxEvents(suite.config, PartsReservationRequestedSchema, wo.id);
      expect(reservations.at(-1)?.lines.map((line) => line.lineId)).toEqual([added.body.id]);
      const lines = await http().get(`/api/v1/work-orders/${wo.id}/parts`).set(as('planner'));
      expect(lines.body).toEqual({
        items: [
          expect.objectContaining({ id: issued.body.id, quantity: '3', issuedAt: completed.body.completedAt }),
          expect.objectContaining({ id: added.body.id, issuedAt: null }),
        ],
        nextCursor: null,
      });
      expect((await http().delete(`/api/v1/work-orders/${wo.id}/parts/${added.body.id}`).set(as('planner'))).status).toBe(204);

      // The issued line is still there and still counted: the re-completion lists it again (the
      // assets service issues only the difference, here nothing).
      const totals = await http().get(`/api/v1/work-orders/${wo.id}/totals`).set(as('planner'));
      expect(totals.body.partsCost).toBe('30.00');
      await transition(wo.id, 'completed', undefined, 'tech');
      const [, recompletion] = await outboxEvents(suite.config, WorkOrderCompletedSchema, wo.id);
      expect(recompletion).toMatchObject({ recompleted: true });
      expect(recompletion.partsUsed.map((line) => [line.lineId, line.quantity])).toEqual([[issued.body.id, '3']]);
    });
  });

  describe('checklist answers sent again', () => {
    it('leaves the work order as it is: same ETag, no history, no second reading', async () => {
      const meterId = randomUUID();
      const wo = await createWorkOrder({
        checklist: [
          { label: 'Pressure', kind: 'number', min: '1', max: '4' },
          { label: 'Run hours', kind: 'meter_reading', meterId },
          { label: 'Isolated', kind: 'sub_task' },
          { label: 'Seal', kind: 'multiple_choice', options: ['good', 'worn'] },
        ],
      });
      const checklist = await http().get(`/api/v1/work-orders/${wo.id}/checklist`).set(as('tech'));
      const [pressure, hours, isolated, seal] = checklist.body.items as Array<{ id: string }>;
      const answer = (itemId: string, body: Record<string, unknown>) =>
        http().put(`/api/v1/work-orders/${wo.id}/checklist/items/${itemId}/result`).set(as('tech')).send(body);
      const readAt = new Date(Date.now() - 60_000).toISOString();

      const first: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
        [pressure.id, { value: '3.50', note: 'steady' }, { value: '3.5', note: 'steady' }],
        [hours.id, { value: '1234.5', readAt }, { value: '1234.5' }],
        [isolated.id, { done: true }, { done: true }],
        [seal.id, { choice: 'worn' }, { choice: 'worn' }],
      ];
      for (const [itemId, body, expected] of first) {
        const response = await answer(itemId, body);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject(expected);
      }
      const etag = await etagOf(wo.id);
      const history = await historyCount(wo.id);
      const answeredAt = ((await http().get(`/api/v1/work-orders/${wo.id}/checklist`).set(as('tech'))).body.items as Array<{ answeredAt: string }>).map(
        (item) => item.answeredAt,
      );
      expect(await outboxEvents(suite.config, MeterReadingCapturedSchema, meterId)).toHaveLength(1);

      // The same values again, written differently ('3.5' for '3.50'), with or without the note
      // and the read time already stored.
      const again: Array<[string, Record<string, unknown>]> = [
        [pressure.id, { value: '3.5' }],
        [pressure.id, { value: '3.500', note: 'steady' }],
        [hours.id, { value: '1234.50', readAt }],
        [hours.id, { value: '1234.5' }],
        [isolated.id, { done: true }],
        [seal.id, { choice: 'worn' }],
      ];
      for (const [itemId, body] of again) {
        const response = await answer(itemId, body);
        expect({ body, status: response.status }).toEqual({ body, status: 200 });
      }
      expect(await etagOf(wo.id)).toBe(etag);
      expect(await historyCount(wo.id)).toBe(history);
      expect(await outboxEvents(suite.config, MeterReadingCapturedSchema, meterId)).toHaveLength(1);
      const after = (await http().get(`/api/v1/work-orders/${wo.id}/checklist`).set(as('tech'))).body.items as Array<{ answeredAt: string }>;
      expect(after.map((item) => item.answeredAt)).toEqual(answeredAt);

      // A new note on the same reading is a change of the item, not a second reading.
      expect((await answer(hours.id, { value: '1234.5', note: 'gauge glass cracked' })).body).toMatchObject({ note: 'gauge glass cracked' });
      const noted = await etagOf(wo.id);
      expect(noted).not.toBe(etag);
      expect(await outboxEvents(suite.config, MeterReadingCapturedSchema, meterId)).toHaveLength(1);

      // A real change still counts: a new reading is published, the version moves.
      expect((await answer(hours.id, { value: '1240' })).status).toBe(200);
      const readings = await outboxEvents(suite.config, MeterReadingCapturedSchema, meterId);
      expect(readings.map((reading) => reading.value)).toEqual(['1234.5', '1240']);
      expect(await etagOf(wo.id)).not.toBe(noted);
      // So does the same value read at another time.
      expect((await answer(hours.id, { value: '1240', readAt: new Date(Date.now() - 1_000).toISOString() })).status).toBe(200);
      expect(await outboxEvents(suite.config, MeterReadingCapturedSchema, meterId)).toHaveLength(3);
    });
  });

  describe('cancelling', () => {
    it('ends the downtime the work order holds open at the cancellation time and publishes it with WorkOrderCancelled', async () => {
      const wo = await createWorkOrder();
      const startedAt = new Date(Date.now() - 90 * 60_000).toISOString();
      const patched = await http().patch(`/api/v1/work-orders/${wo.id}`).set(as('planner')).send({ downtime: { startedAt, planned: false } });
      expect(patched.status).toBe(200);
      expect(patched.body.downtime).toMatchObject({ startedAt, endedAt: null });
      await transition(wo.id, 'in_progress', undefined, 'tech');

      const cancelled = await transition(wo.id, 'cancelled', 'duplicate of another job');
      const cancelledAt = cancelled.body.cancelledAt as string;
      expect(cancelledAt).toEqual(expect.any(String));
      expect(cancelled.body.downtime).toEqual({ startedAt, endedAt: cancelledAt, planned: false });
      const read = await http().get(`/api/v1/work-orders/${wo.id}`).set(as('planner'));
      expect(read.body.downtime).toEqual({ startedAt, endedAt: cancelledAt, planned: false });

      const [event] = await outboxEvents(suite.config, WorkOrderCancelledSchema, wo.id);
      expect(event.downtime).toBeDefined();
      expect(timestampDate(event.downtime!.startedAt!).toISOString()).toBe(startedAt);
      expect(timestampDate(event.downtime!.endedAt!).toISOString()).toBe(cancelledAt);
      expect(event.downtime).toMatchObject({ minutes: 90n, planned: false });
    });

    it('keeps downtime that had already ended, and publishes none when there was none', async () => {
      const ended = await createWorkOrder();
      const startedAt = new Date(Date.now() - 60 * 60_000).toISOString();
      const endedAt = new Date(Date.now() - 30 * 60_000).toISOString();
      await http().patch(`/api/v1/work-orders/${ended.id}`).set(as('planner')).send({ downtime: { startedAt, endedAt, planned: true } });
      const cancelled = await transition(ended.id, 'cancelled', 'not needed');
      expect(cancelled.body.downtime).toEqual({ startedAt, endedAt, planned: true });
      const [event] = await outboxEvents(suite.config, WorkOrderCancelledSchema, ended.id);
      expect(event.downtime).toMatchObject({ minutes: 30n, planned: true });

      const none = await createWorkOrder();
      await transition(none.id, 'cancelled', 'not needed');
      const [noDowntime] = await outboxEvents(suite.config, WorkOrderCancelledSchema, none.id);
      expect(noDowntime.downtime).toBeUndefined();
    });
  });
});
