import { randomUUID } from 'node:crypto';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate, TimestampSchema, type Timestamp } from '@bufbuild/protobuf/wkt';
import { DLQ_HEADERS, PmChecklistItemKind, PmOccurrenceDueSchema, PmWorkTemplateSchema, type PmOccurrenceDue } from '@mate/contracts';
import { headerText } from '@mate/messaging';
import { expectEventually, readTopic } from '@mate/testing';
import type { WorkOrdersConfig } from '../src/config/work-orders.config';
import { CreateWorkOrder } from '../src/work-orders';
import {
  ownerQuery,
  prepareTestConfig,
  startWorkOrders,
  testTopics,
  TestPublisher,
  type TestTopics,
  type WorkOrdersTestApp,
} from './support/work-orders-test-app';

interface DeadLetter {
  id?: string;
  attempts?: string;
  error?: string;
}

/** Every message of a dead-letter topic with its DLQ headers, read until it goes quiet. */
async function readDeadLetters(topic: string, idleMs = 1_000): Promise<DeadLetter[]> {
  return (await readTopic(topic, { idleMs })).map(({ message }) => ({
    id: headerText(message.headers, 'ce_id'),
    attempts: headerText(message.headers, DLQ_HEADERS.attempts),
    error: headerText(message.headers, DLQ_HEADERS.error),
  }));
}

/**
 * A PM occurrence whose template can never be accepted goes to the dead-letter topic after one
 * attempt, not after the retries meant for passing failures; a database failure that can pass is
 * still retried, and a good occurrence still gets its work order.
 */
describe('PM occurrences that can never succeed (real broker and database)', () => {
  const tenant = randomUUID();
  let config: WorkOrdersConfig;
  let topics: TestTopics;
  let app: WorkOrdersTestApp;
  const publisher = new TestPublisher();
  // The default of 5 attempts, with short delays so that a wrongly retried event is quick to see.
  const retry = { maxAttempts: 5, initialDelayMs: 50, maxDelayMs: 200 };

  function occurrence(template: MessageInitShape<typeof PmWorkTemplateSchema>, extra: { dueAt?: Timestamp } = {}): PmOccurrenceDue {
    const planId = randomUUID();
    const occurrenceAt = new Date('2026-12-01T06:00:00Z');
    return create(PmOccurrenceDueSchema, {
      planId,
      occurrenceId: `${planId}:${occurrenceAt.toISOString()}`,
      occurrenceAt: timestampFromDate(occurrenceAt),
      dueAt: timestampFromDate(new Date(occurrenceAt.getTime() + 2 * 86_400_000)),
      template: {
        title: 'Monthly lubrication',
        checklistItems: [
          { label: 'Grease bearings', kind: PmChecklistItemKind.SUB_TASK, required: true },
          { label: 'Vibration', kind: PmChecklistItemKind.NUMBER, min: '0', max: '4.5', unit: 'mm/s' },
        ],
        ...template,
      },
      ...extra,
    });
  }

  const publish = (due: PmOccurrenceDue) => publisher.publish(topics.pmScheduling, PmOccurrenceDueSchema, due, { tenantId: tenant, subject: due.planId });

  async function workOrdersOf(occurrenceId: string): Promise<Array<{ id: string }>> {
    return ownerQuery(config, 'select id from work_orders where tenant_id = $1 and source_ref = $2', [tenant, occurrenceId]);
  }

  async function processed(eventId: string): Promise<boolean> {
    return (await ownerQuery(config, 'select 1 from mate_inbox where event_id = $1', [eventId])).length > 0;
  }

  beforeAll(async () => {
    config = await prepareTestConfig('pm-errors');
    topics = testTopics('pm-errors');
    await publisher.connect();
    app = await startWorkOrders(config, { topics, messaging: { relay: { pollIntervalMs: 300, leaderRetryMs: 300 }, retry } });
    await expectEventually(async () => expect((await app.http().get('/health/ready')).status).toBe(200), { timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await app?.close();
    await publisher.disconnect();
  });

  it('dead-letters a template with bad values after exactly one attempt; a good one gets its work order', async () => {
    const number = (limits: { min?: string; max?: string }) => ({ label: 'Vibration', kind: PmChecklistItemKind.NUMBER, ...limits });
    const bad: Array<{ what: string; due: PmOccurrenceDue; error: RegExp }> = [
      { what: 'a limit that is no number', due: occurrence({ checklistItems: [number({ min: 'abc', max: '4.5' })] }), error: /checklist_items\[0\]\.min/ },
      { what: 'a decimal comma', due: occurrence({ checklistItems: [number({ max: '4,5' })] }), error: /checklist_items\[0\]\.max/ },
      { what: 'not a number', due: occurrence({ checklistItems: [number({ min: 'NaN' })] }), error: /checklist_items\[0\]\.min/ },
      {
        what: 'a meter id that is no uuid',
        due: occurrence({ checklistItems: [{ label: 'Run hours', kind: PmChecklistItemKind.METER_READING, meterId: 'meter-7' }] }),
        error: /checklist_items\[0\]\.meter_id/,
      },
      { what: 'a due time out of range', due: occurrence({}, { dueAt: create(TimestampSchema, { seconds: 10n ** 15n }) }), error: /due_at/ },
      { what: 'a NUL character the database refuses', due: occurrence({ title: 'Lube\u0000' }), error: /cannot be stored/ },
    ];
    const good = occurrence({ title: 'Good template' });

    const badIds: string[] = [];
    for (const { due } of bad) badIds.push(await publish(due));
    const goodId = await publish(good);

    // Each bad event ends either dead-lettered or (wrongly) accepted: wait for all, then compare.
    const outcomes = await expectEventually(
      async () => {
        const found = await readDeadLetters(`${topics.pmScheduling}.dlq`);
        const seen = [];
        for (const [index, { what }] of bad.entries()) {
          const letter = found.find((l) => l.id === badIds[index]);
          if (!letter && !(await processed(badIds[index]))) throw new Error(`${what}: not handled yet`);
          seen.push({ what, attempts: letter?.attempts ?? 'none: accepted', error: letter?.error ?? '' });
        }
        return seen;
      },
      { timeoutMs: 60_000 },
    );
    expect(outcomes.map(({ what, attempts }) => ({ what, attempts }))).toEqual(bad.map(({ what }) => ({ what, attempts: '1' })));
    bad.forEach(({ error }, index) => {
      expect(outcomes[index].error).toMatch(/^PermanentEventError/);
      expect(outcomes[index].error).toMatch(error);
    });
    for (const { due } of bad) expect(await workOrdersOf(due.occurrenceId)).toHaveLength(0);

    // Processed means its inbox row committed with its effects: it was not dead-lettered.
    await expectEventually(async () => expect(await processed(goodId)).toBe(true));
    expect(await workOrdersOf(good.occurrenceId)).toHaveLength(1);
  });

  it('still retries a database failure that can pass', async () => {
    const due = occurrence({ title: 'After a timeout' });
    const service = app.app.get(CreateWorkOrder);
    const original = service.execute.bind(service);
    let attempts = 0;
    // The first attempt hits a statement timeout (SQLSTATE 57014) in its own transaction.
    const spy = jest.spyOn(service, 'execute').mockImplementation(async (manager, ...rest) => {
      if (rest[2].sourceRef === due.occurrenceId && ++attempts === 1) {
        await manager.query(`set local statement_timeout = '10ms'`);
        await manager.query('select pg_sleep(1)');
      }
      return original(manager, ...rest);
    });
    try {
      const id = await publish(due);
      await expectEventually(async () => expect(await processed(id)).toBe(true));
      expect(attempts).toBe(2);
      expect(await workOrdersOf(due.occurrenceId)).toHaveLength(1);
      expect((await readDeadLetters(`${topics.pmScheduling}.dlq`)).map((letter) => letter.id)).not.toContain(id);
    } finally {
      spy.mockRestore();
    }
  });
});
