import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import { consumerGroupOf, MESSAGING_KAFKA } from '@mate/messaging';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { enterGeneration } from '../generations';

/** How far behind the events the projections are, as a time, per consumed topic. */
export interface Freshness {
  /**
   * The largest lag of any topic, in seconds; 0 when every partition is caught up; null before the
   * first measurement, or while a partition with events has none projected yet (behind by an unknown time).
   */
  lagSeconds: number | null;
  measuredAt: string | null;
  topics: Record<string, number | null>;
}

export interface FreshnessOptions {
  serviceName: string;
  topics: readonly string[];
  refreshMs?: number;
}

export const FRESHNESS_OPTIONS = Symbol('FRESHNESS_OPTIONS');

interface ProgressRow {
  topic: string;
  partition: number;
  last_event_at: Date;
}

/**
 * A partition is caught up when the consumer group's committed offset reached its end; a
 * partition behind is as late as the newest event projected from it is old (the events after it
 * are at least that much newer than what the answer shows). Measured every few seconds, not per
 * request, and exported as `mate_reporting_projection_lag_seconds{topic}`.
 */
@Injectable()
export class ProjectionFreshness implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionFreshness.name);
  private latest: Freshness = { lagSeconds: null, measuredAt: null, topics: {} };
  private timer?: NodeJS.Timeout;
  /** The measurement under way: shutdown waits for it (it uses the broker and the database). */
  private measuring?: Promise<unknown>;

  constructor(
    @Inject(MESSAGING_KAFKA) private readonly kafka: Kafka,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FRESHNESS_OPTIONS) private readonly options: FreshnessOptions,
  ) {
    metrics
      .getMeter('mate.reporting')
      .createObservableGauge('mate_reporting_projection_lag_seconds', { description: 'How far the reporting projections are behind the events of a topic' })
      .addCallback((result) => {
        for (const [topic, lag] of Object.entries(this.latest.topics)) if (lag !== null) result.observe(lag, { topic });
      });
  }

  current(): Freshness {
    return this.latest;
  }

  onApplicationBootstrap(): void {
    const tick = (): void => {
      this.measuring ??= this.measure()
        .catch((error: unknown) => this.logger.warn(`freshness not measured: ${String(error)}`))
        .finally(() => {
          this.measuring = undefined;
        });
    };
    tick();
    this.timer = setInterval(tick, this.options.refreshMs ?? 5_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.measuring;
  }

  async measure(now = Date.now()): Promise<Freshness> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const progress = await this.dataSource.transaction(async (manager) => {
        await enterGeneration(manager);
        return manager.query<ProgressRow[]>(`select topic, partition, last_event_at from projection_progress`);
      });
      const committed = await admin.fetchOffsets({ groupId: consumerGroupOf(this.options.serviceName), topics: [...this.options.topics] });
      const topics: Record<string, number | null> = {};
      for (const topic of this.options.topics) {
        const ends = await admin.fetchTopicOffsets(topic);
        const done = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
        let lag: number | null = 0;
        for (const end of ends) {
          const at = Number(done.find((partition) => partition.partition === end.partition)?.offset ?? -1);
          // -1: the group has committed nothing; caught up only if the partition is empty.
          if (at >= Number(end.high) || (at === -1 && Number(end.high) === Number(end.low))) continue;
          const last = progress.find((row) => row.topic === topic && row.partition === end.partition)?.last_event_at;
          lag = last === undefined || lag === null ? null : Math.max(lag, (now - last.getTime()) / 1000);
        }
        topics[topic] = lag;
      }
      const lags = Object.values(topics);
      const lagSeconds = lags.includes(null) ? null : Math.max(0, ...(lags as number[]));
      this.latest = { lagSeconds, measuredAt: new Date(now).toISOString(), topics };
      return this.latest;
    } finally {
      await admin.disconnect();
    }
  }
}
