import { grantMigratedSchemas } from '@mate/database';
import { createKafka, startEventConsumer } from '@mate/messaging';
import { NestFactory } from '@nestjs/core';
import type { Admin } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ReportingAppModule, reportingSubscriptions, type ReportingTopics } from '../app.module';
import type { ReportingConfig } from '../config/reporting.config';
import { GenerationStore, type Generation } from './generation-store';
import { committedOffsets, describeProgress, isCaughtUp, measureProgress, type RebuildProgress } from './rebuild-progress';

export interface RebuildOptions {
  config: ReportingConfig;
  /** Topic names other than the registered ones (tests). */
  topics?: ReportingTopics;
  /** How often progress is measured and reported (default 1 s). */
  pollMs?: number;
  onProgress?: (line: string, progress: RebuildProgress) => void;
}

export interface RebuildResult {
  generation: number;
  retired: number;
  progress: RebuildProgress;
}

/** The rebuild's consumer groups: `mate.reporting.rebuild-g<N>`, one per generation, deleted after. */
const REBUILD_GROUP_PREFIX = 'mate.reporting.rebuild';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Rebuilds the projections from scratch: replays the consumed topics from the beginning, as a
 * fresh consumer group, into the tables of a new generation while the service keeps answering
 * from the active one; when the replay reached the topics' high-water marks and has every event
 * the active generation has, switches reads and the live consumer over in one transaction, then
 * drops the old generation. One rebuild at a time (an advisory lock); a crashed one is cleaned up
 * by the next.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const owner = new DataSource({ type: 'postgres', url: options.config.database.ownerUrl, logging: false });
  await owner.initialize();
  const admin = createKafka({ brokers: [...options.config.kafka.brokers], clientId: 'mate-reporting-rebuild' }).admin();
  await admin.connect();
  const runner = owner.createQueryRunner();
  try {
    const [{ locked }] = await runner.query(`select pg_try_advisory_lock(hashtext('mate.reporting.rebuild')) as locked`) as { locked: boolean }[];
    if (!locked) throw new Error('another rebuild of the reporting projections is running');
    const store = new GenerationStore(owner);
    await deleteGroups(admin, await store.abandonBuilding());
    const retired = await store.active();
    const next = await store.createNext(REBUILD_GROUP_PREFIX);
    await grantMigratedSchemas(options.config.database.ownerUrl, options.config.database.appRole);
    const progress = await replayAndSwitch(options, store, admin, next);
    await deleteGroups(admin, [next.consumerGroup]);
    await store.forgetConsumerGroup(next.consumerGroup);
    await store.drop(retired);
    return { generation: next.generation, retired: retired.generation, progress };
  } finally {
    await runner.release();
    await admin.disconnect();
    await owner.destroy();
  }
}

/** Runs the handlers into `next` until it is caught up and the switch succeeded. */
async function replayAndSwitch(options: RebuildOptions, store: GenerationStore, admin: Admin, next: Generation): Promise<RebuildProgress> {
  const topics = reportingSubscriptions(options.topics).map((subscription) => subscription.topic.topic);
  const app = await NestFactory.create(
    ReportingAppModule.register({ config: options.config, topics: options.topics, replay: { target: { schema: next.schema }, consumerGroup: next.consumerGroup } }),
    { logger: ['error', 'warn'], bodyParser: false },
  );
  await app.init();
  await startEventConsumer(app);
  try {
    for (;;) {
      const progress = await measureProgress(admin, next.consumerGroup, topics);
      options.onProgress?.(describeProgress(next.generation, progress), progress);
      if (isCaughtUp(progress)) {
        const behind = await store.trySwitch(next, topics, () => committedOffsets(admin, next.consumerGroup, topics));
        if (behind.length === 0) return progress;
      }
      await sleep(options.pollMs ?? 1_000);
    }
  } finally {
    await app.close();
  }
}

async function deleteGroups(admin: Admin, groups: readonly string[]): Promise<void> {
  for (const group of groups) {
    // A group that never committed does not exist: nothing to delete.
    await admin.deleteGroups([group]).catch(() => undefined);
  }
}
