import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { countAfterMarker, expectEventually, kafkaControl, REPO_ROOT, testKafkaBrokers, uniqueName } from '@mate/testing';
import { Kafka, logLevel } from 'kafkajs';
import { ENVELOPE_HEADERS as CE_HEADERS } from '@mate/contracts';
import { createIdempotentProducer, createKafka, headerText, OutboxRelay } from '../src';
import {
  commitEvents,
  createProbeDatabase,
  effectsOf,
  probeEvent,
  startProbeService,
  type ProbeDatabase,
  type ProbeService,
} from './probe-fixture';

/** Counts how many times each ce_id was written to a topic. */
async function deliveriesPerEventId(topic: string, expectedTotal: number): Promise<Map<string, number>> {
  const kafka = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('mate.test-reader') });
  const counts = new Map<string, number>();
  let total = 0;
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = headerText(message.headers, CE_HEADERS.id) ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
      total += 1;
    },
  });
  await expectEventually(() => expect(total).toBeGreaterThanOrEqual(expectedTotal));
  await consumer.disconnect();
  return counts;
}

/** Whether the broker answers a metadata request within a few seconds. */
async function brokerAnswers(): Promise<boolean> {
  const admin = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1_000 }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function expectInOrder(database: ProbeDatabase, aggregate: string, count: number, timeoutMs = 60_000) {
  const rows = await expectEventually(
    async () => {
      const effects = await effectsOf(database, aggregate);
      expect(effects).toHaveLength(count);
      return effects;
    },
    { timeoutMs },
  );
  expect(rows.map((row) => Number(row.sequence))).toEqual(Array.from({ length: count }, (_, i) => i + 1));
}

/**
 * Sends sequence `count + 1` of each aggregate as the marker (same key, so the same partition,
 * behind everything before it), then expects exactly 1…count+1 in order: none missing, none twice.
 */
async function expectEachOnceInOrder(through: ProbeService, database: ProbeDatabase, tenantId: string, aggregates: string[], count: number) {
  for (const aggregate of aggregates) {
    const sequences = await countAfterMarker(
      {
        send: () => commitEvents(through, tenantId, [probeEvent(tenantId, aggregate, count + 1)]),
        arrived: async () => expect((await effectsOf(database, aggregate)).map((row) => Number(row.sequence))).toContain(count + 1),
      },
      async () => (await effectsOf(database, aggregate)).map((row) => Number(row.sequence)),
      { timeoutMs: 60_000 },
    );
    expect(sequences).toEqual(Array.from({ length: count + 1 }, (_, i) => i + 1));
  }
}

/** The backend holding the relay's leader lock in this database, if any. */
async function leaderLockHolder(database: ProbeDatabase): Promise<number | undefined> {
  const rows: Array<{ pid: number }> = await database.owner.query(
    `select pid from pg_locks
     where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`,
  );
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0]?.pid;
}

async function outboxSize(database: ProbeDatabase): Promise<number> {
  const [{ n }] = await database.owner.query('select count(*)::int as n from mate_outbox');
  return n;
}

describe('event backbone under failure (real broker and database)', () => {
  const tenantId = randomUUID();
  let database: ProbeDatabase;

  beforeAll(async () => {
    database = await createProbeDatabase('mate_messaging_failures');
  });

  afterAll(async () => {
    await database?.owner.destroy();
  });

  describe('relay killed between send and mark', () => {
    const topic = uniqueName('mate.test-relay-crash') + '.v1';
    let consumer: ProbeService;

    beforeAll(async () => {
      consumer = await startProbeService({ database, topic, relay: false });
    });
    afterAll(async () => consumer?.close());

    it('re-sends the batch after SIGKILL, and the duplicate delivery has no duplicate effect', async () => {
      const aggregate = `crash-${randomUUID()}`;
      const ids = await commitEvents(
        consumer,
        tenantId,
        [1, 2, 3, 4, 5].map((sequence) => probeEvent(tenantId, aggregate, sequence)),
      );

      const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'fixtures/relay-crash-child.ts')], {
        cwd: REPO_ROOT,
        env: { ...process.env, RELAY_DATABASE_URL: database.appUrl, KAFKA_BROKERS: testKafkaBrokers().join(',') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((done) => child.on('exit', done));
      await new Promise<void>((sent, failed) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('SENT') && sent());
        child.on('exit', (code) => failed(new Error(`relay child exited early with ${code}`)));
      });
      child.kill('SIGKILL');
      await exited;

      // Sent but never marked: the rows are still in the outbox.
      expect(await outboxSize(database)).toBe(5);
      await expectInOrder(database, aggregate, 5);

      const relay = new OutboxRelay({
        serviceName: 'probe',
        databaseUrl: database.appUrl,
        producer: createIdempotentProducer(createKafka({ brokers: testKafkaBrokers(), clientId: 'relay-after-crash' })),
        leaderRetryMs: 200,
      });
      relay.start();
      try {
        await expectEventually(async () => expect(await outboxSize(database)).toBe(0));
        const deliveries = await deliveriesPerEventId(topic, 10);
        expect(ids.map((id) => deliveries.get(id))).toEqual([2, 2, 2, 2, 2]);
        // A sixth event of the aggregate, behind the duplicates: once it has taken effect, the
        // consumer has handled them all, and applied nothing twice.
        await expectEachOnceInOrder(consumer, database, tenantId, [aggregate], 5);
      } finally {
        await relay.stop();
      }
    });
  });

  describe('graceful shutdown', () => {
    it('publishes what was committed before the service stopped (final relay flush)', async () => {
      const topic = uniqueName('mate.test-shutdown') + '.v1';
      const service = await startProbeService({ database, topic, consume: false });
      const aggregate = `shutdown-${randomUUID()}`;
      const ids = await commitEvents(
        service,
        tenantId,
        Array.from({ length: 50 }, (_, i) => probeEvent(tenantId, aggregate, i + 1)),
      );
      await service.close();
      expect(await outboxSize(database)).toBe(0);
      const deliveries = await deliveriesPerEventId(topic, 50);
      expect(ids.every((id) => deliveries.get(id) === 1)).toBe(true);
    });
  });

  describe('two relay replicas', () => {
    const topic = uniqueName('mate.test-two-relays') + '.v1';
    let replicaA: ProbeService;
    let replicaB: ProbeService;

    beforeAll(async () => {
      replicaA = await startProbeService({ database, topic });
      replicaB = await startProbeService({ database, topic });
    });
    afterAll(async () => {
      await replicaA?.close().catch(() => undefined);
      await replicaB?.close().catch(() => undefined);
    });

    it('elect one leader, fail over when it dies, and keep per-aggregate order', async () => {
      const leaders = () => [replicaA, replicaB].filter((replica) => replica.runtime.relay.isLeader);
      await expectEventually(() => expect(leaders()).toHaveLength(1));
      const aggregates = Array.from({ length: 4 }, (_, i) => `failover-${i}-${randomUUID()}`);
      let sequence = 0;
      const commitRounds = async (through: ProbeService, rounds: number) => {
        for (let i = 0; i < rounds; i += 1) {
          sequence += 1;
          await commitEvents(through, tenantId, aggregates.map((aggregate) => probeEvent(tenantId, aggregate, sequence)));
        }
      };
      await commitRounds(replicaA, 20);

      // The leader's database session dies (network cut, backend killed): its lock is released
      // and a relay (either one) takes over, from a new session.
      const killed = await leaderLockHolder(database);
      expect(killed).toEqual(expect.any(Number));
      expect(await database.owner.query('select pg_terminate_backend($1) as terminated', [killed])).toEqual([{ terminated: true }]);
      await commitRounds(replicaA, 20);
      await expectEventually(async () => expect([undefined, killed]).not.toContain(await leaderLockHolder(database)));
      await expectEventually(() => expect(leaders()).toHaveLength(1));

      // The leader replica goes away altogether: the other one must take over.
      const [leader] = leaders();
      const survivor = leader === replicaA ? replicaB : replicaA;
      await leader.close();
      await expectEventually(() => expect(survivor.runtime.relay.isLeader).toBe(true));
      await commitRounds(survivor, 20);

      for (const aggregate of aggregates) await expectInOrder(database, aggregate, 60);
      await expectEachOnceInOrder(survivor, database, tenantId, aggregates, 60);
      await expectEventually(async () => expect(await outboxSize(database)).toBe(0));
    });
  });

  describe('broker killed (kill -9) mid-stream and restarted', () => {
    const topic = uniqueName('mate.test-broker-kill') + '.v1';
    let service: ProbeService;

    beforeAll(async () => {
      service = await startProbeService({ database, topic });
    });
    afterAll(async () => service?.close());

    it('delivers every committed event once, without restarting the service', async () => {
      const aggregates = Array.from({ length: 3 }, (_, i) => `broker-kill-${i}-${randomUUID()}`);
      const rounds = 60;
      const commitRounds = async (from: number, to: number) => {
        for (let sequence = from; sequence <= to; sequence += 1) {
          await commitEvents(service, tenantId, aggregates.map((aggregate) => probeEvent(tenantId, aggregate, sequence)));
          await new Promise((done) => setTimeout(done, 10));
        }
      };
      await commitRounds(1, 20);
      kafkaControl('kill9');
      try {
        // Commits go on while the broker is down: the outbox keeps them. All of them still being
        // there shows the outage was real (nothing could be published).
        await commitRounds(21, 40);
        expect(await outboxSize(database)).toBeGreaterThanOrEqual(20 * aggregates.length);
        await expect(brokerAnswers()).resolves.toBe(false);
      } finally {
        kafkaControl('start');
        kafkaControl('wait');
      }
      await commitRounds(41, rounds);
      for (const aggregate of aggregates) await expectInOrder(database, aggregate, rounds, 120_000);
      await expectEachOnceInOrder(service, database, tenantId, aggregates, rounds);
      await expectEventually(async () => expect(await outboxSize(database)).toBe(0));
      expect(service.runtime.transport?.isAlive).toBe(true);
    });
  });
});
