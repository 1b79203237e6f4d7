import { randomUUID } from 'node:crypto';
import { BackboneProbeSchema, dlqTopicOf, ProbeFailure, type BackboneProbe } from '@mate/contracts';
import { countAfterMarker, expectEventually, readTopic, testKafkaBrokers, uniqueName } from '@mate/testing';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Kafka, logLevel } from 'kafkajs';
import { EventBatchContext, OnEventBatch, type BatchedEvent } from '../src';
import {
  commitEvents,
  createProbeDatabase,
  effectsOf,
  probeEvent,
  startProbeService,
  type ProbeDatabase,
  type ProbeService,
} from './probe-fixture';

/** What each call of the batch handler received. */
const calls: Array<{ tenantId: string; probes: string[] }> = [];
/** Trace ids the active span of each call links to. */
const linkedTraces: string[][] = [];
let poisonFixed = false;

/**
 * A batch handler writing one effect row per event with one statement. Each row carries its own
 * event's tenant (not the context's), so row-level security rejects a call that mixed tenants or
 * ran with the wrong tenant set.
 */
@Controller()
class BatchProbeConsumer {
  @OnEventBatch(BackboneProbeSchema)
  async onProbes(@Payload() probes: BatchedEvent<BackboneProbe>[], @Ctx() ctx: EventBatchContext): Promise<void> {
    calls.push({ tenantId: ctx.tenantId, probes: probes.map(({ payload }) => `${payload.probeId}#${payload.sequence}`) });
    const span = trace.getActiveSpan() as unknown as ReadableSpan | undefined;
    linkedTraces.push(span?.links.map((link) => link.context.traceId) ?? []);
    if (!poisonFixed && probes.some(({ payload }) => payload.failure === ProbeFailure.ALWAYS)) {
      throw new Error('poison in this batch');
    }
    await ctx.manager.query(
      `insert into probe_effects (tenant_id, probe_id, sequence, event_id, consumer)
       select tenant_id, probe_id, sequence, event_id, 'batch'
       from unnest($1::uuid[], $2::text[], $3::bigint[], $4::uuid[]) with ordinality as e(tenant_id, probe_id, sequence, event_id, position)
       order by position`,
      [
        probes.map(({ envelope }) => envelope.tenantId),
        probes.map(({ payload }) => payload.probeId),
        probes.map(({ payload }) => payload.sequence.toString()),
        probes.map(({ envelope }) => envelope.id),
      ],
    );
  }
}

/**
 * `@OnEventBatch` handlers on the real broker and database. The events are published before
 * the consumer starts, on one partition, so the consumer fetches them together and applies them
 * as one run.
 */
describe('batch handlers (real broker and database)', () => {
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const kafka = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  let database: ProbeDatabase;
  let publisher: ProbeService;
  let consumer: ProbeService | undefined;
  let topic: string;

  beforeAll(async () => {
    // What the service's instrument.ts sets up through the OpenTelemetry SDK.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    database = await createProbeDatabase('mate_messaging_batch');
  });

  beforeEach(async () => {
    calls.length = 0;
    linkedTraces.length = 0;
    poisonFixed = false;
    topic = uniqueName('mate.test-batch') + '.v1';
    publisher = await startProbeService({ database, topic, partitions: 1, consume: false });
  });

  afterEach(async () => {
    await consumer?.close();
    consumer = undefined;
    await publisher?.close();
  });

  afterAll(async () => {
    await database?.owner.destroy();
  });

  async function publishAndWait(batches: Array<{ tenantId: string; probeId: string; sequences: number[]; poison?: number }>) {
    for (const { tenantId, probeId, sequences, poison } of batches) {
      await commitEvents(
        publisher,
        tenantId,
        sequences.map((sequence) => probeEvent(tenantId, probeId, sequence, sequence === poison ? ProbeFailure.ALWAYS : ProbeFailure.UNSPECIFIED)),
      );
    }
    await expectEventually(async () => {
      const [{ n }] = await database.owner.query('select count(*)::int as n from mate_outbox');
      expect(n).toBe(0);
    });
  }

  function startConsumer(): Promise<ProbeService> {
    return startProbeService({ database, topic, partitions: 1, relay: false, consumerController: BatchProbeConsumer });
  }

  it('calls the handler once per stretch of one tenant, in order, and each effect commits once', async () => {
    const a = `batch-a-${randomUUID()}`;
    const b = `batch-b-${randomUUID()}`;
    await publishAndWait([
      { tenantId: tenantA, probeId: a, sequences: [1, 2, 3, 4, 5] },
      { tenantId: tenantB, probeId: b, sequences: [1, 2, 3] },
      { tenantId: tenantA, probeId: a, sequences: [6, 7] },
    ]);
    consumer = await startConsumer();

    await expectEventually(async () => expect(await effectsOf(database, a)).toHaveLength(7));
    await expectEventually(async () => expect(await effectsOf(database, b)).toHaveLength(3));
    expect(calls).toEqual([
      { tenantId: tenantA, probes: [1, 2, 3, 4, 5].map((n) => `${a}#${n}`) },
      { tenantId: tenantB, probes: [1, 2, 3].map((n) => `${b}#${n}`) },
      { tenantId: tenantA, probes: [6, 7].map((n) => `${a}#${n}`) },
    ]);
    expect((await effectsOf(database, a)).map((row) => Number(row.sequence))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('runs each call in a span linked to the producers’ traces', async () => {
    const a = `batch-traced-${randomUUID()}`;
    const producerTraces: string[] = [];
    for (const sequence of [1, 2]) {
      await trace.getTracer('test').startActiveSpan(`create ${sequence}`, async (active) => {
        await commitEvents(publisher, tenantA, [probeEvent(tenantA, a, sequence)]);
        producerTraces.push(active.spanContext().traceId);
        active.end();
      });
    }
    await expectEventually(async () => {
      const [{ n }] = await database.owner.query('select count(*)::int as n from mate_outbox');
      expect(n).toBe(0);
    });
    consumer = await startConsumer();
    await expectEventually(async () => expect(await effectsOf(database, a)).toHaveLength(2));
    expect(calls).toHaveLength(1);
    expect(linkedTraces).toEqual([producerTraces]);
  });

  it('has no second effect when the same events are delivered again', async () => {
    const a = `batch-redelivered-${randomUUID()}`;
    await publishAndWait([{ tenantId: tenantA, probeId: a, sequences: [1, 2, 3, 4] }]);
    consumer = await startConsumer();
    await expectEventually(async () => expect(await effectsOf(database, a)).toHaveLength(4));

    // The same messages (same ce_id) once more, as after a relay crash or a replay.
    const delivered = await readTopic(topic, { idleMs: 1_000, firstMessageMs: 30_000 });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: delivered.map(({ message }) => ({ key: message.key, value: message.value, headers: message.headers })) });
    await producer.disconnect();
    const after = await database.owner.query('select count(*)::int as n from mate_inbox where event_id = any($1::uuid[])', [
      (await effectsOf(database, a)).map((row) => row.event_id),
    ]);
    expect(after).toEqual([{ n: 4 }]);

    // A marker published behind the duplicates (one partition) shows the consumer went past them.
    const marker = `batch-marker-${randomUUID()}`;
    const effects = await countAfterMarker(
      {
        send: () => publishAndWait([{ tenantId: tenantA, probeId: marker, sequences: [1] }]),
        arrived: async () => expect(await effectsOf(database, marker)).toHaveLength(1),
      },
      () => effectsOf(database, a),
    );
    expect(effects).toHaveLength(4);
    expect(calls.flatMap((call) => call.probes).filter((probe) => probe.startsWith(a))).toHaveLength(4);
  });

  it('replays a failed call one event per call: the poison event goes to the DLQ, the others take effect once', async () => {
    const a = `batch-poison-${randomUUID()}`;
    await publishAndWait([{ tenantId: tenantA, probeId: a, sequences: [1, 2, 3], poison: 2 }]);
    consumer = await startConsumer();

    await expectEventually(async () => expect((await effectsOf(database, a)).map((row) => Number(row.sequence))).toEqual([1, 3]));
    const deadLetters = await readTopic(dlqTopicOf(topic), { idleMs: 1_000, firstMessageMs: 30_000 });
    expect(deadLetters).toHaveLength(1);
    expect(calls[0].probes).toEqual([`${a}#1`, `${a}#2`, `${a}#3`]);
    // Then one by one: #1, #2 until its attempts run out (3 in the fixture), #3.
    expect(calls.slice(1).map((call) => call.probes)).toEqual([[`${a}#1`], [`${a}#2`], [`${a}#2`], [`${a}#2`], [`${a}#3`]]);
  });
});
