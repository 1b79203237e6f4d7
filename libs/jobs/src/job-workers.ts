import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { withTenantTransaction } from '@mate/database';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { JobBoss } from './job-boss';
import type { JobDefinition, JobScope } from './job-definition';
import type { JobEnvelope } from './job-envelope';
import { JOB_HANDLER_METADATA, type JobContext, type JobHandler, type TenantJobContext } from './job-handler';
import { jobMetrics, registerQueueDepths } from './job-metrics';
import { JobWakeup } from './job-wakeup';
import { JOBS_OPTIONS, type JobsModuleOptions } from './jobs-options';

const tracer = trace.getTracer('mate.jobs');

type AnyJobHandler = JobHandler<JobDefinition<object, JobScope>>;
interface RegisteredHandler {
  definition: JobDefinition;
  handler: AnyJobHandler;
}

/**
 * Runs the handlers marked with @HandlesJob: each in a span that continues the sender's trace,
 * a tenant job inside its tenant's transaction, with completed/retried/failed counts. On shutdown
 * it stops fetching and lets running jobs finish within the timeout.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobWorkers.name);
  private readonly handlers: RegisteredHandler[] = [];
  private readonly depths = new Map<string, number>();
  private depthTimer?: NodeJS.Timeout;
  private unregisterDepths?: () => void;
  /** The pg-boss worker ids of each handled queue, woken when a job of the queue commits. */
  private readonly workerIds = new Map<string, string[]>();
  /** The workers running a job now (the others are fetching or waiting for their poll). */
  private readonly runningWorkers = new Set<string>();
  private unsubscribeWakeup?: () => void;

  constructor(
    @Inject(JobBoss) private readonly jobBoss: JobBoss,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JOBS_OPTIONS) private readonly options: JobsModuleOptions,
    @Inject(JobWakeup) private readonly wakeup: JobWakeup,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders()) {
      const definition: JobDefinition | undefined = wrapper.metatype
        ? Reflect.getMetadata(JOB_HANDLER_METADATA, wrapper.metatype)
        : undefined;
      if (definition && wrapper.instance) this.handlers.push({ definition, handler: wrapper.instance as AnyJobHandler });
    }
    for (const { definition } of this.handlers) await this.jobBoss.assertQueue(definition);
    this.unsubscribeWakeup = this.wakeup.subscribe((queue) => this.wake(queue));
    for (const registered of this.handlers) {
      for (let worker = 0; worker < registered.definition.concurrency; worker += 1) await this.startWorker(registered);
    }
    this.unregisterDepths = registerQueueDepths(this.options.serviceName, () => this.depths);
    this.depthTimer = setInterval(() => void this.refreshQueueDepths(), this.options.queueDepthRefreshMs ?? 15_000);
    this.depthTimer.unref();
    if (this.handlers.length > 0) {
      this.logger.log(`working on job queues ${this.handlers.map((h) => h.definition.queue).join(', ')}`);
    }
  }

  /**
   * A job of `queue` committed: one worker not running a job fetches now, and each worker that
   * fetches a job wakes the next (see startWorker), so a commit of many jobs (PostgreSQL folds its
   * NOTIFYs into one) is taken by as many workers as it needs. Waking every worker instead cost a
   * fetch each, most of them empty: in B8's burst, two fetches per job.
   */
  private wake(queue: string): void {
    const idle = (this.workerIds.get(queue) ?? []).find((id) => !this.runningWorkers.has(id));
    if (idle) this.jobBoss.boss.notifyWorker(idle);
  }

  /**
   * One pg-boss worker: one job at a time. pg-boss waits a polling interval after every fetch;
   * a worker that just ran a job asks for the next one at once, so only an idle worker polls
   * (and a committed job of its queue wakes one at once, see wake()).
   */
  private async startWorker(registered: RegisteredHandler): Promise<void> {
    const boss = this.jobBoss.boss;
    const worker: { id?: string } = {};
    worker.id = await boss.work<JobEnvelope>(
      registered.definition.queue,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 },
      async ([job]) => {
        if (worker.id) this.runningWorkers.add(worker.id);
        // There may be more where this one came from: the next idle worker fetches too.
        this.wake(registered.definition.queue);
        try {
          await this.run(registered, job);
        } finally {
          if (worker.id) {
            this.runningWorkers.delete(worker.id);
            boss.notifyWorker(worker.id);
          }
        }
      },
    );
    const ids = this.workerIds.get(registered.definition.queue) ?? [];
    ids.push(worker.id);
    this.workerIds.set(registered.definition.queue, ids);
  }

  /** Stop fetching; jobs already running finish (up to the timeout) before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.depthTimer);
    this.unregisterDepths?.();
    this.unsubscribeWakeup?.();
    await this.jobBoss.stop(this.options.shutdownTimeoutMs ?? 15_000);
  }

  /** Reads the waiting jobs of each handled queue for the queue-depth gauge. */
  async refreshQueueDepths(): Promise<void> {
    try {
      for (const { definition } of this.handlers) {
        this.depths.set(definition.queue, await this.jobBoss.boss.getQueueSize(definition.queue, { before: 'active' }));
      }
    } catch (error) {
      this.logger.warn(`could not read the job queue depths: ${String(error)}`);
    }
  }

  private async run({ definition, handler }: RegisteredHandler, job: PgBoss.JobWithMetadata<JobEnvelope>): Promise<void> {
    const envelope = job.data;
    const parent = propagation.extract(ROOT_CONTEXT, { traceparent: envelope.traceparent, tracestate: envelope.tracestate });
    const jobContext: JobContext = { jobId: job.id, queue: definition.queue, attempt: job.retryCount + 1 };
    const span = tracer.startSpan(
      `process ${definition.queue}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'pg-boss',
          'messaging.destination.name': definition.queue,
          'messaging.message.id': job.id,
          'mate.job.attempt': jobContext.attempt,
        },
      },
      parent,
    );
    const attributes = { service: this.options.serviceName, queue: definition.queue };
    const started = process.hrtime.bigint();
    try {
      await context.with(trace.setSpan(parent, span), () => this.invoke(definition, handler, envelope, jobContext));
      jobMetrics().completed.add(1, attributes);
    } catch (error) {
      const willRetry = job.retryCount < job.retryLimit;
      (willRetry ? jobMetrics().retried : jobMetrics().failed).add(1, attributes);
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      this.logger.warn(
        { queue: definition.queue, jobId: job.id, attempt: jobContext.attempt, willRetry, err: error },
        willRetry ? 'job failed; it will be retried' : 'job failed its last attempt',
      );
      throw error;
    } finally {
      jobMetrics().duration.record(Number(process.hrtime.bigint() - started) / 1e9, attributes);
      span.end();
    }
  }

  private invoke(definition: JobDefinition, handler: AnyJobHandler, envelope: JobEnvelope, jobContext: JobContext): Promise<void> {
    if (definition.scope === 'system') return handler.handle(envelope.payload, jobContext);
    const { tenantId } = envelope;
    if (!tenantId) return Promise.reject(new Error(`job ${jobContext.jobId} of tenant queue ${definition.queue} carries no tenant`));
    return withTenantTransaction(this.dataSource, tenantId, (manager) => {
      const tenantContext: TenantJobContext = { ...jobContext, tenantId, manager };
      return handler.handle(envelope.payload, tenantContext);
    });
  }
}
