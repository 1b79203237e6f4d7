import { setTimeout as sleep } from 'node:timers/promises';
import { enableTenantRowLevelSecurity } from '@mate/database';
import { Inject, Injectable } from '@nestjs/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import {
  createJobQueues,
  HandlesJob,
  JOB_QUEUE_POLICIES,
  JobQueueSchema1764400000000,
  systemJob,
  tenantJob,
  type JobContext,
  type JobHandler,
  type TenantJobContext,
} from '../../src';

/** Fails every attempt: retried twice with backoff (about 1-2 s, then 2-4 s), then failed. */
export const FLAKY_JOB = systemJob<{ label: string }>('test-flaky', { retry: { limit: 2, delaySeconds: 1, backoff: true } });
export const DELAYED_JOB = systemJob<{ label: string }>('test-delayed');
export const PROBE_JOB = tenantJob<{ connectionId: string }>('test-probe', { policy: JOB_QUEUE_POLICIES.stately });
export const SHARED_JOB = systemJob<{ index: number }>('test-shared');
export const TENANT_NOTE_JOB = tenantJob<{ note: string }>('test-tenant-note');
export const SLOW_JOB = systemJob<{ label: string }>('test-slow', { retry: { limit: 0, delaySeconds: 0, backoff: false } });
/** Handled only by a replica that polls once an hour: a run soon after a send shows the wake-up. */
export const WAKE_JOB = systemJob<{ label: string }>('test-wake');
/** Three workers, on a replica that polls once an hour: three jobs running together show the workers woke each other. */
export const PARALLEL_JOB = systemJob<{ label: string }>('test-parallel', { concurrency: 3 });

/** The test's own migration: its queues and the tables its handlers write, as a service would. */
export class JobsTestSchema1767900000001 implements MigrationInterface {
  name = 'JobsTestSchema1767900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createJobQueues(queryRunner, [
      { name: 'test-flaky', policy: 'standard' },
      { name: 'test-delayed', policy: 'standard' },
      { name: 'test-probe', policy: 'stately' },
      { name: 'test-shared', policy: 'standard' },
      { name: 'test-tenant-note', policy: 'standard' },
      { name: 'test-slow', policy: 'standard' },
      { name: 'test-wake', policy: 'standard' },
      { name: 'test-parallel', policy: 'standard' },
    ]);
    // Every handler run, with the replica that ran it: a job done twice shows as two rows.
    await queryRunner.query(`
      create table job_runs (
        queue text not null, job_id uuid not null, replica text not null, attempt int not null,
        tenant_setting text, visible_tenants uuid[], ran_at timestamptz not null default clock_timestamp())`);
    await queryRunner.query(`create table tenant_notes (tenant_id uuid not null, note text not null)`);
    await enableTenantRowLevelSecurity(queryRunner, 'tenant_notes');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table tenant_notes');
    await queryRunner.query('drop table job_runs');
  }
}

export const TEST_MIGRATIONS = [JobQueueSchema1764400000000, JobsTestSchema1767900000001];

export const REPLICA = Symbol('REPLICA');

/** What the slow handler tells the test: it started (and on which replica), and it finished. */
export const slowJobSignals = { started: [] as Array<(replica: string) => void>, finished: [] as string[] };

@Injectable()
class RunRecorder {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(REPLICA) private readonly replica: string,
  ) {}

  record(context: JobContext, extra: { tenantSetting?: string; visibleTenants?: string[] } = {}): Promise<unknown> {
    return this.dataSource.query(
      `insert into job_runs (queue, job_id, replica, attempt, tenant_setting, visible_tenants) values ($1, $2, $3, $4, $5, $6)`,
      [context.queue, context.jobId, this.replica, context.attempt, extra.tenantSetting ?? null, extra.visibleTenants ?? null],
    );
  }

  get name(): string {
    return this.replica;
  }
}

@HandlesJob(FLAKY_JOB)
@Injectable()
class FlakyHandler implements JobHandler<typeof FLAKY_JOB> {
  constructor(@Inject(RunRecorder) private readonly runs: RunRecorder) {}
  async handle(_payload: { label: string }, context: JobContext): Promise<void> {
    await this.runs.record(context);
    throw new Error('upstream unavailable');
  }
}

@HandlesJob(DELAYED_JOB)
@Injectable()
class DelayedHandler implements JobHandler<typeof DELAYED_JOB> {
  constructor(@Inject(RunRecorder) private readonly runs: RunRecorder) {}
  async handle(_payload: { label: string }, context: JobContext): Promise<void> {
    await this.runs.record(context);
  }
}

@HandlesJob(PROBE_JOB)
@Injectable()
class ProbeHandler implements JobHandler<typeof PROBE_JOB> {
  constructor(@Inject(RunRecorder) private readonly runs: RunRecorder) {}
  async handle(_payload: { connectionId: string }, context: TenantJobContext): Promise<void> {
    await this.runs.record(context, { tenantSetting: context.tenantId });
  }
}

@HandlesJob(SHARED_JOB)
@Injectable()
class SharedHandler implements JobHandler<typeof SHARED_JOB> {
  constructor(@Inject(RunRecorder) private readonly runs: RunRecorder) {}
  async handle(_payload: { index: number }, context: JobContext): Promise<void> {
    await sleep(50);
    await this.runs.record(context);
  }
}

/** Writes a note through row-level security and reports what the tenant transaction sees. */
@HandlesJob(TENANT_NOTE_JOB)
@Injectable()
class TenantNoteHandler implements JobHandler<typeof TENANT_NOTE_JOB> {
  constructor(@Inject(RunRecorder) private readonly runs: RunRecorder) {}
  async handle(payload: { note: string }, context: TenantJobContext): Promise<void> {
    const [setting] = (await context.manager.query(`select current_setting('app.tenant_id', true) as tenant`)) as Array<{ tenant: string }>;
    await context.manager.query(`insert into tenant_notes (tenant_id, note) values ($1, $2)`, [context.tenantId, payload.note]);
    const visible = (await context.manager.query(`select distinct tenant_id from tenant_notes`)) as Array<{ tenant_id: string }>;
    await this.runs.record(context, { tenantSetting: setting.tenant, visibleTenants: visible.map((row) => row.tenant_id) });
  }
}

@HandlesJob(SLOW_JOB)
@Injectable()
class SlowHandler implements JobHandler<typeof SLOW_JOB> {
  constructor(@Inject(RunRecorder) private readonly runs: RunRecorder) {}
  async handle(payload: { label: string }, context: JobContext): Promise<void> {
    for (const started of slowJobSignals.started.splice(0)) started(this.runs.name);
    await sleep(2_000);
    await this.runs.record(context);
    slowJobSignals.finished.push(payload.label);
  }
}

@HandlesJob(WAKE_JOB)
@Injectable()
class WakeHandler implements JobHandler<typeof WAKE_JOB> {
  constructor(@Inject(RunRecorder) private readonly runs: RunRecorder) {}
  async handle(_payload: { label: string }, context: JobContext): Promise<void> {
    await this.runs.record(context);
  }
}

/** How many parallel jobs run now, and the most that ran at once. */
export const parallelJobSignals = { running: 0, mostAtOnce: 0 };

@HandlesJob(PARALLEL_JOB)
@Injectable()
class ParallelHandler implements JobHandler<typeof PARALLEL_JOB> {
  constructor(@Inject(RunRecorder) private readonly runs: RunRecorder) {}
  /** Waits (up to 5 s) for the other two to be running too, so the most at once tells whether they woke. */
  async handle(_payload: { label: string }, context: JobContext): Promise<void> {
    parallelJobSignals.running += 1;
    parallelJobSignals.mostAtOnce = Math.max(parallelJobSignals.mostAtOnce, parallelJobSignals.running);
    for (let waited = 0; parallelJobSignals.mostAtOnce < 3 && waited < 5_000; waited += 20) await sleep(20);
    parallelJobSignals.running -= 1;
    await this.runs.record(context);
  }
}

export const PARALLEL_HANDLERS = [RunRecorder, ParallelHandler];

/** The handlers of the replica that polls once an hour (WAKE_JOB only). */
export const QUIET_HANDLERS = [RunRecorder, WakeHandler];

export const TEST_HANDLERS = [RunRecorder, FlakyHandler, DelayedHandler, ProbeHandler, SharedHandler, TenantNoteHandler, SlowHandler];

/** A queue no migration created: a replica handling it must refuse to start. */
export const MISSING_QUEUE_JOB = systemJob<{ label: string }>('test-missing');

@HandlesJob(MISSING_QUEUE_JOB)
@Injectable()
export class MissingQueueHandler implements JobHandler<typeof MISSING_QUEUE_JOB> {
  async handle(): Promise<void> {}
}
