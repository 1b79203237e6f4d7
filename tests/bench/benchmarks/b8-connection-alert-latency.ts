import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENVELOPE_HEADERS } from '@mate/contracts';
import { createIdempotentProducer, headerText, newEventId, toKafkaHeaders } from '@mate/messaging';
import { uniqueName } from '@mate/testing';
import { Webhook } from 'standardwebhooks';
import { AlertStack } from '../fixtures/alert-stack';
import { createTopic, deleteTopicsAndGroups, startRawConsumer } from '../fixtures/raw-kafka';
import { runInterleaved } from '../harness/interleave';
import { runOpenLoop } from '../harness/pacing';
import { figure, median, percentiles } from '../harness/stats';
import type { Benchmark, BenchContext, JsonValue } from '../harness/types';

interface AlertSizes {
  /** Connections whose credential is revoked at once. */
  connections: number;
  /** Other alerts per second, published throughout (the steady load). */
  steadyPerSecond: number;
  /** How long the steady load runs before the revocation, and after it at the least. */
  steadyLeadMs: number;
}

interface Distribution {
  p50: number;
  p99: number;
  max: number;
}

interface AlertSample {
  /** Revocation → its signed webhook received, one value per connection. */
  revocation: Distribution;
  /** The call that met the refusal answered → its webhook (the service's own share). */
  detection?: Distribution;
  /** Steady-load event published → its webhook received. */
  steady: Distribution;
  steadyEvents: number;
  /** Subject only, from the notifications database: failure recorded by the connectors → alert handler ran → first webhook attempt. */
  stages?: Record<string, Distribution>;
}

const SETTLE_TIMEOUT_MS = 120_000;

function distribution(values: readonly number[]): Distribution {
  const [p50, p99, max] = percentiles(values, [50, 99, 100]);
  return { p50, p99, max };
}

async function waitFor(stack: AlertStack, condition: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (!condition()) {
    if (stack.unverified > 0) throw new Error(`${stack.unverified} webhooks failed signature verification`);
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await sleep(10);
  }
}

/** Per key, the arrival time minus the start time (both performance.now()). */
function latencies(started: Map<string, number>, arrived: Map<string, number>): number[] {
  return [...started].flatMap(([key, at]) => (arrived.has(key) ? [arrived.get(key)! - at] : []));
}

/** A steady open-loop load running until `stop()` resolves; each tick calls `send`. */
function steadyLoad(sizes: AlertSizes, send: () => Promise<void>): { stop: () => Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) await runOpenLoop({ intervalMs: 1000 / sizes.steadyPerSecond, durationMs: 1_000, tick: () => send() });
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * Subject: the connectors and notifications services with the simulator. Fresh connections, then
 * under a steady load of other alerts (ConnectionDegraded of other connections, published as the
 * connectors service does) the simulator's API key is revoked and each connection makes its next
 * call, which meets the refusal: per connection, from the revocation to its signed webhook.
 */
async function measureSubject(stack: AlertStack, sizes: AlertSizes): Promise<AlertSample> {
  const connectionIds = await stack.connect(sizes.connections);
  const firstWebhook = stack.webhooks.length;
  const steadySent = new Map<string, number>();
  const load = steadyLoad(sizes, async () => {
    const connectionId = randomUUID();
    const at = performance.now();
    await stack.publishDegraded(connectionId);
    steadySent.set(connectionId, at);
  });
  await sleep(sizes.steadyLeadMs);
  const revokedAt = performance.now();
  await stack.maximo.admin.revoke('apikey');
  const detectedAt = new Map<string, number>();
  await Promise.all(connectionIds.map((id) => stack.call(id).then(() => detectedAt.set(id, performance.now()))));
  const arrived = (type: string) => new Map(stack.webhooks.slice(firstWebhook).filter((webhook) => webhook.alertType === type).map((webhook) => [webhook.connectionId, webhook.at]));
  await waitFor(
    stack,
    () => arrived('connection.reauth_required').size >= connectionIds.length,
    () => `B8 subject: ${arrived('connection.reauth_required').size}/${connectionIds.length} reauthorization webhooks`,
  );
  await load.stop();
  await waitFor(
    stack,
    () => arrived('connection.degraded').size >= steadySent.size,
    () => `B8 subject: ${arrived('connection.degraded').size}/${steadySent.size} steady-load webhooks`,
  );
  const reauth = arrived('connection.reauth_required');
  const stages = await stageTimes(stack, connectionIds);
  return {
    stages,
    revocation: distribution(latencies(new Map(connectionIds.map((id) => [id, revokedAt])), reauth)),
    detection: distribution(latencies(detectedAt, reauth)),
    steady: distribution(latencies(steadySent, arrived('connection.degraded'))),
    steadyEvents: steadySent.size,
  };
}

/** Where the time went, per reauthorization alert, on the database's clock (one machine, one clock). */
async function stageTimes(stack: AlertStack, connectionIds: string[]): Promise<Record<string, Distribution>> {
  const { rows } = await stack.notifications.owner.query<{ to_handler: number; to_attempt: number }>(
    `select extract(epoch from d.created_at - a.first_seen_at) * 1000 as to_handler, extract(epoch from min(t.attempted_at) - d.created_at) * 1000 as to_attempt
       from alerts a join deliveries d on d.alert_id = a.id and d.channel = 'webhook' join delivery_attempts t on t.delivery_id = d.id
      where a.tenant_id = $2 and a.subject_id = any($1) and a.type = 'connection.reauth_required' group by a.id, d.id`,
    [connectionIds, stack.tenant],
  );
  return {
    'refusal recorded by connectors → alert handler': distribution(rows.map((row) => Number(row.to_handler))),
    'alert handler → webhook attempt started': distribution(rows.map((row) => Number(row.to_attempt))),
  };
}

/**
 * Baseline: the transport the alert rides without the services: a kafkajs produce → consume round
 * trip, then the same signed POST (standardwebhooks) to the same receiver; no database, no job queue.
 * The burst is `connections` messages sent at once, under the same steady load.
 */
async function measureBaseline(ctx: BenchContext, stack: AlertStack, sizes: AlertSizes): Promise<AlertSample> {
  const tag = uniqueName('b8raw').replace(/^b8raw-/, '');
  const topic = `mate.bench-b8-raw-${tag}.v1`;
  const groupId = `mate.bench-b8-raw-${tag}`;
  const signer = new Webhook(stack.secret);
  const firstWebhook = stack.webhooks.length;
  await createTopic(ctx.kafka, topic, 6);
  const consumer = await startRawConsumer(ctx.kafka, groupId, topic, ({ message }) => {
    const id = headerText(message.headers, ENVELOPE_HEADERS.id) ?? newEventId();
    const body = JSON.stringify({ type: 'alert.opened', timestamp: new Date().toISOString(), data: { alert_type: message.headers?.['kind']?.toString(), subject: { id: message.key?.toString() }, event_ids: [id] } });
    const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
    void fetch(stack.receiver.url, { method: 'POST', body, headers: { ...headers, 'webhook-signature': signer.sign(id, new Date(), body) } });
  });
  const producer = createIdempotentProducer(ctx.kafka);
  await producer.connect();
  const send = async (key: string, kind: string): Promise<void> => {
    const headers = toKafkaHeaders({ id: newEventId(), source: '/mate/bench', type: kind, time: new Date().toISOString(), subject: key, tenantId: stack.tenant });
    await producer.send({ topic, acks: -1, messages: [{ key, value: Buffer.alloc(200), headers: { ...headers, kind } }] });
  };
  try {
    const steadySent = new Map<string, number>();
    const load = steadyLoad(sizes, async () => {
      const key = randomUUID();
      steadySent.set(key, performance.now());
      await send(key, 'connection.degraded');
    });
    await sleep(sizes.steadyLeadMs);
    const burst = Array.from({ length: sizes.connections }, () => randomUUID());
    const sentAt = performance.now();
    await Promise.all(burst.map((key) => send(key, 'connection.reauth_required')));
    const arrived = (type: string) => new Map(stack.webhooks.slice(firstWebhook).filter((webhook) => webhook.alertType === type).map((webhook) => [webhook.connectionId, webhook.at]));
    await waitFor(stack, () => arrived('connection.reauth_required').size >= burst.length, () => `B8 baseline: ${arrived('connection.reauth_required').size}/${burst.length} webhooks`);
    await load.stop();
    await waitFor(stack, () => arrived('connection.degraded').size >= steadySent.size, () => `B8 baseline: ${arrived('connection.degraded').size}/${steadySent.size} steady webhooks`);
    return {
      revocation: distribution(latencies(new Map(burst.map((key) => [key, sentAt])), arrived('connection.reauth_required'))),
      steady: distribution(latencies(steadySent, arrived('connection.degraded'))),
      steadyEvents: steadySent.size,
    };
  } finally {
    await producer.disconnect();
    await consumer.stop();
    await deleteTopicsAndGroups(ctx.kafka, [topic], [groupId]);
  }
}

function describe(sample: AlertSample): string {
  const d = (x: Distribution) => `p50 ${x.p50.toFixed(0)} / p99 ${x.p99.toFixed(0)} / max ${x.max.toFixed(0)} ms`;
  const stages = Object.entries(sample.stages ?? {}).map(([stage, x]) => `; ${stage} ${d(x)}`).join('');
  return `revocation → webhook ${d(sample.revocation)}${stages}${sample.detection ? `; refusal met → webhook ${d(sample.detection)}` : ''}; steady (${sample.steadyEvents} events) ${d(sample.steady)}`;
}

export const b8ConnectionAlertLatency: Benchmark = {
  id: 'B8',
  title: 'Revoked credential → signed webhook (connectors + notifications, 100 connections at once)',
  goal: { description: 'p99 from revoking 100 connections’ credential in the simulator to each one’s signed webhook received is at most 1 s.', maxValue: 1_000 },
  async run(ctx, { smoke, reps }) {
    const sizes: AlertSizes = smoke ? { connections: 5, steadyPerSecond: 2, steadyLeadMs: 500 } : { connections: 100, steadyPerSecond: 5, steadyLeadMs: 2_000 };
    const repetitions = reps ?? (smoke ? 1 : 3);
    const stack = await AlertStack.start(ctx.kafka, uniqueName('b8').replace(/^b8-/, ''));
    try {
      const samples = await runInterleaved<AlertSample>({
        warmup: smoke ? 0 : 1,
        reps: repetitions,
        baseline: () => measureBaseline(ctx, stack, sizes),
        subject: () => measureSubject(stack, sizes),
        log: ctx.log,
        onRetry: ctx.noteRetry,
        describe,
      });
      const { subject, baseline } = samples;
      const detection = (pick: (d: Distribution) => number) => median(subject.map((s) => (s.detection ? pick(s.detection) : Number.NaN)));
      return {
        figures: [
          figure('revocation → webhook p99', 'ms', false, subject.map((s) => s.revocation.p99), baseline.map((s) => s.revocation.p99)),
          figure('revocation → webhook p50', 'ms', false, subject.map((s) => s.revocation.p50), baseline.map((s) => s.revocation.p50)),
          figure('steady-load event → webhook p99', 'ms', false, subject.map((s) => s.steady.p99), baseline.map((s) => s.steady.p99)),
          figure('steady-load event → webhook p50', 'ms', false, subject.map((s) => s.steady.p50), baseline.map((s) => s.steady.p50)),
        ],
        parameters: {
          connections: sizes.connections,
          'steady alerts/s': sizes.steadyPerSecond,
          'delivery sweep interval ms': Number(stack.notifications.settings.DELIVERY_SWEEP_INTERVAL_MS),
          'warm-up pairs': smoke ? 0 : 1,
          repetitions,
        },
        notes: [
          `One simulated Maximo, every connection on its one API key: one revocation refuses them all; each connection meets the refusal on its next call (made for all at once by the benchmark, as their next sync or probe would).`,
          `Subject share after the refusal was met (the test call answered → webhook; medians): p50 ${detection((d) => d.p50).toFixed(0)} ms, p99 ${detection((d) => d.p99).toFixed(0)} ms.`,
          ...Object.keys(subject[0]?.stages ?? {}).map(
            (stage) =>
              `Subject stage ${stage} (medians over repetitions, database clock): p50 ${median(subject.map((s) => s.stages?.[stage]?.p50 ?? Number.NaN)).toFixed(0)} ms, p99 ${median(subject.map((s) => s.stages?.[stage]?.p99 ?? Number.NaN)).toFixed(0)} ms.`,
          ),
          `Every webhook's Standard Webhooks signature was verified on receipt (subject and baseline); a failed verification ends the repetition.`,
        ],
        details: { subject: subject as unknown as JsonValue, baseline: baseline as unknown as JsonValue, order: samples.order },
      };
    } finally {
      await stack.close();
    }
  },
};
