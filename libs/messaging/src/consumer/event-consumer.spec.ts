import type { Kafka } from 'kafkajs';
import { EventConsumer } from './event-consumer';

/** Just enough of kafkajs to drive the consumer's instrumentation events. */
function fakeKafka() {
  const listeners = new Map<string, (event: { payload: { error: Error; restart: boolean } }) => void>();
  const events = { GROUP_JOIN: 'group_join', REBALANCING: 'rebalancing', STOP: 'stop', CRASH: 'crash' };
  const consumer = {
    events,
    on: (name: string, listener: (event: { payload: { error: Error; restart: boolean } }) => void) =>
      listeners.set(name, listener),
  };
  const kafka = { consumer: () => consumer, producer: () => ({}) } as unknown as Kafka;
  const emit = (name: string, payload = { error: new Error('boom'), restart: false }) => listeners.get(name)?.({ payload });
  return { kafka, emit, events };
}

describe('EventConsumer health signals', () => {
  function consumerWith(kafka: Kafka) {
    return new EventConsumer({ kafka, groupId: 'mate.test', topics: ['t'], handle: async () => 'processed' });
  }

  it('stays alive through crashes kafkajs restarts from, and dies on one it gives up on', () => {
    const { kafka, emit, events } = fakeKafka();
    const consumer = consumerWith(kafka);
    emit(events.CRASH, { error: new Error('coordinator moved'), restart: true });
    expect(consumer.isAlive).toBe(true);
    emit(events.CRASH, { error: new Error('fatal'), restart: false });
    expect(consumer.isAlive).toBe(false);
  });

  it('reports group membership from join until a rebalance or stop', () => {
    const { kafka, emit, events } = fakeKafka();
    const consumer = consumerWith(kafka);
    expect(consumer.hasJoinedGroup).toBe(false);
    emit(events.GROUP_JOIN);
    expect(consumer.hasJoinedGroup).toBe(true);
    emit(events.REBALANCING);
    expect(consumer.hasJoinedGroup).toBe(false);
    emit(events.GROUP_JOIN);
    emit(events.STOP);
    expect(consumer.hasJoinedGroup).toBe(false);
  });
});
