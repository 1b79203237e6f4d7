import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createIdempotentProducer } from '@mate/messaging';
import { uniqueName } from '@mate/testing';
import {
  commitStateChange,
  createBenchDatabase,
  ProbeEventFactory,
  startBenchProbeService,
  type BenchDatabase,
} from '../fixtures/probe-service';
import { createTopic, deleteTopicsAndGroups, rawProbeMessage, startRawConsumer } from '../fixtures/raw-kafka';
import { runInterleaved } from '../harness/interleave';
import { startResourceMeter, type ResourceUsage } from '../harness/resources';
import { figure, medianOfPresent } from '../harness/stats';
import type { Benchmark, BenchContext, JsonValue } from '../harness/types';

export interface ThroughputSizes {
  events: number;
  /** Concurrent producers, each committing one state change + its events per transaction. */
  writers: number;
  eventsPerTransaction: number;
  partitions: number;
  /** Messages per kafkajs sendBatch in the baseline: the relay's default batch. */
  baselineBatch: number;
}

export interface ThroughputSample {
  eventsPerSecond: number;
  elapsedMs: number;
  /** ms after the first commit (subject) or first send (baseline). */
  stages: Record<string, number>;
  resources: ResourceUsage;
}

const FULL: ThroughputSizes = { events: 20_000, writers: 4, eventsPerTransaction: 10, partitions: 3, baselineBatch: 500 };
const SMOKE: ThroughputSizes = { ...FULL, events: 300 };
const WARMUP_EVENTS = 5_000;
const POLL_MS = 20;
const TIMEOUT_MS = 10 * 60_000;

/** One aggregate (Kafka key) per state change; the events of one transaction share it. */
export function aggregateIdOf(tag: string, transaction: number): string {
  return `${tag}-${String(transaction).padStart(6, '0')}`;
}

/**
 * Subject: N producers commit state changes with their events through the outbox; the relay
 * publishes them; the service's own consumer applies each effect once (inbox + effect row in one
 * transaction). Timed from the first commit until `bench_effects` holds all N rows.
 */
export async function measureBackboneThroughput(
  ctx: BenchContext,
  database: BenchDatabase,
  sizes: ThroughputSizes,
): Promise<ThroughputSample> {
  await database.reset();
  const tag = uniqueName('b1').replace(/^b1-/, '');
  const serviceName = `bench-b1-${tag}`;
  const topic = `mate.${serviceName}.v1`;
  const factory = new ProbeEventFactory(randomUUID(), aggregateIdOf(tag, 0));
  const service = await startBenchProbeService({
    database,
    brokers: ctx.brokers,
    serviceName,
    topic,
    partitions: sizes.partitions,
    handler: { notifyEffects: false },
  });
  try {
    const transactions = Math.ceil(sizes.events / sizes.eventsPerTransaction);
    const events = transactions * sizes.eventsPerTransaction;
    let next = 0;
    let firstCommit: number | undefined;
    let committedAt: number | undefined;
    let writerError: unknown;
    const meter = startResourceMeter();
    const writers = Promise.all(
      Array.from({ length: sizes.writers }, async () => {
        for (let i = next++; i < transactions; i = next++) {
          await commitStateChange(service, factory, aggregateIdOf(tag, i), sizes.eventsPerTransaction);
          firstCommit ??= performance.now();
        }
      }),
    ).then(
      () => void (committedAt = performance.now()),
      (error: unknown) => void (writerError = error),
    );

    let drainedAt: number | undefined;
    let doneAt: number | undefined;
    /** When the writers were done: from here on the consumer drains its backlog with no producer load. */
    let consumerAlone: { at: number; effects: number } | undefined;
    const started = performance.now();
    while (doneAt === undefined) {
      await sleep(POLL_MS);
      if (writerError) throw writerError;
      const writersDone = committedAt !== undefined;
      // Kept cheap, as it shares the machine with the subject: the effects' highest identity is an
      // index lookup where count(*) would scan a growing table; the outbox is looked at only from
      // when the writers are done until it is empty. count(*) confirms the end (a rolled-back run
      // burns identity values).
      const [progress] = await database.owner.query<Array<{ lastEffect: number; outboxEmpty: boolean | null }>>(
        `select coalesce((select max(id) from bench_effects), 0)::int as "lastEffect",
                case when $1 then not exists (select 1 from mate_outbox) end as "outboxEmpty"`,
        [writersDone && drainedAt === undefined],
      );
      const now = performance.now();
      if (writersDone && consumerAlone === undefined) consumerAlone = { at: now, effects: await countEffects(database) };
      if (progress.outboxEmpty) drainedAt = now;
      if (progress.lastEffect >= events && (await countEffects(database)) >= events) doneAt = now;
      if (now - started > TIMEOUT_MS) throw new Error(`B1 subject: ${await countEffects(database)}/${events} effects after ${TIMEOUT_MS} ms`);
    }
    const resources = meter.stop();
    await writers;
    const [check] = await database.owner.query<Array<{ effects: number; inbox: number }>>(
      'select (select count(*) from bench_effects)::int as effects, (select count(*) from mate_inbox)::int as inbox',
    );
    if (check.effects !== events || check.inbox !== events) {
      throw new Error(`B1 subject: ${check.effects} effects and ${check.inbox} inbox rows for ${events} events`);
    }
    const origin = firstCommit ?? started;
    const elapsedMs = doneAt - origin;
    return {
      eventsPerSecond: events / (elapsedMs / 1000),
      elapsedMs,
      stages: {
        allCommittedMs: (committedAt ?? doneAt) - origin,
        outboxDrainedMs: (drainedAt ?? doneAt) - origin,
        allEffectsMs: elapsedMs,
        // Events/s the consumer applied while the writers were still committing.
        consumerWithWritersEventsPerSecond: consumerAlone
          ? consumerAlone.effects / ((consumerAlone.at - origin) / 1000)
          : NaN,
        // Events/s the consumer applied once it was alone (NaN when it was never behind).
        consumerAloneEventsPerSecond:
          consumerAlone && doneAt - consumerAlone.at > 500
            ? (events - consumerAlone.effects) / ((doneAt - consumerAlone.at) / 1000)
            : NaN,
      },
      resources,
    };
  } finally {
    await service.close();
    await deleteTopicsAndGroups(ctx.kafka, [topic, `${topic}.dlq`], [`mate.${serviceName}`]);
  }
}

async function countEffects(database: BenchDatabase): Promise<number> {
  const [{ effects }] = await database.owner.query<Array<{ effects: number }>>('select count(*)::int as effects from bench_effects');
  return effects;
}

/**
 * Baseline: the same 1 KB messages (same key, value and CloudEvents headers) sent with kafkajs
 * `sendBatch` on the same idempotent producer settings the relay uses, read by a plain kafkajs
 * consumer (eachMessage) that only counts. No database. Timed from the first send until the
 * consumer has seen all N.
 */
export async function measureRawThroughput(ctx: BenchContext, sizes: ThroughputSizes): Promise<ThroughputSample> {
  const tag = uniqueName('raw').replace(/^raw-/, '');
  const topic = `mate.bench-b1-raw-${tag}.v1`;
  const groupId = `mate.bench-b1-raw-${tag}`;
  const factory = new ProbeEventFactory(randomUUID(), aggregateIdOf(tag, 0));
  const transactions = Math.ceil(sizes.events / sizes.eventsPerTransaction);
  const events = transactions * sizes.eventsPerTransaction;
  await createTopic(ctx.kafka, topic, sizes.partitions);
  let received = 0;
  let doneAt: number | undefined;
  let signalDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (signalDone = resolve));
  const consumer = await startRawConsumer(ctx.kafka, groupId, topic, () => {
    received += 1;
    if (received === events) {
      doneAt = performance.now();
      signalDone();
    }
  });
  const producer = createIdempotentProducer(ctx.kafka);
  await producer.connect();
  try {
    const meter = startResourceMeter();
    const started = performance.now();
    let batch = [];
    for (let i = 0; i < transactions; i += 1) {
      const aggregateId = aggregateIdOf(tag, i);
      for (let sequence = 1; sequence <= sizes.eventsPerTransaction; sequence += 1) {
        batch.push(rawProbeMessage(factory, aggregateId, sequence).message);
      }
      if (batch.length >= sizes.baselineBatch || i === transactions - 1) {
        await producer.sendBatch({ topicMessages: [{ topic, messages: batch }], acks: -1 });
        batch = [];
      }
    }
    const sentAt = performance.now();
    const timeout = sleep(TIMEOUT_MS).then(() => {
      throw new Error(`B1 baseline: ${received}/${events} messages after ${TIMEOUT_MS} ms`);
    });
    await Promise.race([done, timeout]);
    const resources = meter.stop();
    const elapsedMs = (doneAt ?? performance.now()) - started;
    return {
      eventsPerSecond: events / (elapsedMs / 1000),
      elapsedMs,
      stages: { allSentMs: sentAt - started, allConsumedMs: elapsedMs },
      resources,
    };
  } finally {
    await producer.disconnect();
    await consumer.stop();
    await deleteTopicsAndGroups(ctx.kafka, [topic], [groupId]);
  }
}

function describeSample(sample: ThroughputSample): string {
  const stages = Object.entries(sample.stages)
    .map(([name, ms]) => `${name} ${Math.round(ms)}`)
    .join(', ');
  return (
    `${Math.round(sample.eventsPerSecond)} events/s (${stages} ms; node ${sample.resources.processCores.toFixed(2)} cores, ` +
    `ELU ${sample.resources.eventLoopUtilization.toFixed(2)}, machine CPU ${formatShare(sample.resources.machineCpu)})`
  );
}

function formatShare(share: number | null): string {
  return share === null || Number.isNaN(share) ? 'n/a' : `${Math.round(share * 100)} %`;
}

function medianOf(samples: ThroughputSample[], pick: (sample: ThroughputSample) => number | null | undefined): number {
  return medianOfPresent(samples.map(pick));
}

function samplesJson(samples: ThroughputSample[]): JsonValue {
  return samples.map((sample) => ({
    eventsPerSecond: sample.eventsPerSecond,
    elapsedMs: sample.elapsedMs,
    stages: sample.stages,
    resources: { ...sample.resources },
  }));
}

export const b1BackboneThroughput: Benchmark = {
  id: 'B1',
  title: 'Backbone throughput: commit + outbox → relay → Kafka → idempotent consumer',
  goal: {
    description:
      'End-to-end throughput of 1 KB protobuf events, with each effect committed exactly once, is at least a quarter of raw kafkajs produce → consume on the same broker.',
    ratioAtLeast: 0.25,
  },
  async run(ctx, { smoke, reps }) {
    const sizes = smoke ? SMOKE : FULL;
    const warmup = smoke ? 0 : 1;
    const repetitions = reps ?? (smoke ? 1 : 5);
    const database = await createBenchDatabase('mate_bench_b1');
    try {
      const samples = await runInterleaved<ThroughputSample>({
        warmup,
        reps: repetitions,
        baseline: (rep) => measureRawThroughput(ctx, rep.warmup ? { ...sizes, events: WARMUP_EVENTS } : sizes),
        subject: (rep) => measureBackboneThroughput(ctx, database, rep.warmup ? { ...sizes, events: WARMUP_EVENTS } : sizes),
        log: ctx.log,
        onRetry: ctx.noteRetry,
        describe: describeSample,
      });
      const payloadBytes = new ProbeEventFactory(randomUUID(), aggregateIdOf(uniqueName('b1').slice(3), 0)).eventBytes();
      const subject = samples.subject;
      const allCommitted = medianOf(subject, (s) => s.stages.allCommittedMs);
      const drained = medianOf(subject, (s) => s.stages.outboxDrainedMs);
      const effects = medianOf(subject, (s) => s.stages.allEffectsMs);
      const consumerAloneRate = medianOf(subject, (s) => s.stages.consumerAloneEventsPerSecond);
      const consumerWithWritersRate = medianOf(subject, (s) => s.stages.consumerWithWritersEventsPerSecond);
      const events = Math.ceil(sizes.events / sizes.eventsPerTransaction) * sizes.eventsPerTransaction;
      return {
        figures: [
          figure(
            'throughput',
            'events/s',
            true,
            subject.map((s) => s.eventsPerSecond),
            samples.baseline.map((s) => s.eventsPerSecond),
          ),
        ],
        parameters: {
          events,
          'payload bytes': payloadBytes,
          writers: sizes.writers,
          'events per transaction': sizes.eventsPerTransaction,
          partitions: sizes.partitions,
          'baseline sendBatch size': sizes.baselineBatch,
          'warm-up pairs': warmup,
          repetitions,
        },
        notes: [
          `Subject stages (medians, from the first commit): all ${events} events committed after ${(allCommitted / 1000).toFixed(2)} s ` +
            `(${Math.round(events / (allCommitted / 1000))} events/s offered by ${sizes.writers} writers), outbox drained by the relay after ` +
            `${(drained / 1000).toFixed(2)} s, last consumer effect committed after ${(effects / 1000).toFixed(2)} s.` +
            (Number.isNaN(consumerAloneRate)
              ? ''
              : ` Once the writers were done the consumer, alone, applied ${Math.round(consumerAloneRate)} events/s ` +
                `(${(1000 / consumerAloneRate).toFixed(2)} ms per event, in runs of up to 25 events per inbox transaction); ` +
                `while the writers were committing it applied only ${Math.round(consumerWithWritersRate)} events/s.`),
          `Subject resources (medians): this Node process used ${medianOf(subject, (s) => s.resources.processCores).toFixed(2)} cores ` +
            `with event-loop utilization ${medianOf(subject, (s) => s.resources.eventLoopUtilization).toFixed(2)}; ` +
            `machine CPU ${formatShare(medianOf(subject, (s) => s.resources.machineCpu))} (all cores, every process). ` +
            `Baseline: ${medianOf(samples.baseline, (s) => s.resources.processCores).toFixed(2)} cores, machine CPU ` +
            `${formatShare(medianOf(samples.baseline, (s) => s.resources.machineCpu))}.`,
        ],
        details: { subject: samplesJson(subject), baseline: samplesJson(samples.baseline), order: samples.order },
      };
    } finally {
      await database.close();
    }
  },
};
