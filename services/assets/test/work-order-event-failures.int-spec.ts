import { randomUUID } from 'node:crypto';
import { DLQ_HEADERS, dlqTopicOf, ENVELOPE_HEADERS, PartsReservationRequestedSchema, WorkOrderCompletedSchema } from '@mate/contracts';
import { headerText } from '@mate/messaging';
import { expectEventually, readTopic, uniqueName } from '@mate/testing';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';
import { WorkOrderPublisher } from './work-order-publisher';

/** The dead letters of one event, by its ce_id: the failure and the attempts made. */
async function deadLettersOf(topic: string, eventId: string) {
  const messages = await readTopic(dlqTopicOf(topic), { idleMs: 1_000, firstMessageMs: 5_000 });
  return messages
    .filter(({ message }) => headerText(message.headers, ENVELOPE_HEADERS.id) === eventId)
    .map(({ message }) => ({
      error: headerText(message.headers, DLQ_HEADERS.error),
      attempts: headerText(message.headers, DLQ_HEADERS.attempts),
    }));
}

/**
 * The platform's failure policy for consumed events, in the assets service: a malformed event is
 * dead-lettered after one attempt (the test app retries others 3 times), and the events behind it
 * on its partition still take effect.
 */
describe('assets service: work-order events that can never succeed (real broker and database)', () => {
  const woTopic = uniqueName('mate.work-orders.test');
  const tenant = randomUUID();
  let t: AssetsTestApp;
  let publisher: WorkOrderPublisher;
  let planner: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_event_failures', consumeTopic: woTopic });
    publisher = await WorkOrderPublisher.connect(woTopic);
    planner = await t.token(tenant, ['planner'], 'planner-1');
  });

  afterAll(async () => {
    await publisher?.close();
    await t?.close();
  });

  const auth = () => ({ Authorization: `Bearer ${planner}` });

  it('dead-letters a malformed event after one attempt, and the next event of its work order takes effect', async () => {
    const store = (await t.http().post('/api/v1/locations').set(auth()).send({ name: 'Store', isStoreroom: true })).body.id as string;
    const partId = (await t.http().post('/api/v1/parts').set(auth()).send({ sku: 'SEAL-1', name: 'Seal', unitOfMeasure: 'ea', unitCost: '2' })).body.id as string;
    expect((await t.http().post(`/api/v1/parts/${partId}/receipts`).set(auth()).send({ storeroomId: store, quantity: '5', reason: 'stock' })).status).toBe(201);
    const workOrderId = randomUUID();

    // Same key (the work order), so the same partition: malformed ids, then bytes that are no WorkOrderCompleted.
    const badId = await publisher.publish(WorkOrderCompletedSchema, tenant, workOrderId, { workOrderId: 'WO-7', number: 'WO-7' });
    const undecodable = await publisher.publishBytes(WorkOrderCompletedSchema.typeName, tenant, workOrderId, Uint8Array.of(0x0f));
    await publisher.publish(PartsReservationRequestedSchema, tenant, workOrderId, {
      workOrderId,
      number: 'WO-8',
      lines: [{ lineId: 'l1', partId, storeroomId: store, quantity: '2' }],
    });

    await expectEventually(async () => {
      const stock = await t.http().get(`/api/v1/parts/${partId}/stock`).set(auth());
      expect(stock.body.items).toEqual([expect.objectContaining({ storeroomId: store, reserved: '2' })]);
    });
    expect(await deadLettersOf(woTopic, badId)).toEqual([{ error: 'PermanentEventError: work_order_id is not a uuid', attempts: '1' }]);
    expect(await deadLettersOf(woTopic, undecodable)).toEqual([
      { error: expect.stringMatching(/^PermanentEventError: payload is not a valid mate\.workorders\.v1\.WorkOrderCompleted/), attempts: '1' },
    ]);
  });
});
