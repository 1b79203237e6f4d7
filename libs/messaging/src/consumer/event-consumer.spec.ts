import type { ConsumerRunConfig, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { toKafkaHeaders } from '../envelope/cloud-event-envelope';
import { EventConsumer, type ReceivedEvent } from './event-consumer';

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

describe('EventConsumer run size and partitions at once', () => {
  /** A consumer whose run() only records its config, so a test can hand it batches itself. */
  function runnableKafka() {
    const ran: ConsumerRunConfig[] = [];
    const consumer = {
      events: {},
      on: () => undefined,
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async (config: ConsumerRunConfig) => void ran.push(config),
    };
    const kafka = { consumer: () => consumer, producer: () => ({ connect: async () => undefined }) } as unknown as Kafka;
    return { kafka, ran };
  }

  function message(offset: number): KafkaMessage {
    const headers = toKafkaHeaders({
      id: `00000000-0000-4000-8000-${String(offset).padStart(12, '0')}`,
      source: '/mate/test',
      type: 'mate.test.v1.Thing',
      time: '2026-12-04T21:00:00Z',
      subject: 's',
      tenantId: '00000000-0000-4000-8000-000000000001',
    });
    return { offset: String(offset), key: null, value: Buffer.alloc(0), headers, timestamp: '0', attributes: 0 } as KafkaMessage;
  }

  async function runsOf(maxBatchSize: number | undefined, count: number) {
    const { kafka, ran } = runnableKafka();
    const runs: ReceivedEvent[][] = [];
    const consumer = new EventConsumer({
      kafka,
      groupId: 'mate.test',
      topics: ['t'],
      handle: async () => 'processed',
      handleBatch: async (events) => (runs.push(events), events.map(() => 'processed' as const)),
      maxBatchSize,
      partitionsConsumedConcurrently: 6,
    });
    await consumer.start();
    const resolved: string[] = [];
    const payload = {
      batch: { topic: 't', partition: 0, messages: Array.from({ length: count }, (_, index) => message(index)) },
      resolveOffset: (offset: string) => void resolved.push(offset),
      heartbeat: async () => undefined,
      commitOffsetsIfNecessary: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload;
    await ran[0].eachBatch!(payload);
    return { config: ran[0], sizes: runs.map((run) => run.length), resolved };
  }

  it('hands a fetched batch to the batch handler in runs of the configured size, resolving each run', async () => {
    const { config, sizes, resolved } = await runsOf(20, 45);
    expect(config.partitionsConsumedConcurrently).toBe(6);
    expect(sizes).toEqual([20, 20, 5]);
    expect(resolved).toEqual(['19', '39', '44']);
  });

  it('takes runs of 100 by default', async () => {
    expect((await runsOf(undefined, 150)).sizes).toEqual([100, 50]);
  });
});
