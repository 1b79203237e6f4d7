import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { JobBoss } from './job-boss';
import type { JobDefinition, JobScope } from './job-definition';
import type { JobEnvelope } from './job-envelope';
import { JOB_QUEUED_CHANNEL, notifyJobQueuedInTransaction } from './job-wakeup';

const tracer = trace.getTracer('mate.jobs');

/** pg-boss's database interface on a TypeORM transaction (its insert returns rows: `... returning id`). */
function onTransaction(manager: EntityManager): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: (await manager.query(text, values)) as unknown[] }) };
}

export interface JobSendOptions {
  /** Not before this time, or this many seconds from now (a delayed job). */
  startAfter?: Date | number;
  /**
   * Dedupe key, with the queue's policy (`short`: one waiting job per key; `stately`: one waiting
   * and one running). A tenant job's key is scoped to its tenant.
   */
  singletonKey?: string;
  /**
   * Insert the job on the caller's transaction (pg-boss's `db` option): it exists exactly when that
   * transaction commits, so work recorded in it and its job cannot part (no sweep needed to find it).
   */
  inTransaction?: EntityManager;
  /**
   * Higher runs first among the waiting jobs of its queue (default 0): e.g. a chat or webhook
   * delivery before an e-mail one when a burst of alerts fills the queue.
   */
  priority?: number;
}

export type JobRequest<D> =
  D extends JobDefinition<infer P, 'tenant'>
    ? { tenantId: string; payload: P } & JobSendOptions
    : D extends JobDefinition<infer P, 'system'>
      ? { payload: P } & JobSendOptions
      : never;

/** A job due now, for `sendMany`. */
export type DueJobRequest<D> =
  D extends JobDefinition<infer P, 'tenant'>
    ? { tenantId: string; payload: P; priority?: number }
    : D extends JobDefinition<infer P, 'system'>
      ? { payload: P; priority?: number }
      : never;

/** Sends jobs: the producer side of the job queue. */
@Injectable()
export class JobQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly recurring = new Set<NodeJS.Timeout>();

  constructor(@Inject(JobBoss) private readonly jobBoss: JobBoss) {}

  /** Queues one job; returns its id, or null when a singleton key or throttling slot dropped it. */
  send<D extends JobDefinition<object, JobScope>>(definition: D, request: JobRequest<D>): Promise<string | null> {
    const { payload, startAfter, singletonKey, inTransaction, priority } = request;
    const tenantId = 'tenantId' in request ? request.tenantId : null;
    return this.insert(
      definition,
      tenantId,
      payload,
      {
        startAfter: typeof startAfter === 'number' ? Math.max(0, Math.round(startAfter)) : startAfter,
        singletonKey: singletonKey !== undefined && tenantId ? `${tenantId}:${singletonKey}` : singletonKey,
        ...(priority !== undefined ? { priority } : {}),
        ...(inTransaction ? { db: onTransaction(inTransaction) } : {}),
      },
      startAfter === undefined ? inTransaction ?? 'now' : null,
    );
  }

  /**
   * Queues jobs of one queue due now, on the caller's transaction, in one statement (pg-boss's
   * `insert`): the deliveries of an alert commit with one round trip instead of one each (B8's
   * burst). No singleton keys or delays: those go through `send`. Returns the jobs' ids.
   */
  async sendMany<D extends JobDefinition<object, JobScope>>(definition: D, requests: readonly DueJobRequest<D>[], inTransaction: EntityManager): Promise<string[]> {
    if (requests.length === 0) return [];
    await this.jobBoss.assertQueue(definition);
    const span = this.sendSpan(definition);
    const jobs: PgBoss.JobInsert<JobEnvelope>[] = requests.map((request) => ({
      id: randomUUID(),
      name: definition.queue,
      data: this.envelope(span, 'tenantId' in request ? request.tenantId : null, request.payload),
      ...(request.priority !== undefined ? { priority: request.priority } : {}),
      ...this.retryOptions(definition),
    }));
    span.setAttribute('messaging.batch.message_count', jobs.length);
    try {
      await this.jobBoss.boss.insert(jobs, { db: onTransaction(inTransaction) });
      await this.wakeWorkers(definition.queue, inTransaction);
      return jobs.map((job) => job.id as string);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  }

  /**
   * Runs a system job about every `intervalMs` on whichever replica is free, once per interval
   * across all replicas: every replica proposes the job for the current time slot, and pg-boss's
   * throttling index keeps one per slot. Proposing twice a slot means no slot is missed when a
   * replica's timer drifts. The timers stop at shutdown.
   */
  every<P extends object>(definition: JobDefinition<P, 'system'>, intervalMs: number, payload: P): void {
    const slotSeconds = Math.max(1, Math.round(intervalMs / 1000));
    const propose = (): void => {
      if (this.jobBoss.isStopped) return;
      this.insert(definition, null, payload, { singletonKey: 'every', singletonSeconds: slotSeconds }, 'now').catch((error: unknown) =>
        this.logger.warn(`could not propose the recurring job ${definition.queue}: ${String(error)}`),
      );
    };
    const timer = setInterval(propose, (slotSeconds * 1000) / 2);
    timer.unref();
    this.recurring.add(timer);
    propose();
  }

  /** Outside a transaction a failed wake-up only costs time (the workers' poll finds the job): the send stands. */
  private async wakeWorkers(queue: string, wake: EntityManager | 'now'): Promise<void> {
    if (wake !== 'now') return notifyJobQueuedInTransaction(wake, queue);
    await this.jobBoss.boss
      .getDb()
      .executeSql(`select pg_notify($1, $2)`, [JOB_QUEUED_CHANNEL, queue])
      .catch((error: unknown) => this.logger.warn(`could not wake the workers of ${queue}: ${String(error)}`));
  }

  beforeApplicationShutdown(): void {
    for (const timer of this.recurring) clearInterval(timer);
    this.recurring.clear();
  }

  /**
   * `wake`: where to notify the idle workers that a job is due now — the caller's transaction (at
   * its commit), at once (`now`), or nobody (a delayed job: the workers' poll finds it when due).
   */
  private async insert(
    definition: JobDefinition,
    tenantId: string | null,
    payload: object,
    options: PgBoss.SendOptions,
    wake: EntityManager | 'now' | null,
  ): Promise<string | null> {
    await this.jobBoss.assertQueue(definition);
    const span = this.sendSpan(definition);
    return this.jobBoss.boss
      .send(definition.queue, this.envelope(span, tenantId, payload), { ...options, ...this.retryOptions(definition) })
      .then(async (id) => {
        if (id) span.setAttribute('messaging.message.id', id);
        if (id && wake) await this.wakeWorkers(definition.queue, wake);
        return id;
      })
      .catch((error: unknown) => {
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      })
      .finally(() => span.end());
  }

  private sendSpan(definition: JobDefinition): Span {
    return tracer.startSpan(`send ${definition.queue}`, {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'pg-boss', 'messaging.destination.name': definition.queue },
    });
  }

  /** The job's data: its tenant and payload, and the sending span's trace context for the worker to continue. */
  private envelope(span: Span, tenantId: string | null, payload: object): JobEnvelope {
    const carrier: { traceparent?: string; tracestate?: string } = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    return { tenantId, payload, ...carrier };
  }

  private retryOptions(definition: JobDefinition): Pick<PgBoss.SendOptions, 'retryLimit' | 'retryDelay' | 'retryBackoff' | 'expireInSeconds'> {
    return { retryLimit: definition.retry.limit, retryDelay: definition.retry.delaySeconds, retryBackoff: definition.retry.backoff, expireInSeconds: definition.expireInSeconds };
  }
}
