import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { withTenantTransaction } from '@mate/database';
import { DataSource } from 'typeorm';
import { PmPlanRepository } from '../pm-plans/pm-plan.repository';
import { tick } from '../schedule';
import { OccurrenceRecorder, type SteppedStream } from './occurrence-recorder';
import { StreamRepository } from './stream.repository';

export const OCCURRENCE_ENGINE_OPTIONS = Symbol('OCCURRENCE_ENGINE_OPTIONS');

export interface OccurrenceEngineOptions {
  /** The periodic run (tests step the engine by hand). */
  enabled: boolean;
  intervalMs: number;
  /** Streams claimed per transaction. */
  batchSize: number;
  /**
   * Batches per tenant and run: a catch-up after hours of downtime is spread over several runs,
   * so it never floods the broker or the work-orders service.
   */
  maxBatchesPerRun: number;
}

/**
 * The engine loop. Each run visits every tenant and claims its due streams in bounded batches
 * (FOR UPDATE SKIP LOCKED on the index of their next generation time), steps each one and records
 * the outcome in the same transaction as the claim: the occurrences, their events (outbox) and the
 * new state commit together or not at all. Several replicas run it at once; a crash between claim
 * and commit rolls back and the stream is claimed again, with the same occurrence ids.
 */
@Injectable()
export class OccurrenceEngine implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OccurrenceEngine.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(StreamRepository) private readonly streams: StreamRepository,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(OccurrenceRecorder) private readonly recorder: OccurrenceRecorder,
    @Inject(OCCURRENCE_ENGINE_OPTIONS) private readonly options: OccurrenceEngineOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    this.timer = setInterval(() => void this.runSafely(), this.options.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async runSafely(): Promise<void> {
    if (this.running) return;
    try {
      this.running = this.run();
      await this.running;
    } catch (error) {
      this.logger.error({ err: error }, 'PM engine run failed; retrying at the next interval');
    } finally {
      this.running = undefined;
    }
  }

  /** One run over every tenant; answers how many occurrences were generated. */
  async run(now = new Date()): Promise<number> {
    const tenants: Array<{ tenant_id: string }> = await this.dataSource.query('select tenant_id from known_tenants');
    let generated = 0;
    for (const { tenant_id: tenantId } of tenants) {
      for (let batch = 0; batch < this.options.maxBatchesPerRun; batch += 1) {
        const { claimed, due } = await this.runBatch(tenantId, now);
        generated += due;
        if (claimed < this.options.batchSize) break;
      }
    }
    if (generated > 0) this.logger.log({ generated }, 'PM occurrences generated');
    return generated;
  }

  /** Claims one batch of a tenant's due streams, steps them and records them together, all in one transaction. */
  runBatch(tenantId: string, now: Date): Promise<{ claimed: number; due: number }> {
    return withTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const claimed = await this.streams.releaseUnconfirmed(manager, tenantId, await this.streams.claimDue(manager, tenantId, now, this.options.batchSize));
      const plans = await this.plans.scheduledPlans(manager, tenantId, claimed.map((stream) => stream.planId));
      const stepped: SteppedStream[] = claimed.flatMap((stream) => {
        const scheduled = plans.get(stream.planId);
        if (!scheduled) return [];
        const step = tick(scheduled.definition, { planId: stream.planId, assetId: stream.assetId }, stream.state, now);
        return [{ plan: scheduled.plan, definition: scheduled.definition, stream, steps: [step] }];
      });
      const due = await this.recorder.recordAll(manager, stepped);
      return { claimed: claimed.length, due };
    });
  }
}
