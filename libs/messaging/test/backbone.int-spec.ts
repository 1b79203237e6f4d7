import { randomUUID } from 'node:crypto';
import { ProbeFailure } from '@mate/contracts';
import { withTenantTransaction } from '@mate/database';
import { countAfterMarker, expectEventually, readTopic, testKafkaBrokers, uniqueName } from '@mate/testing';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { Kafka, logLevel } from 'kafkajs';
import { DLQ_HEADERS, dlqTopicOf, ENVELOPE_HEADERS as CE_HEADERS } from '@mate/contracts';
import {
  headerText,
  processOnce,
  replayDeadLetters,
  toKafkaHeaders,
} from '../src';
import {
  commitEvents,
  createProbeDatabase,
  effectsOf,
  IMPOSSIBLE_PROBE,
  probeBehaviour,
  probeEvent,
  startProbeService,
  type ProbeDatabase,
  type ProbeService,
} from './probe-fixture';

/** Every message of a topic (headers as text), read until it goes quiet; waits up to 15 s for the first. */
async function readTopicHeaders(topic: string, idleMs = 3_000) {
  return (await readTopic(topic, { idleMs, firstMessageMs: 15_000 })).map(({ partition, message }) => ({
    key: message.key?.toString(),
    headers: Object.fromEntries(Object.keys(message.headers ?? {}).map((name) => [name, headerText(message.headers, name)])),
    partition,
    offset: message.offset,
  }));
}

describe('event backbone: outbox → Kafka → idempotent consumer (real broker and database)', () => {
  const tenantId = randomUUID();
  const topic = uniqueName('mate.test-backbone') + '.v1';
  const kafka = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  let database: ProbeDatabase;
  let service: ProbeService;

  beforeAll(async () => {
    // What the service's instrument.ts sets up through the OpenTelemetry SDK.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    database = await createProbeDatabase('mate_messaging_test');
    service = await startProbeService({ database, topic });
  });

  afterAll(async () => {
    await service?.close();
    await database?.owner.destroy();
  });

  it('delivers committed events exactly once, in order per aggregate', async () => {
    const aggregates = ['pump-1', 'pump-2', 'pump-3', 'pump-4'].map((name) => `${name}-${randomUUID()}`);
    for (let sequence = 1; sequence <= 25; sequence += 1) {
      await commitEvents(
        service,
        tenantId,
        aggregates.map((aggregate) => probeEvent(tenantId, aggregate, sequence)),
      );
    }
    for (const aggregate of aggregates) {
      const effects = await expectEventually(async () => {
        const rows = await effectsOf(database, aggregate);
        expect(rows).toHaveLength(25);
        return rows;
      });
      expect(effects.map((row) => Number(row.sequence))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    }
    // Every event left the outbox.
    await expectEventually(async () =>
      expect(await database.owner.query('select count(*)::int as n from mate_outbox')).toEqual([{ n: 0 }]),
    );
  });

  it('publishes nothing from a transaction that rolled back', async () => {
    const aggregate = `rolled-back-${randomUUID()}`;
    await expect(
      withTenantTransaction(service.dataSource, tenantId, async (manager) => {
        await service.outbox.append(manager, [probeEvent(tenantId, aggregate, 1)]);
        throw new Error('business rule failed after the event was appended');
      }),
    ).rejects.toThrow('business rule failed');
    // The marker: a later event of the same aggregate, so the same partition, behind anything the
    // rolled-back transaction could have published.
    const effects = await countAfterMarker(
      {
        send: () => commitEvents(service, tenantId, [probeEvent(tenantId, aggregate, 2)]),
        arrived: async () => expect((await effectsOf(database, aggregate)).map((row) => Number(row.sequence))).toContain(2),
      },
      () => effectsOf(database, aggregate),
    );
    expect(effects.map((row) => Number(row.sequence))).toEqual([2]);
  });

  it('writes the CloudEvents binary envelope: headers, key = aggregate id, protobuf value', async () => {
    const aggregate = `envelope-${randomUUID()}`;
    const [eventId] = await commitEvents(service, tenantId, [probeEvent(tenantId, aggregate, 1)]);
    await expectEventually(async () => expect(await effectsOf(database, aggregate)).toHaveLength(1));
    const message = (await readTopicHeaders(topic, 1_000)).find((m) => m.headers[CE_HEADERS.id] === eventId);
    expect(message).toBeDefined();
    expect(message?.key).toBe(aggregate);
    expect(message?.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: eventId,
      ce_source: '/mate/probe',
      ce_type: 'mate.platform.v1.BackboneProbe',
      ce_subject: aggregate,
      ce_tenantid: tenantId,
      'content-type': 'application/protobuf',
    });
    expect(new Date(message?.headers.ce_time ?? '').toString()).not.toBe('Invalid Date');
  });

  it('continues the producer trace in the consumer (traceparent stored on the outbox row)', async () => {
    const aggregate = `traced-${randomUUID()}`;
    const span = trace.getTracer('test').startSpan('http request');
    const traceId = span.spanContext().traceId;
    await trace
      .getTracer('test')
      .startActiveSpan('create', async (active) => {
        await commitEvents(service, tenantId, [probeEvent(tenantId, aggregate, 1)]);
        active.end();
        return active.spanContext().traceId;
      })
      .then(async (producerTraceId) => {
        const [effect] = await expectEventually(async () => {
          const rows = await effectsOf(database, aggregate);
          expect(rows).toHaveLength(1);
          return rows;
        });
        expect(effect.trace_id).toBe(producerTraceId);
        expect(effect.trace_id).not.toBe(traceId);
      });
    span.end();
  });

  it('retries a transiently failing handler and applies its effect once', async () => {
    const aggregate = `transient-${randomUUID()}`;
    const [eventId] = await commitEvents(service, tenantId, [probeEvent(tenantId, aggregate, 1, ProbeFailure.ONCE)]);
    await expectEventually(async () => expect(await effectsOf(database, aggregate)).toHaveLength(1));
    expect(probeBehaviour.attempts.get(eventId)).toBe(2);
    expect(await effectsOf(database, aggregate)).toHaveLength(1);
  });

  it('dead-letters a poison message without blocking its partition, then replays it', async () => {
    probeBehaviour.poisonFixed = false;
    const aggregate = `poison-${randomUUID()}`;
    // Same aggregate, so the same partition: the messages after the poison must still flow.
    const [poisonId] = await commitEvents(service, tenantId, [
      probeEvent(tenantId, aggregate, 1, ProbeFailure.ALWAYS),
      probeEvent(tenantId, aggregate, 2),
      probeEvent(tenantId, aggregate, 3),
    ]);
    await expectEventually(async () =>
      expect((await effectsOf(database, aggregate)).map((row) => Number(row.sequence))).toEqual([2, 3]),
    );
    // 3 attempts on the one-by-one path (plus, maybe, the failed batch it was part of).
    expect(probeBehaviour.attempts.get(poisonId)).toBeGreaterThanOrEqual(3);

    const dead = (await readTopicHeaders(dlqTopicOf(topic))).filter((m) => m.headers[CE_HEADERS.id] === poisonId);
    expect(dead).toHaveLength(1);
    expect(dead[0].key).toBe(aggregate);
    expect(dead[0].headers).toMatchObject({
      [DLQ_HEADERS.attempts]: '3',
      [DLQ_HEADERS.originalTopic]: topic,
      [DLQ_HEADERS.consumerGroup]: 'mate.probe',
      [CE_HEADERS.type]: 'mate.platform.v1.BackboneProbe',
    });
    expect(dead[0].headers[DLQ_HEADERS.error]).toContain('is poison');
    expect(dead[0].headers[DLQ_HEADERS.originalPartition]).toMatch(/^\d+$/);
    expect(dead[0].headers[DLQ_HEADERS.originalOffset]).toMatch(/^\d+$/);

    // The bug is fixed: replay puts the message back on its topic with the same ce_id.
    probeBehaviour.poisonFixed = true;
    const progress = await replayDeadLetters({
      kafka,
      deadLetterTopic: dlqTopicOf(topic),
      eventIds: [poisonId],
    });
    expect(progress.replayed).toBe(1);
    await expectEventually(async () =>
      expect((await effectsOf(database, aggregate)).map((row) => Number(row.sequence)).sort()).toEqual([1, 2, 3]),
    );
    // Replaying again is harmless: the inbox already holds the event. The marker (same aggregate,
    // so the same partition) comes behind the second replay.
    const again = await replayDeadLetters({ kafka, deadLetterTopic: dlqTopicOf(topic), eventIds: [poisonId] });
    expect(again.replayed).toBe(1);
    const sequences = await countAfterMarker(
      {
        send: () => commitEvents(service, tenantId, [probeEvent(tenantId, aggregate, 4)]),
        arrived: async () => expect((await effectsOf(database, aggregate)).map((row) => Number(row.sequence))).toContain(4),
      },
      async () => (await effectsOf(database, aggregate)).map((row) => Number(row.sequence)).sort(),
    );
    expect(sequences).toEqual([1, 2, 3, 4]);
  });

  it('dead-letters an event its handler finds impossible (PermanentEventError) after one attempt, and keeps its partition flowing', async () => {
    const aggregate = `${IMPOSSIBLE_PROBE}${randomUUID()}`;
    const next = `after-impossible-${randomUUID()}`;
    // Same key, so the same partition: the event after it must still take effect.
    const [impossibleId] = await commitEvents(service, tenantId, [
      probeEvent(tenantId, aggregate, 1),
      { ...probeEvent(tenantId, next, 1), subject: aggregate },
    ]);
    const dead = await expectEventually(async () => {
      const found = (await readTopicHeaders(dlqTopicOf(topic), 1_000)).filter((m) => m.headers[CE_HEADERS.id] === impossibleId);
      expect(found).toHaveLength(1);
      return found[0];
    });
    expect(dead.headers[DLQ_HEADERS.attempts]).toBe('1');
    expect(dead.headers[DLQ_HEADERS.error]).toMatch(/^PermanentEventError: probe .* can never succeed/);
    // One attempt on the one-by-one path, plus, maybe, the run it came in (rolled back as a whole):
    // never the 3 attempts a failure that may pass gets (the "poison" test).
    expect(probeBehaviour.attempts.get(impossibleId)).toBeLessThanOrEqual(2);
    await expectEventually(async () => expect(await effectsOf(database, next)).toHaveLength(1));
    expect(await effectsOf(database, aggregate)).toHaveLength(0);
  });

  it('dead-letters an event whose payload does not decode with its schema after one attempt, without calling the handler', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const malformedId = randomUUID();
    await producer.send({
      topic,
      messages: [
        {
          key: 'malformed',
          value: Buffer.from([0x0f]), // field 1 with wire type 7: no protobuf message reads it
          headers: toKafkaHeaders({
            id: malformedId,
            source: '/mate/probe',
            type: 'mate.platform.v1.BackboneProbe',
            time: new Date().toISOString(),
            subject: 'malformed',
            tenantId,
          }),
        },
      ],
    });
    await producer.disconnect();
    const dead = await expectEventually(async () => {
      const found = (await readTopicHeaders(dlqTopicOf(topic), 1_000)).filter((m) => m.headers[CE_HEADERS.id] === malformedId);
      expect(found).toHaveLength(1);
      return found[0];
    });
    expect(dead.headers[DLQ_HEADERS.attempts]).toBe('1');
    expect(dead.headers[DLQ_HEADERS.error]).toContain('PermanentEventError: payload is not a valid mate.platform.v1.BackboneProbe');
    expect(probeBehaviour.attempts.has(malformedId)).toBe(false);
  });

  it('skips event types it has no handler for, and keeps consuming', async () => {
    // The next event of the same key (so the same partition) is the marker: it takes effect only
    // once the consumer has gone past the unknown one.
    const after = `after-unknown-${randomUUID()}`;
    const producer = kafka.producer();
    await producer.connect();
    const unknownId = randomUUID();
    await producer.send({
      topic,
      messages: [
        {
          key: after,
          value: Buffer.from('not protobuf'),
          headers: toKafkaHeaders({
            id: unknownId,
            source: '/mate/elsewhere',
            type: 'mate.elsewhere.v1.SomethingNew',
            time: new Date().toISOString(),
            subject: 'unknown',
            tenantId,
          }),
        },
      ],
    });
    await producer.disconnect();
    const dead = await countAfterMarker(
      {
        send: () => commitEvents(service, tenantId, [probeEvent(tenantId, after, 1)]),
        arrived: async () => expect(await effectsOf(database, after)).toHaveLength(1),
      },
      () => readTopicHeaders(dlqTopicOf(topic), 1_000),
    );
    expect(dead.some((m) => m.headers[CE_HEADERS.id] === unknownId)).toBe(false);
  });

  it('dead-letters a message without a valid envelope at once', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'garbage', value: Buffer.from('x'), headers: { ce_id: 'x' } }] });
    await producer.disconnect();
    await expectEventually(async () => {
      const dead = await readTopicHeaders(dlqTopicOf(topic), 1_000);
      const garbage = dead.find((m) => m.key === 'garbage');
      expect(garbage?.headers[DLQ_HEADERS.error]).toContain('ce_specversion');
      expect(garbage?.headers[DLQ_HEADERS.attempts]).toBe('1');
    });
  });

  it('gives a redelivered event (same ce_id) no second effect, even when two replicas race', async () => {
    const aggregate = `race-${randomUUID()}`;
    const envelope = {
      id: randomUUID(),
      source: '/mate/probe',
      type: 'mate.platform.v1.BackboneProbe',
      time: new Date().toISOString(),
      subject: aggregate,
      tenantId,
    };
    const effect = (consumer: string) => async (manager: import('typeorm').EntityManager) => {
      await manager.query(
        `insert into probe_effects (tenant_id, probe_id, sequence, event_id, consumer) values ($1, $2, 1, $3, $4)`,
        [tenantId, aggregate, envelope.id, consumer],
      );
      // Hold the transaction open so the other replica's insert has to wait on the inbox key.
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    const outcomes = await Promise.all([
      processOnce(service.dataSource, 'mate.probe', envelope, effect('a')),
      processOnce(service.dataSource, 'mate.probe', envelope, effect('b')),
    ]);
    expect(outcomes.sort()).toEqual(['duplicate', 'processed']);
    expect(await processOnce(service.dataSource, 'mate.probe', envelope, effect('c'))).toBe('duplicate');
    expect(await effectsOf(database, aggregate)).toHaveLength(1);
  });

  it('prunes inbox rows past their retention, keeping recent ones', async () => {
    const old = randomUUID();
    const recent = randomUUID();
    await database.owner.query(
      `insert into mate_inbox (consumer_group, event_id, event_type, processed_at)
       values ('mate.probe', $1, 't', now() - interval '40 days'), ('mate.probe', $2, 't', now() - interval '1 day')`,
      [old, recent],
    );
    expect(await service.runtime.pruneInbox()).toBeGreaterThanOrEqual(1);
    const left: Array<{ event_id: string }> = await database.owner.query(
      'select event_id from mate_inbox where event_id = any($1::uuid[])',
      [[old, recent]],
    );
    expect(left.map((row) => row.event_id)).toEqual([recent]);
  });

  it('reports consumer liveness and group membership for the health endpoints', async () => {
    const transport = service.runtime.transport;
    expect(transport?.isAlive).toBe(true);
    await expectEventually(() => expect(transport?.hasJoinedGroup).toBe(true));
  });
});
