import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { toBinary } from '@bufbuild/protobuf';
import { ENVELOPE_HEADERS, PmOccurrenceDueSchema, topicSpecFor } from '@mate/contracts';
import { createIdempotentProducer, headerText, newEventId, toKafkaHeaders } from '@mate/messaging';
import { uniqueName } from '@mate/testing';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Message, Producer } from 'kafkajs';
import { Client } from 'pg';
import { PmSchedulingAppModule } from '../../../services/pm-scheduling/src/app.module';
import { PM_SCHEDULING_CONFIG_SPEC, PM_SCHEDULING_SERVICE, type PmSchedulingConfig } from '../../../services/pm-scheduling/src/config/pm-scheduling.config';
import { PM_SCHEDULING_MIGRATIONS } from '../../../services/pm-scheduling/src/database/migrations';
import { OccurrenceEngine } from '../../../services/pm-scheduling/src/occurrences';
import { occurrenceDue } from '../../../services/pm-scheduling/src/occurrences/occurrence.events';
import type { PmPlan } from '../../../services/pm-scheduling/src/pm-plans';
import type { StoredSchedule, WorkTemplate } from '../../../services/pm-scheduling/src/pm-plans/pm-plan.model';
import { initialStreamState, occurrenceIdOf } from '../../../services/pm-scheduling/src/schedule';
import { createTopic, deleteTopicsAndGroups, startRawConsumer, type RawConsumer } from '../fixtures/raw-kafka';
import { runInterleaved } from '../harness/interleave';
import { resetTables } from '../harness/reset';
import { benchServiceConfig } from '../harness/service-database';
import { startResourceMeter, type ResourceUsage } from '../harness/resources';
import { figure, median } from '../harness/stats';
import type { Benchmark, BenchContext } from '../harness/types';

/**
 * B6: a burst of due PM occurrences. 100,000 plans (one stream each) of one tenant, 10,000 of them
 * made due at once by one UPDATE. Subject: the PM-scheduling service's engine as it runs in
 * production (claims of 200 streams with FOR UPDATE SKIP LOCKED, the engine step, the occurrence
 * rows, PmOccurrenceDue in the outbox, the new stream state; the NOTIFY-woken relay publishes),
 * its runs started back to back. Baseline: one UPDATE … RETURNING claims the same rows, and kafkajs
 * sends the same PmOccurrenceDue messages (sendBatch of 500, the relay's producer settings). Both
 * timed from the commit that made the rows due until a consumer has seen all 10,000 on the topic.
 */

interface Sizes {
  plans: number;
  due: number;
}

const FULL: Sizes = { plans: 100_000, due: 10_000 };
const SMOKE: Sizes = { plans: 2_000, due: 200 };
const SEND_BATCH = 500;
const TIMEOUT_MS = 5 * 60_000;

interface Sample {
  seconds: number;
  /** ms after the due commit: when the last occurrence was committed (subject) or sent (baseline). */
  producedMs: number;
  resources: ResourceUsage;
}

const TEMPLATE: WorkTemplate = {
  description: 'Inspect, lubricate, record the readings',
  priority: 'medium',
  estimatedDurationMinutes: 60,
  assigneeIds: [],
  teamId: null,
  checklist: [{ label: 'Bearings lubricated', kind: 'sub_task', required: true }],
  createFollowUpOnFailedInspection: false,
};

// One occurrence a year from the plan's start: made due, a stream has exactly one occurrence to generate.
const SCHEDULE: StoredSchedule = {
  triggers: [{ kind: 'calendar', rule: 'FREQ=YEARLY' }],
  combine: 'any',
  anchor: 'fixed',
  leadTime: 'PT0S',
  dueOffset: 'PT0S',
  overlap: 'skip_if_open',
  missed: 'skip_and_log',
  seasons: [],
  skipEvery: null,
};

/** Plan i's id and asset: computed in SQL (seeding, the due set) and nowhere else. */
const PLAN_ID = `md5('plan' || i)::uuid`;
const ASSET_ID = `md5('asset' || i)::uuid`;

interface PmUnderTest {
  app: INestApplication;
  engine: OccurrenceEngine;
  owner: Client;
  config: PmSchedulingConfig;
  tenantId: string;
  startsAt: Date;
  topic: string;
  close(): Promise<void>;
}

async function startPmUnderTest(ctx: BenchContext, topic: string): Promise<PmUnderTest> {
  const config: PmSchedulingConfig = await benchServiceConfig(
    ctx,
    { name: PM_SCHEDULING_SERVICE, spec: PM_SCHEDULING_CONFIG_SPEC, migrations: PM_SCHEDULING_MIGRATIONS },
    'mate_bench_b6',
  );
  // The engine's timer is off: the benchmark starts its runs; the relay runs as in production.
  const app = await NestFactory.create(
    PmSchedulingAppModule.register({ config, logDestination: { write: () => true }, engine: { enabled: false }, topics: { own: topic } }),
    { bufferLogs: true, logger: false },
  );
  await app.init();
  const owner = new Client({ connectionString: config.database.ownerUrl });
  await owner.connect();
  return {
    app,
    engine: app.get(OccurrenceEngine),
    owner,
    config,
    tenantId: randomUUID(),
    // The last whole minute but one (the rule has no seconds): the occurrence every due stream generates.
    startsAt: new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000),
    topic,
    close: async () => {
      await owner.end();
      await app.close();
    },
  };
}

/** The stream state of a fresh plan and the time no stream comes due by (a year on). */
function streamSeed(service: PmUnderTest): { state: string; notDueAt: Date } {
  const definition = { ...SCHEDULE, zone: 'UTC', startsAt: service.startsAt, endsAt: null, calendar: null };
  return { state: JSON.stringify(initialStreamState(definition, service.startsAt)), notDueAt: new Date(service.startsAt.getTime() + 300 * 86_400_000) };
}

/** The plans and their streams, set-based: a few seconds for 100,000. */
async function seed(service: PmUnderTest, sizes: Sizes): Promise<void> {
  const { state, notDueAt } = streamSeed(service);
  await service.owner.query(
    `insert into pm_plans (id, tenant_id, title, template, target, schedule, calendar_id, zone, starts_at, ends_at, active, version, created_by, created_at, updated_at)
     select ${PLAN_ID}, $1, 'Bench plan ' || i, $2, jsonb_build_object('kind', 'assets', 'assetIds', jsonb_build_array(${ASSET_ID})), $3, null, 'UTC', $4, null, true, 1, 'bench', now(), now()
       from generate_series(1, $5::int) as i`,
    [service.tenantId, JSON.stringify(TEMPLATE), JSON.stringify(SCHEDULE), service.startsAt, sizes.plans],
  );
  await service.owner.query(
    `insert into pm_streams (tenant_id, plan_id, asset_id, state, next_due_at, plan_active)
     select $1, ${PLAN_ID}, ${ASSET_ID}, $2, $3, true from generate_series(1, $4::int) as i`,
    [service.tenantId, state, notDueAt, sizes.plans],
  );
  await service.owner.query('vacuum analyze pm_plans, pm_streams');
}

/** Back to "nothing due": the streams a repetition stepped get their fresh state again. */
function reset(service: PmUnderTest): Promise<void> {
  const { state, notDueAt } = streamSeed(service);
  const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
  return resetTables(service.config.database.ownerUrl, {
    truncate: ['pm_occurrences', 'mate_outbox'],
    then: [`update pm_streams set state = ${literal(state)}::jsonb, next_due_at = ${literal(notDueAt.toISOString())}::timestamptz where next_due_at <> ${literal(notDueAt.toISOString())}::timestamptz`],
  });
}

/** Every tenth plan comes due now (its next generation time is the plan's start): one UPDATE, one commit. */
async function makeDue(service: PmUnderTest, sizes: Sizes): Promise<void> {
  const every = sizes.plans / sizes.due;
  await service.owner.query(
    `update pm_streams set next_due_at = $1 where plan_id in (select ${PLAN_ID} from generate_series($2::int, $3::int, $2::int) as i)`,
    [service.startsAt, every, sizes.plans],
  );
}

/** Counts the PmOccurrenceDue messages of a topic as they arrive. */
class DueCounter {
  seen = 0;
  private consumer?: RawConsumer;

  async start(ctx: BenchContext, topic: string, groupId: string): Promise<void> {
    this.consumer = await startRawConsumer(ctx.kafka, groupId, topic, ({ message }) => {
      if (headerText(message.headers, ENVELOPE_HEADERS.type) === PmOccurrenceDueSchema.typeName) this.seen += 1;
    });
  }

  async until(count: number): Promise<void> {
    const deadline = Date.now() + TIMEOUT_MS;
    while (this.seen < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.seen} of ${count} PmOccurrenceDue arrived`);
      await sleep(5);
    }
  }

  stop(): Promise<void> {
    return this.consumer?.stop() ?? Promise.resolve();
  }
}

/** A stream the baseline claimed, with what its message needs of the plan. */
type DueRow = { plan_id: string; asset_id: string; title: string; template: WorkTemplate };

/** The baseline's messages: what the relay sends for the same occurrences (the service's own event builder). */
function dueMessages(service: PmUnderTest, rows: readonly DueRow[]): Message[] {
  const now = new Date();
  return rows.map((row) => {
    const plan = { id: row.plan_id, tenantId: service.tenantId, title: row.title, template: row.template } as PmPlan;
    const occurrenceId = occurrenceIdOf(row.plan_id, row.asset_id, service.startsAt);
    const at = service.startsAt;
    const event = occurrenceDue(plan, { planId: row.plan_id, assetId: row.asset_id }, {
      occurrenceId,
      occurrenceAt: at,
      plannedStartAt: at,
      dueAt: at,
      trigger: 'calendar',
      catchUp: false,
      replacesOccurrenceIds: [],
    });
    return {
      key: event.subject,
      value: Buffer.from(toBinary(PmOccurrenceDueSchema, event.message as never)),
      headers: toKafkaHeaders({ id: newEventId(), source: '/mate/bench', type: PmOccurrenceDueSchema.typeName, time: now.toISOString(), subject: event.subject, tenantId: service.tenantId }),
    };
  });
}

/** Sends the messages in sendBatch requests of SEND_BATCH, one after the other, as the relay does. */
function sendAll(producer: Producer, topic: string): (messages: Message[]) => Promise<void> {
  return async (messages) => {
    for (let at = 0; at < messages.length; at += SEND_BATCH) {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: messages.slice(at, at + SEND_BATCH) }] });
    }
  };
}

/** One UPDATE … RETURNING claims the due rows; kafkajs sends their PmOccurrenceDue. */
async function baselineRepetition(service: PmUnderTest, sizes: Sizes, counter: DueCounter, send: (messages: Message[]) => Promise<void>): Promise<Sample> {
  await reset(service);
  const target = counter.seen + sizes.due;
  await makeDue(service, sizes);
  const meter = startResourceMeter();
  const started = performance.now();
  const { rows } = await service.owner.query<DueRow>(
    `update pm_streams s set next_due_at = $3
       from pm_plans p
      where s.tenant_id = $1 and s.next_due_at <= $2 and s.plan_active and s.paused_reason is null and p.id = s.plan_id
      returning s.plan_id, s.asset_id, p.title, p.template`,
    [service.tenantId, new Date(), new Date(service.startsAt.getTime() + 365 * 86_400_000)],
  );
  await send(dueMessages(service, rows));
  const producedMs = performance.now() - started;
  await counter.until(target);
  return { seconds: (performance.now() - started) / 1000, producedMs, resources: meter.stop() };
}

/** The engine's runs, back to back, until every due stream generated its occurrence; then the relay's last send. */
async function subjectRepetition(ctx: BenchContext, service: PmUnderTest, sizes: Sizes, counter: DueCounter, runTimes: number[]): Promise<Sample> {
  await reset(service);
  const target = counter.seen + sizes.due;
  await makeDue(service, sizes);
  const meter = startResourceMeter();
  const started = performance.now();
  let generated = 0;
  let runs = 0;
  while (generated < sizes.due) {
    const before = performance.now();
    const found = await service.engine.run(new Date());
    runTimes.push(performance.now() - before);
    runs += 1;
    if (found === 0) throw new Error(`the engine found nothing due after ${generated} of ${sizes.due}`);
    generated += found;
  }
  const producedMs = performance.now() - started;
  await counter.until(target);
  ctx.log(`subject: ${runs} engine runs`);
  return { seconds: (performance.now() - started) / 1000, producedMs, resources: meter.stop() };
}

export const b6PmDueBurst: Benchmark = {
  id: 'B6',
  title: 'PM engine: 10,000 of 100,000 plans due at once, until every PmOccurrenceDue is on the topic',
  goal: {
    description:
      'From the commit that makes 10,000 of 100,000 plans due until all 10,000 PmOccurrenceDue are on the topic, the engine (bounded claims with SKIP LOCKED, occurrence rows, outbox, relay) reaches at least 0.3 of the rate of claiming the same rows with one UPDATE … RETURNING and sending the messages with kafkajs.',
    ratioAtLeast: 0.3,
  },
  async run(ctx, { smoke, reps }) {
    const sizes = smoke ? SMOKE : FULL;
    const warmup = smoke ? 0 : 1;
    const repetitions = reps ?? (smoke ? 1 : 5);
    const tag = uniqueName('b6').replace(/^b6-/, '');
    const topics = { subject: `mate.bench-b6-${tag}.v1`, baseline: `mate.bench-b6-raw-${tag}.v1` };
    const groups = { subject: `${topics.subject}.counter`, baseline: `${topics.baseline}.counter` };
    const service = await startPmUnderTest(ctx, topics.subject);
    const counters = { subject: new DueCounter(), baseline: new DueCounter() };
    const producer = createIdempotentProducer(ctx.kafka);
    try {
      const seeded = performance.now();
      await seed(service, sizes);
      const seedSeconds = (performance.now() - seeded) / 1000;
      // The baseline's topic like the service's own.
      const partitions = topicSpecFor('pm-scheduling').partitions;
      await createTopic(ctx.kafka, topics.baseline, partitions);
      await counters.subject.start(ctx, topics.subject, groups.subject);
      await counters.baseline.start(ctx, topics.baseline, groups.baseline);
      await producer.connect();
      const runTimes: number[] = [];

      const samples = await runInterleaved<Sample>({
        warmup,
        reps: repetitions,
        baseline: () => baselineRepetition(service, sizes, counters.baseline, sendAll(producer, topics.baseline)),
        subject: () => subjectRepetition(ctx, service, sizes, counters.subject, runTimes),
        log: ctx.log,
        onRetry: ctx.noteRetry,
        describe: (sample) => `${(sample.seconds * 1000).toFixed(0)} ms (produced after ${sample.producedMs.toFixed(0)} ms)`,
      });

      const rate = (sample: Sample) => sizes.due / sample.seconds;
      const medianOf = (values: number[]) => median(values);
      return {
        figures: [
          figure('due → all on the topic', 'occurrences/s', true, samples.subject.map(rate), samples.baseline.map(rate)),
          figure('time until all on the topic', 'ms', false, samples.subject.map((s) => s.seconds * 1000), samples.baseline.map((s) => s.seconds * 1000)),
        ],
        parameters: {
          plans: sizes.plans,
          'due at once': sizes.due,
          'engine batch (streams per transaction)': 200,
          'engine batches per run': 10,
          'baseline sendBatch size': SEND_BATCH,
          partitions,
          'warm-up pairs': warmup,
          repetitions,
        },
        notes: [
          `Seeded with two INSERT … SELECT over generate_series in ${seedSeconds.toFixed(1)} s. Every tenth plan is made due by one UPDATE; the figure runs from its commit. ` +
            'The engine runs are started back to back (in production each replica starts one every PM_ENGINE_INTERVAL_MS, 5 s by default, and a run claims at most 10 batches of 200: a catch-up of 10,000 takes five runs, ≈ 20 s on one replica, by design).',
          `Subject: all occurrences committed to the outbox after ${medianOf(samples.subject.map((s) => s.producedMs)).toFixed(0)} ms (median); an engine run (up to 2,000 streams) took ${medianOf(runTimes).toFixed(0)} ms (median of ${runTimes.length}, warm-up included). ` +
            `Baseline: claimed and sent after ${medianOf(samples.baseline.map((s) => s.producedMs)).toFixed(0)} ms.`,
          `Resources (medians): subject — this process ${medianOf(samples.subject.map((s) => s.resources.processCores)).toFixed(2)} cores, event-loop utilization ` +
            `${medianOf(samples.subject.map((s) => s.resources.eventLoopUtilization)).toFixed(2)}, machine CPU ${Math.round(100 * medianOf(samples.subject.map((s) => s.resources.machineCpu ?? 0)))} %; ` +
            `baseline — ${medianOf(samples.baseline.map((s) => s.resources.processCores)).toFixed(2)} cores, machine CPU ${Math.round(100 * medianOf(samples.baseline.map((s) => s.resources.machineCpu ?? 0)))} %.`,
        ],
      };
    } finally {
      await producer.disconnect().catch(() => undefined);
      await counters.subject.stop();
      await counters.baseline.stop();
      await service.close();
      await deleteTopicsAndGroups(ctx.kafka, [topics.subject, topics.baseline], [groups.subject, groups.baseline]);
    }
  },
};
