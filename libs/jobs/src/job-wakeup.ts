import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { JOBS_OPTIONS, type JobsModuleOptions } from './jobs-options';

/**
 * The channel a transaction that queued a job notifies, with the queue's name as payload.
 * PostgreSQL delivers a NOTIFY only when its transaction commits, so a woken worker finds the job.
 */
export const JOB_QUEUED_CHANNEL = 'mate_job_queued';

/** Queues already notified per open transaction: PostgreSQL folds repeats anyway, this saves the round trips. */
const notifiedInTransaction = new WeakMap<EntityManager, Set<string>>();

/** Notifies on the caller's transaction (delivered at its commit), once per queue and transaction. */
export async function notifyJobQueuedInTransaction(manager: EntityManager, queue: string): Promise<void> {
  const notified = notifiedInTransaction.get(manager) ?? new Set<string>();
  if (notified.has(queue)) return;
  notified.add(queue);
  notifiedInTransaction.set(manager, notified);
  await manager.query(`select pg_notify($1, $2)`, [JOB_QUEUED_CHANNEL, queue]);
}

type QueueListener = (queue: string) => void;

/**
 * The process's one LISTEN session on JOB_QUEUED_CHANNEL: a committed job wakes the idle workers
 * of its queue at once instead of at their next poll. Polling stays as the fallback: a lost session
 * is reopened after `reconnectMs`, and jobs queued meanwhile (or delayed ones coming due, which
 * notify nobody) are found by the poll.
 */
@Injectable()
export class JobWakeup implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(JobWakeup.name);
  private readonly listeners = new Set<QueueListener>();
  private session?: Client;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(@Inject(JOBS_OPTIONS) private readonly options: JobsModuleOptions) {}

  onModuleInit(): Promise<void> {
    return this.listen();
  }

  /** Calls `listener` with the queue of every job committed anywhere on this database. */
  subscribe(listener: QueueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.session?.end().catch(() => undefined);
    this.session = undefined;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const session = new Client({ connectionString: this.options.databaseUrl, keepAlive: true, application_name: `${this.options.serviceName}-jobs-wakeup` });
    session.on('notification', ({ channel, payload }) => {
      if (channel !== JOB_QUEUED_CHANNEL || !payload) return;
      for (const listener of this.listeners) listener(payload);
    });
    session.on('error', (error) => {
      this.logger.warn(`job wake-up session lost, workers poll until it is back: ${error.message}`);
      this.reopenLater(session);
    });
    session.on('end', () => this.reopenLater(session));
    try {
      await session.connect();
      await session.query(`listen ${JOB_QUEUED_CHANNEL}`);
      this.session = session;
    } catch (error) {
      this.logger.warn(`could not listen for queued jobs, workers poll until it works: ${String(error)}`);
      await session.end().catch(() => undefined);
      this.reopenLater(session);
    }
  }

  private reopenLater(session: Client): void {
    if (this.session && this.session !== session) return; // an old session ending: the current one listens
    this.session = undefined;
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.listen();
    }, this.options.wakeupReconnectMs ?? 5_000);
    this.reconnectTimer.unref();
  }
}
