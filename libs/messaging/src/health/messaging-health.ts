import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from '../nest/messaging-options';
import { MessagingRuntime } from '../nest/messaging-runtime';
import { countOutboxBacklog } from '../outbox/outbox-backlog';

/**
 * The backbone's health checks, as providers for the chassis' HealthModule:
 * `HealthModule.forRoot({ liveness: [ConsumerLivenessCheck], readiness: [DatabaseHealthCheck,
 * ConsumerGroupCheck, OutboxBacklogCheck] })`. Same shape as the chassis' HealthCheck, which this
 * library does not import (structural typing).
 */
export interface MessagingHealthCheck {
  readonly name: string;
  check(): Promise<{ healthy: boolean; details?: Record<string, unknown> }>;
}

/** Liveness: the Kafka consumer has not crashed for good. No dependency checks. */
@Injectable()
export class ConsumerLivenessCheck implements MessagingHealthCheck {
  readonly name = 'kafka-consumer';
  constructor(private readonly runtime: MessagingRuntime) {}

  async check() {
    return { healthy: this.runtime.transport?.isAlive ?? true };
  }
}

/** Readiness: the consumer group was joined (always ready for a service that consumes nothing). */
@Injectable()
export class ConsumerGroupCheck implements MessagingHealthCheck {
  readonly name = 'kafka-consumer-group';
  constructor(private readonly runtime: MessagingRuntime) {}

  async check() {
    const transport = this.runtime.transport;
    return { healthy: transport ? transport.hasJoinedGroup : true, details: { consuming: transport !== undefined } };
  }
}

/** Readiness: the outbox is not piling up (Kafka unreachable, relay stuck). */
@Injectable()
export class OutboxBacklogCheck implements MessagingHealthCheck {
  readonly name = 'outbox-backlog';
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly dataSource: DataSource,
  ) {}

  async check() {
    const threshold = this.options.outboxBacklogThreshold ?? 10_000;
    const backlog = await countOutboxBacklog(this.dataSource, threshold + 1);
    return { healthy: backlog <= threshold, details: { backlog, threshold } };
  }
}
