import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENVELOPE_HEADERS } from '@mate/contracts';
import { createIdempotentProducer, headerText } from '@mate/messaging';
import { uniqueName } from '@mate/testing';
import { Client } from 'pg';
import {
  commitStateChange,
  createBenchDatabase,
  EFFECT_CHANNEL,
  ProbeEventFactory,
  startBenchProbeService,
  type BenchDatabase,
} from '../fixtures/probe-service';
import { createTopic, deleteTopicsAndGroups, rawProbeMessage, readAppendTimes, startRawConsumer } from '../fixtures/raw-kafka';
import { runInterleaved } from '../harness/interleave';
import { runOpenLoop } from '../harness/pacing';
import { startResourceMeter, type ResourceUsage } from '../harness/resources';
import { figure, max, median, medianOfPresent, min, percentiles } from '../harness/stats';
import type { Benchmark, BenchContext, JsonValue } from '../harness/types';
import { aggregateIdOf, measureBackboneThroughput, type ThroughputSizes } from './b1-backbone-throughput';

interface LatencySizes {
  /** Offered load in events/s (open loop). */
  eventsPerSecond: number;
  eventsPerTransaction: number;
  durationMs: number;
  partitions: number;
}

/** p50 / p99 / p99.9 / max of one stage, in ms. */
interface Distribution {
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * The consumer's service time per event under this load: the gap between two consecutive handler
 * starts when the second event was already on the broker before the first started, i.e. it was
 * queued and the gap is pure work on the first (its transaction, the fetch and framework overhead).
 * The probe's handler is a batch handler: the events of one call start together, so most gaps are
 * 0 and the mean is the per-event share of a call (its percentiles say little).
 */
interface ServiceTime {
  samples: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** offered events/s × mean service time: near 1 the queue (and the latency) grows without bound. */
  utilization: number;
}

function serviceTime(handledAt: Map<string, number>, appendedAt: Map<string, number>, eventsPerSecond: number): ServiceTime | undefined {
  const starts = [...handledAt].sort((a, b) => a[1] - b[1]);
  const gaps: number[] = [];
  for (let i = 1; i < starts.length; i += 1) {
    const [, previousStart] = starts[i - 1];
    const [id, start] = starts[i];
    const appended = appendedAt.get(id);
    // Broker timestamps have 1 ms resolution: demand a clear margin before calling it queued.
    if (appended !== undefined && appended < previousStart - 1) gaps.push(start - previousStart);
  }
  if (gaps.length === 0) return undefined;
  const [p50Ms, p90Ms, p99Ms] = percentiles(gaps, [50, 90, 99]);
  const meanMs = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
  return { samples: gaps.length, meanMs, p50Ms, p90Ms, p99Ms, utilization: (eventsPerSecond * meanMs) / 1000 };
}

interface LatencySample {
  /** End to end: commit (subject) or send (baseline) → effect committed (subject) or message received (baseline). */
  latency: Distribution;
  events: number;
  achievedEventsPerSecond: number;
  /** Stage distributions; keys say from → to. */
  stages: Record<string, Distribution>;
  /** Subject only: latency against the effect row's clock_timestamp() (taken just before its COMMIT). */
  databaseClock?: Distribution;
  /** Subject only: how long the consumer worked on each queued event. */
  serviceTime?: ServiceTime;
  /** Ticks started this late against the schedule (ms, p99). */
  scheduleLatenessP99Ms: number;
  resources: ResourceUsage;
}

const FULL_DURATION_MS = 8_000;
const WARMUP_DURATION_MS = 3_000;
const SMOKE_DURATION_MS = 1_500;
const EVENTS_PER_TRANSACTION = 10;
const PARTITIONS = 3;
const SETTLE_TIMEOUT_MS = 120_000;

function distribution(values: readonly number[]): Distribution {
  const [p50, p99, p999, max] = percentiles(values, [50, 99, 99.9, 100]);
  return { p50, p99, p999, max };
}

function differences(ids: Iterable<string>, from: Map<string, number>, to: Map<string, number>): number[] {
  const values: number[] = [];
  for (const id of ids) {
    const start = from.get(id);
    const end = to.get(id);
    if (start !== undefined && end !== undefined) values.push(end - start);
  }
  return values;
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await sleep(10);
  }
}

/**
 * Subject: open-loop commits of state change + events through the outbox; per event, from the
 * moment its producing transaction's COMMIT returned to the moment the consumer's effect
 * transaction committed, observed through a NOTIFY the handler sends in that transaction
 * (PostgreSQL delivers it only at commit). Both instants are read with performance.now() in this
 * process, so there is one clock.
 */
async function measureSubjectLatency(ctx: BenchContext, database: BenchDatabase, sizes: LatencySizes): Promise<LatencySample> {
  await database.reset();
  const tag = uniqueName('b2').replace(/^b2-/, '');
  const serviceName = `bench-b2-${tag}`;
  const topic = `mate.${serviceName}.v1`;
  const factory = new ProbeEventFactory(randomUUID(), aggregateIdOf(tag, 0));
  const committedAt = new Map<string, number>();
  const handledAt = new Map<string, number>();
  const effectAt = new Map<string, number>();

  // Pre-created with broker append timestamps for the stage breakdown; the service's topic
  // provisioning finds it and leaves it as it is.
  await createTopic(ctx.kafka, topic, sizes.partitions, true);
  const listener = new Client({ connectionString: database.ownerUrl });
  await listener.connect();
  listener.on('notification', ({ payload }) => {
    if (payload) effectAt.set(payload, performance.now());
  });
  await listener.query(`listen ${EFFECT_CHANNEL}`);
  const service = await startBenchProbeService({
    database,
    brokers: ctx.brokers,
    serviceName,
    topic,
    partitions: sizes.partitions,
    handler: { notifyEffects: true, onHandle: (id) => handledAt.set(id, performance.now()) },
  });
  try {
    const meter = startResourceMeter();
    const run = await runOpenLoop({
      intervalMs: (1000 * sizes.eventsPerTransaction) / sizes.eventsPerSecond,
      durationMs: sizes.durationMs,
      tick: async (index) => {
        const ids = await commitStateChange(service, factory, aggregateIdOf(tag, index), sizes.eventsPerTransaction);
        const now = performance.now();
        for (const id of ids) committedAt.set(id, now);
      },
    });
    await waitFor(
      () => effectAt.size >= committedAt.size,
      SETTLE_TIMEOUT_MS,
      () => `B2 subject: ${effectAt.size}/${committedAt.size} effects`,
    );
    const resources = meter.stop();
    const ids = [...committedAt.keys()];
    const appendTimes = await readAppendTimes(ctx.kafka, topic, ids.length);
    const appendedAt = new Map([...appendTimes].map(([id, epochMs]) => [id, epochMs - performance.timeOrigin]));
    const effectRows = await database.owner.query<Array<{ event_id: string; epoch_ms: number }>>(
      'select event_id::text, extract(epoch from effect_at)::float8 * 1000 as epoch_ms from bench_effects',
    );
    const effectClock = new Map(effectRows.map((row) => [row.event_id, row.epoch_ms - performance.timeOrigin]));
    return {
      latency: distribution(differences(ids, committedAt, effectAt)),
      events: ids.length,
      achievedEventsPerSecond: ids.length / (run.elapsedMs / 1000),
      stages: {
        'commit → broker append': distribution(differences(ids, committedAt, appendedAt)),
        'broker append → handler start': distribution(differences(ids, appendedAt, handledAt)),
        'handler start → effect committed': distribution(differences(ids, handledAt, effectAt)),
      },
      databaseClock: distribution(differences(ids, committedAt, effectClock)),
      serviceTime: serviceTime(handledAt, appendedAt, ids.length / (run.elapsedMs / 1000)),
      scheduleLatenessP99Ms: percentiles(run.lateness, [99])[0],
      resources,
    };
  } finally {
    await service.close();
    await listener.end();
    await deleteTopicsAndGroups(ctx.kafka, [topic, `${topic}.dlq`], [`mate.${serviceName}`]);
  }
}

/**
 * Baseline: the same messages at the same pace with kafkajs alone; per event, from just before
 * `producer.send()` to the plain consumer's eachMessage. No database on either side.
 */
async function measureRawLatency(ctx: BenchContext, sizes: LatencySizes): Promise<LatencySample> {
  const tag = uniqueName('raw').replace(/^raw-/, '');
  const topic = `mate.bench-b2-raw-${tag}.v1`;
  const groupId = `mate.bench-b2-raw-${tag}`;
  const factory = new ProbeEventFactory(randomUUID(), aggregateIdOf(tag, 0));
  const sentAt = new Map<string, number>();
  const appendedAt = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  await createTopic(ctx.kafka, topic, sizes.partitions, true);
  const consumer = await startRawConsumer(ctx.kafka, groupId, topic, ({ message }) => {
    const now = performance.now();
    const id = headerText(message.headers, ENVELOPE_HEADERS.id);
    if (!id) return;
    receivedAt.set(id, now);
    appendedAt.set(id, Number(message.timestamp) - performance.timeOrigin);
  });
  const producer = createIdempotentProducer(ctx.kafka);
  await producer.connect();
  try {
    const meter = startResourceMeter();
    const run = await runOpenLoop({
      intervalMs: (1000 * sizes.eventsPerTransaction) / sizes.eventsPerSecond,
      durationMs: sizes.durationMs,
      tick: async (index) => {
        const aggregateId = aggregateIdOf(tag, index);
        const built = Array.from({ length: sizes.eventsPerTransaction }, (_, i) => rawProbeMessage(factory, aggregateId, i + 1));
        const now = performance.now();
        for (const { id } of built) sentAt.set(id, now);
        await producer.send({ topic, acks: -1, messages: built.map(({ message }) => message) });
      },
    });
    await waitFor(
      () => receivedAt.size >= sentAt.size,
      SETTLE_TIMEOUT_MS,
      () => `B2 baseline: ${receivedAt.size}/${sentAt.size} messages`,
    );
    const resources = meter.stop();
    const ids = [...sentAt.keys()];
    return {
      latency: distribution(differences(ids, sentAt, receivedAt)),
      events: ids.length,
      achievedEventsPerSecond: ids.length / (run.elapsedMs / 1000),
      stages: {
        'send → broker append': distribution(differences(ids, sentAt, appendedAt)),
        'broker append → received': distribution(differences(ids, appendedAt, receivedAt)),
      },
      scheduleLatenessP99Ms: percentiles(run.lateness, [99])[0],
      resources,
    };
  } finally {
    await producer.disconnect();
    await consumer.stop();
    await deleteTopicsAndGroups(ctx.kafka, [topic], [groupId]);
  }
}

/** Half of B1's measured subject throughput: from this run, else a short calibration run of B1's subject. */
async function targetRate(ctx: BenchContext, database: BenchDatabase, smoke: boolean): Promise<{ rate: number; source: string }> {
  const b1 = ctx.resultOf('B1')?.figures[0];
  if (b1) return { rate: b1.subject.median / 2, source: `half of B1's median subject throughput (${Math.round(b1.subject.median)} events/s) in this run` };
  const sizes: ThroughputSizes = {
    events: smoke ? 300 : 5_000,
    writers: 4,
    eventsPerTransaction: EVENTS_PER_TRANSACTION,
    partitions: PARTITIONS,
    baselineBatch: 500,
  };
  ctx.log(`B2: B1 did not run; calibrating with one B1 subject repetition of ${sizes.events} events`);
  const sample = await measureBackboneThroughput(ctx, database, sizes);
  return {
    rate: sample.eventsPerSecond / 2,
    source: `half of a ${sizes.events}-event B1 calibration run (${Math.round(sample.eventsPerSecond)} events/s): B1 was not selected`,
  };
}

/** `median (min–max)` of the present values, 2 decimals. */
function describeRange(values: ReadonlyArray<number | undefined>): string {
  const present = values.filter((value): value is number => value !== undefined && !Number.isNaN(value));
  if (present.length === 0) return 'n/a';
  return `${median(present).toFixed(2)} (${min(present).toFixed(2)}–${max(present).toFixed(2)})`;
}

function formatShare(share: number): string {
  return Number.isNaN(share) ? 'n/a' : `${Math.round(share * 100)} %`;
}

function formatDistribution(d: Distribution): string {
  return `p50 ${d.p50.toFixed(1)} / p99 ${d.p99.toFixed(1)} / max ${d.max.toFixed(1)} ms`;
}

function medianStage(samples: LatencySample[], stage: string): Distribution {
  const pick = (key: keyof Distribution) => medianOfPresent(samples.map((s) => s.stages[stage]?.[key]));
  return { p50: pick('p50'), p99: pick('p99'), p999: pick('p999'), max: pick('max') };
}

function describeSample(sample: LatencySample): string {
  return (
    `${sample.events} events at ${Math.round(sample.achievedEventsPerSecond)}/s: ${formatDistribution(sample.latency)}; ` +
    Object.entries(sample.stages)
      .map(([stage, d]) => `${stage} p50 ${d.p50.toFixed(1)} p99 ${d.p99.toFixed(1)}`)
      .join('; ') +
    (sample.serviceTime
      ? `; consumer service time mean ${sample.serviceTime.meanMs.toFixed(2)} p90 ${sample.serviceTime.p90Ms.toFixed(1)} ms ` +
        `(utilization ${sample.serviceTime.utilization.toFixed(2)})`
      : '') +
    `; event-loop delay p99 ${sample.resources.eventLoopDelayP99Ms.toFixed(1)} ms`
  );
}

function samplesJson(samples: LatencySample[]): JsonValue {
  return samples.map((sample) => ({
    latency: { ...sample.latency },
    events: sample.events,
    achievedEventsPerSecond: sample.achievedEventsPerSecond,
    stages: Object.fromEntries(Object.entries(sample.stages).map(([stage, d]) => [stage, { ...d }])),
    databaseClock: sample.databaseClock ? { ...sample.databaseClock } : null,
    serviceTime: sample.serviceTime ? { ...sample.serviceTime } : null,
    scheduleLatenessP99Ms: sample.scheduleLatenessP99Ms,
    resources: { ...sample.resources },
  }));
}

export const b2CommitToEffectLatency: Benchmark = {
  id: 'B2',
  title: 'Commit → consumer-effect latency at half of B1’s maximum rate',
  goal: {
    description:
      'p99 from the producing transaction’s commit to the commit of the consumer’s effect is at most 100 ms, at half of the throughput B1 measured (open-loop load).',
    maxValue: 100,
  },
  async run(ctx, { smoke, reps }) {
    const warmup = smoke ? 0 : 1;
    const repetitions = reps ?? (smoke ? 1 : 5);
    const database = await createBenchDatabase('mate_bench_b2');
    try {
      const { rate, source } = await targetRate(ctx, database, smoke);
      const sizes: LatencySizes = {
        eventsPerSecond: rate,
        eventsPerTransaction: EVENTS_PER_TRANSACTION,
        durationMs: smoke ? SMOKE_DURATION_MS : FULL_DURATION_MS,
        partitions: PARTITIONS,
      };
      ctx.log(`B2: ${Math.round(rate)} events/s offered (${source})`);
      const warmupSizes = { ...sizes, durationMs: WARMUP_DURATION_MS };
      const samples = await runInterleaved<LatencySample>({
        warmup,
        reps: repetitions,
        baseline: (rep) => measureRawLatency(ctx, rep.warmup ? warmupSizes : sizes),
        subject: (rep) => measureSubjectLatency(ctx, database, rep.warmup ? warmupSizes : sizes),
        log: ctx.log,
        onRetry: ctx.noteRetry,
        describe: describeSample,
      });
      const { subject, baseline } = samples;
      const medianP999 = (side: LatencySample[]) => median(side.map((s) => s.latency.p999));
      const subjectStages = Object.keys(subject[0]?.stages ?? {}).map((stage) => `${stage} ${formatDistribution(medianStage(subject, stage))}`);
      const baselineStages = Object.keys(baseline[0]?.stages ?? {}).map((stage) => `${stage} ${formatDistribution(medianStage(baseline, stage))}`);
      const databaseClockP99 = medianOfPresent(subject.map((s) => s.databaseClock?.p99));
      return {
        figures: [
          figure('p99 latency', 'ms', false, subject.map((s) => s.latency.p99), baseline.map((s) => s.latency.p99)),
          figure('p50 latency', 'ms', false, subject.map((s) => s.latency.p50), baseline.map((s) => s.latency.p50)),
          figure('p99.9 latency', 'ms', false, subject.map((s) => s.latency.p999), baseline.map((s) => s.latency.p999)),
        ],
        parameters: {
          'offered events/s': Math.round(rate),
          'events per transaction': sizes.eventsPerTransaction,
          'transaction interval ms': Number(((1000 * sizes.eventsPerTransaction) / rate).toFixed(2)),
          'seconds per repetition': sizes.durationMs / 1000,
          'events per repetition': Math.round(median(subject.map((s) => s.events))),
          partitions: sizes.partitions,
          'warm-up pairs': warmup,
          repetitions,
        },
        notes: [
          `Offered load: ${source}; achieved ${Math.round(median(subject.map((s) => s.achievedEventsPerSecond)))} events/s (subject), ` +
            `${Math.round(median(baseline.map((s) => s.achievedEventsPerSecond)))} events/s (baseline); ticks started late by p99 ` +
            `${median(subject.map((s) => s.scheduleLatenessP99Ms)).toFixed(1)} ms (subject) / ${median(baseline.map((s) => s.scheduleLatenessP99Ms)).toFixed(1)} ms (baseline).`,
          `Subject stages (medians over repetitions of each repetition's percentiles): ${subjectStages.join('; ')}.`,
          `Baseline stages: ${baselineStages.join('; ')}.`,
          `Consumer service time per queued event (medians over repetitions): mean ${medianOfPresent(subject.map((s) => s.serviceTime?.meanMs)).toFixed(2)} ms, ` +
            `p90 ${medianOfPresent(subject.map((s) => s.serviceTime?.p90Ms)).toFixed(1)} ms, p99 ${medianOfPresent(subject.map((s) => s.serviceTime?.p99Ms)).toFixed(1)} ms; ` +
            `utilization (offered rate × mean service time) ${describeRange(subject.map((s) => s.serviceTime?.utilization))}.`,
          `Per repetition, consumer utilization → subject p99: ${subject
            .map((s) => `${s.serviceTime ? s.serviceTime.utilization.toFixed(2) : 'n/a'} → ${s.latency.p99.toFixed(0)} ms`)
            .join(', ')}.`,
          `Cross-check on the database clock (effect row's clock_timestamp(), taken just before the effect's COMMIT, so a lower bound): subject p99 ${databaseClockP99.toFixed(1)} ms. ` +
            `Median p99.9: subject ${medianP999(subject).toFixed(1)} ms, baseline ${medianP999(baseline).toFixed(1)} ms.`,
          `Measurement error: event-loop delay p99 ${median(subject.map((s) => s.resources.eventLoopDelayP99Ms)).toFixed(1)} ms (subject) / ` +
            `${median(baseline.map((s) => s.resources.eventLoopDelayP99Ms)).toFixed(1)} ms (baseline); this process used ` +
            `${median(subject.map((s) => s.resources.processCores)).toFixed(2)} cores (subject) with event-loop utilization ` +
            `${median(subject.map((s) => s.resources.eventLoopUtilization)).toFixed(2)}; machine CPU ` +
            `${formatShare(medianOfPresent(subject.map((s) => s.resources.machineCpu)))} (subject) / ` +
            `${formatShare(medianOfPresent(baseline.map((s) => s.resources.machineCpu)))} (baseline), all cores, every process.`,
        ],
        details: { subject: samplesJson(subject), baseline: samplesJson(baseline), order: samples.order },
      };
    } finally {
      await database.close();
    }
  },
};
