import { Logger } from '@nestjs/common';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import { Client } from 'pg';
import { toKafkaHeaders } from '../envelope/cloud-event-envelope';
import { messagingMetrics, registerOutboxBacklog } from '../metrics/messaging-metrics';
import { OUTBOX_CHANNEL, OUTBOX_TABLE } from './messaging-schema.migration';

export interface OutboxRelayOptions {
  serviceName: string;
  /** The service database; the relay holds one session of its own there (lock, LISTEN, reads). */
  databaseUrl: string;
  producer: Producer;
  batchSize?: number;
  /** Safety net only: a commit wakes the relay through NOTIFY long before this. */
  pollIntervalMs?: number;
  /**
   * How long a woken relay waits for more commits before it reads (default 5 ms, like Kafka's own
   * producer `linger.ms`): under load, batches and Kafka requests get fewer and larger.
   */
  lingerMs?: number;
  /** How often a standby replica tries to become the leader. */
  leaderRetryMs?: number;
  /** Test seam: runs after a batch was acknowledged by Kafka and before its rows are deleted. */
  afterSend?: (eventIds: string[]) => Promise<void>;
}

/** A row of the outbox table as PostgreSQL returns it. */
export interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  event_type: string;
  source: string;
  subject: string;
  tenant_id: string;
  event_time: Date;
  payload: Buffer;
  traceparent: string | null;
  tracestate: string | null;
  created_at: Date;
}

/** Marks failures of Kafka (retry while staying leader) apart from failures of the database session. */
class KafkaSendError extends Error {
  constructor(cause: unknown) {
    super(`sending to Kafka failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Publishes outbox rows to Kafka in `created_at` order, at least once.
 *
 * Exactly one relay per service publishes: the one whose database session holds the advisory lock.
 * Several relays picking rows with SKIP LOCKED could reorder one aggregate's events. When the
 * leader dies its session ends, PostgreSQL releases the lock and a standby takes over.
 * All reads and deletes go through the lock-holding session, so a relay that lost its session
 * can no longer touch the outbox.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly leaderRetryMs: number;
  private readonly lingerMs: number;
  private running = false;
  private leader = false;
  private loop?: Promise<void>;
  private wakePending = false;
  private wake?: () => void;
  private producerConnected = false;
  private lastBacklog = 0;
  private unregisterBacklog?: () => void;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.leaderRetryMs = options.leaderRetryMs ?? 1_000;
    this.lingerMs = options.lingerMs ?? 5;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unregisterBacklog = registerOutboxBacklog(() => this.lastBacklog, { service: this.options.serviceName });
    this.loop = this.runForever();
  }

  /** Stops taking new work, publishes what is already committed (when leader), releases the lock. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.signal();
    await this.loop;
    this.unregisterBacklog?.();
    if (this.producerConnected) {
      await this.options.producer.disconnect().catch(() => undefined);
      this.producerConnected = false;
    }
  }

  private async runForever(): Promise<void> {
    while (this.running) {
      try {
        await this.leadWhileHoldingLock();
      } catch (error) {
        this.logger.warn(`outbox relay session ended: ${describe(error)}`);
      }
      if (this.running) await this.waitForSignal(this.leaderRetryMs);
    }
  }

  private async leadWhileHoldingLock(): Promise<void> {
    const session = new Client({ connectionString: this.options.databaseUrl, keepAlive: true });
    // A dropped session surfaces as a failed query below; this only keeps the process alive.
    session.on('error', (error) => this.logger.warn(`relay database session error: ${error.message}`));
    await session.connect();
    try {
      const lock = await session.query<{ locked: boolean }>(
        `select pg_try_advisory_lock(hashtext('mate.outbox.relay')) as locked`,
      );
      if (!lock.rows[0]?.locked) return;
      this.leader = true;
      this.logger.log(`outbox relay of ${this.options.serviceName} is the leader`);
      session.on('notification', () => this.signal());
      await session.query(`listen ${OUTBOX_CHANNEL}`);
      await this.publishUntilStopped(session);
    } finally {
      this.leader = false;
      await session.end().catch(() => undefined);
    }
  }

  private async publishUntilStopped(session: Client): Promise<void> {
    let kafkaFailures = 0;
    while (this.running) {
      try {
        const published = await this.publishBatch(session);
        kafkaFailures = 0;
        if (published === this.batchSize) continue;
        await this.waitForSignal(this.pollIntervalMs);
        await this.linger();
      } catch (error) {
        if (!(error instanceof KafkaSendError)) throw error;
        kafkaFailures += 1;
        const delay = Math.min(5_000, 100 * 2 ** Math.min(kafkaFailures, 6));
        this.logger.warn(`${error.message}; retrying in ${delay} ms (rows stay in the outbox)`);
        await this.waitForSignal(delay);
      }
    }
    // Graceful shutdown: flush what is committed, once, without waiting on a dead broker forever.
    try {
      while ((await this.publishBatch(session)) === this.batchSize);
    } catch (error) {
      this.logger.warn(`final outbox flush incomplete, the next leader publishes the rest: ${describe(error)}`);
    }
  }

  /** Publishes the oldest batch and deletes it; returns how many rows were published. */
  private async publishBatch(session: Client): Promise<number> {
    this.wakePending = false;
    const { rows } = await session.query<OutboxRow>(
      `select * from ${OUTBOX_TABLE} order by created_at, id limit $1`,
      [this.batchSize],
    );
    this.lastBacklog = rows.length;
    if (rows.length === 0) return 0;

    const started = process.hrtime.bigint();
    await this.send(rows);
    messagingMetrics().publishBatchDuration.record(Number(process.hrtime.bigint() - started) / 1e9, {
      service: this.options.serviceName,
    });
    const eventIds = rows.map((row) => row.event_id);
    await this.options.afterSend?.(eventIds);
    await session.query(`delete from ${OUTBOX_TABLE} where id = any($1::bigint[])`, [rows.map((row) => row.id)]);
    messagingMetrics().published.add(rows.length, { service: this.options.serviceName });
    if (rows.length < this.batchSize) this.lastBacklog = 0;
    return rows.length;
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    // One entry per topic, rows kept in created_at order inside it; kafkajs has no linger of its
    // own, so a whole batch goes out as one request per broker (kafkajs 1157).
    const byTopic = new Map<string, Message[]>();
    for (const row of rows) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({
        key: row.message_key,
        value: row.payload,
        timestamp: String(row.created_at.getTime()),
        headers: toKafkaHeaders({
          id: row.event_id,
          source: row.source,
          type: row.event_type,
          time: row.event_time.toISOString(),
          subject: row.subject,
          tenantId: row.tenant_id,
          traceparent: row.traceparent ?? undefined,
          tracestate: row.tracestate ?? undefined,
        }),
      });
      byTopic.set(row.topic, messages);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    try {
      if (!this.producerConnected) {
        await this.options.producer.connect();
        this.producerConnected = true;
      }
      await this.options.producer.sendBatch({ topicMessages, acks: -1 });
    } catch (error) {
      throw new KafkaSendError(error);
    }
  }

  /**
   * After a partial batch the relay sleeps until a commit wakes it. Commits come in bursts: the
   * first one's NOTIFY would otherwise make a batch of one and the rest wait behind its send.
   */
  private async linger(): Promise<void> {
    if (this.lingerMs > 0 && this.running) await new Promise((resolve) => setTimeout(resolve, this.lingerMs));
  }

  private signal(): void {
    this.wakePending = true;
    this.wake?.();
  }

  private waitForSignal(timeoutMs: number): Promise<void> {
    if (this.wakePending || !this.running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const wake = () => done();
      this.wake = wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wake = undefined;
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
