/**
 * Replays dead-lettered messages back to their original topic.
 *
 *   npm run dlq:replay -- --topic mate.assets.v1.dlq [--group mate.work-orders] [--event <ce_id> ...]
 *                         [--since 2026-11-28T00:00:00Z] [--limit 100] [--dry-run]
 *
 * Replays are idempotent: messages keep their `ce_id`, so consumers that already processed an
 * event skip it. Progress is printed as it goes; the summary is the last line (JSON).
 */
import { parseArgs } from 'node:util';
import { createKafka, replayDeadLetters } from '@mate/messaging';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run dlq:replay -- --topic <topic>.dlq [--group G] [--event ID]... [--since ISO] [--limit N] [--dry-run]\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      topic: { type: 'string' },
      group: { type: 'string' },
      event: { type: 'string', multiple: true },
      since: { type: 'string' },
      limit: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.topic) usage('--topic is required');
  if (!values.topic.endsWith('.dlq')) usage(`--topic must name a dead-letter topic (<topic>.dlq), got "${values.topic}"`);
  const since = values.since ? new Date(values.since) : undefined;
  if (since && Number.isNaN(since.getTime())) usage(`--since is not a date: "${values.since}"`);
  const limit = values.limit !== undefined ? Number(values.limit) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) usage('--limit must be a positive integer');

  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  let lastPrinted = 0;
  const summary = await replayDeadLetters({
    kafka: createKafka({ brokers, clientId: 'mate-dlq-replay' }),
    deadLetterTopic: values.topic,
    consumerGroup: values.group,
    eventIds: values.event,
    failedSince: since,
    limit,
    dryRun: values['dry-run'],
    onProgress: (progress) => {
      if (Date.now() - lastPrinted > 1_000) {
        lastPrinted = Date.now();
        process.stderr.write(`read ${progress.read}, replayed ${progress.replayed}, skipped ${progress.skipped}\n`);
      }
    },
  });
  process.stdout.write(`${JSON.stringify({ topic: values.topic, dryRun: values['dry-run'], ...summary })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`replay failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
