import { randomBytes, randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { BackboneProbeSchema, PmOccurrenceDueSchema, topicSpecFor } from '@mate/contracts';
import { withTenantTransaction } from '@mate/database';
import { countAfterMarker, expectEventually, uniqueName } from '@mate/testing';
import { context, createTraceState, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { EventOutbox, type OutboundEvent, type OutboxRow } from '../src';
import {
  commitEvents,
  createProbeDatabase,
  effectsOf,
  probeEvent,
  startProbeService,
  type ProbeDatabase,
  type ProbeService,
} from './probe-fixture';

/** A second topic the outbox writes to, for the events of another schema. */
const OTHER_TOPIC = 'mate.other.v1';

/** An outbox row without the columns PostgreSQL fills in. */
type StoredRow = Omit<OutboxRow, 'id' | 'created_at'>;

/** Appends `events`, returns the ids, the rows as stored and the outbox statements sent, then rolls back. */
async function appendAndInspect(dataSource: DataSource, outbox: EventOutbox, tenantId: string, events: OutboundEvent[]) {
  const rolledBack = new Error('inspected; rolled back');
  let seen: { ids: string[]; rows: StoredRow[]; statements: string[] } | undefined;
  await expect(
    withTenantTransaction(dataSource, tenantId, async (manager: EntityManager) => {
      const client = (await manager.queryRunner?.connect()) as PoolClient;
      const statements: string[] = [];
      const query = client.query;
      client.query = function (this: PoolClient, ...args: unknown[]) {
        const [first] = args;
        statements.push(typeof first === 'string' ? first : String((first as { text?: unknown }).text));
        return Reflect.apply(query, this, args);
      } as PoolClient['query'];
      try {
        const ids = await outbox.append(manager, events);
        const sent = statements.filter((text) => text.includes('mate_outbox'));
        const rows: StoredRow[] = await manager.query(
          `select event_id::text, topic, message_key, event_type, source, subject, tenant_id::text, event_time, payload, traceparent, tracestate
             from mate_outbox where event_id = any($1::uuid[]) order by id`,
          [ids],
        );
        seen = { ids, rows, statements: sent };
      } finally {
        client.query = query;
      }
      throw rolledBack;
    }),
  ).rejects.toBe(rolledBack);
  if (!seen) throw new Error('nothing appended');
  return seen;
}

/** What a row must hold apart from its id and (for events without `time`) its time. */
function comparable(row: StoredRow) {
  const { event_id: _id, event_time: _time, ...rest } = row;
  return rest;
}

describe('EventOutbox bulk append: COPY from EventOutbox.COPY_THRESHOLD events on (real broker and database)', () => {
  const tenantId = randomUUID();
  const topic = uniqueName('mate.test-bulk') + '.v1';
  let database: ProbeDatabase;
  let service: ProbeService;
  /** One connection of the application role: a test can tell that the next transaction reuses it. */
  let single: DataSource;
  let outbox: EventOutbox;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    database = await createProbeDatabase('mate_messaging_bulk');
    service = await startProbeService({ database, topic });
    single = new DataSource({ type: 'postgres', url: database.appUrl, extra: { max: 1 } });
    await single.initialize();
    // Two topics, so the COPY path is shown routing each event to its schema's topic.
    outbox = new EventOutbox({
      serviceName: 'probe',
      produces: [
        { ...topicSpecFor('platform'), topic },
        { ...topicSpecFor('pm-scheduling'), topic: OTHER_TOPIC },
      ],
    });
  });

  afterAll(async () => {
    await single?.destroy();
    await service?.close();
    await database?.owner.destroy();
  });

  it('delivers 2,000 events appended in one call exactly once, in order per aggregate', async () => {
    const aggregates = ['a', 'b', 'c', 'd'].map((name) => `bulk-${name}-${randomUUID()}`);
    // Interleaved, as a bulk request's events are: 500 per aggregate, sequences 1…500.
    const events = Array.from({ length: 2_000 }, (_, i) => probeEvent(tenantId, aggregates[i % 4], Math.floor(i / 4) + 1));
    const ids = await commitEvents(service, tenantId, events);
    expect(ids).toHaveLength(2_000);
    expect(new Set(ids).size).toBe(2_000);
    expect([...ids].sort()).toEqual(ids); // UUIDv7, in append order

    for (const [index, aggregate] of aggregates.entries()) {
      const effects = await expectEventually(
        async () => {
          const rows = await effectsOf(database, aggregate);
          expect(rows).toHaveLength(500);
          return rows;
        },
        { timeoutMs: 60_000 },
      );
      expect(effects.map((row) => Number(row.sequence))).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      expect(effects.map((row) => row.event_id)).toEqual(ids.filter((_, i) => i % 4 === index));
    }
    await expectEventually(async () =>
      expect(await database.owner.query('select count(*)::int as n from mate_outbox')).toEqual([{ n: 0 }]),
    );
  });

  it('publishes nothing from a bulk append whose transaction rolled back', async () => {
    const aggregate = `rolled-back-bulk-${randomUUID()}`;
    await expect(
      withTenantTransaction(service.dataSource, tenantId, async (manager) => {
        const events = Array.from({ length: 2_000 }, (_, i) => probeEvent(tenantId, aggregate, i + 1));
        expect(await service.outbox.append(manager, events)).toHaveLength(2_000);
        throw new Error('business rule failed after the events were appended');
      }),
    ).rejects.toThrow('business rule failed');
    // A later event of the same aggregate (same partition) arrives, the rolled-back ones never do.
    const effects = await countAfterMarker(
      {
        send: () => commitEvents(service, tenantId, [probeEvent(tenantId, aggregate, 2_001)]),
        arrived: async () => expect((await effectsOf(database, aggregate)).map((row) => Number(row.sequence))).toContain(2_001),
      },
      () => effectsOf(database, aggregate),
    );
    expect(effects.map((row) => Number(row.sequence))).toEqual([2_001]);
  });

  it('writes with COPY exactly the rows the INSERT writes (escaping, topics, times, tenants, payloads, trace context)', async () => {
    const tenants = [randomUUID(), randomUUID()];
    const subjects = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', '\\.', '', 'ünïcødé ✓ 水'];
    const events: OutboundEvent[] = Array.from({ length: EventOutbox.COPY_THRESHOLD }, (_, i) => ({
      ...(i % 3 === 2
        ? { schema: PmOccurrenceDueSchema, message: create(PmOccurrenceDueSchema, { planId: `plan-${i}` }) }
        : {
            schema: BackboneProbeSchema,
            // Random padding: every byte value, including 0x00, tab, newline and backslash, ends up in payloads.
            // The first is all defaults: an empty payload.
            message: i === 0 ? create(BackboneProbeSchema) : create(BackboneProbeSchema, { probeId: `p${i}`, sequence: BigInt(i), padding: randomBytes(i % 64) }),
          }),
      subject: `${subjects[i % subjects.length]}-${i}`,
      tenantId: tenants[i % 2],
      ...(i % 2 === 0 ? { time: new Date(Date.UTC(2026, 10, 28, 6, 0, i % 60, i)) } : {}),
    }));
    const spanContext = {
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      traceFlags: TraceFlags.SAMPLED,
      traceState: createTraceState('mate=bulk,other=x'),
    };
    const traced = trace.setSpanContext(context.active(), spanContext);
    const viaInsert = await context.with(traced, () => appendAndInspect(single, outbox, tenantId, events.slice(0, -1)));
    const viaCopy = await context.with(traced, () => appendAndInspect(single, outbox, tenantId, events));

    // The paths taken: one INSERT … (with its NOTIFY); COPY, then the NOTIFY.
    expect(viaInsert.statements).toEqual([expect.stringMatching(/^with appended as \(\s+insert into mate_outbox/)]);
    expect(viaCopy.statements).toEqual([expect.stringMatching(/^copy mate_outbox .* from stdin$/), expect.stringMatching(/^select pg_notify\('mate_outbox'/)]);

    for (const { ids, rows } of [viaInsert, viaCopy]) {
      expect(rows.map((row) => row.event_id)).toEqual(ids);
      expect([...ids].sort()).toEqual(ids);
      expect(rows[0]).toMatchObject({
        source: '/mate/probe',
        event_type: BackboneProbeSchema.typeName,
        traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-01`,
        tracestate: 'mate=bulk,other=x',
      });
      rows.forEach((row, i) => {
        expect(row.message_key).toBe(events[i].subject);
        expect(row.subject).toBe(events[i].subject);
        expect(row.event_type).toBe(events[i].schema.typeName);
        expect(row.topic).toBe(events[i].schema === PmOccurrenceDueSchema ? OTHER_TOPIC : topic);
        expect(row.tenant_id).toBe(events[i].tenantId);
        expect(row.event_time.getTime()).toBe(events[i].time?.getTime() ?? rows[1].event_time.getTime());
      });
    }
    expect(viaCopy.rows.slice(0, -1).map(comparable)).toEqual(viaInsert.rows.map(comparable));
    expect(viaCopy.rows[0].payload).toEqual(Buffer.alloc(0));
  });

  it('rejects a bulk append that PostgreSQL refuses, rolls back, and leaves its connection usable', async () => {
    const aggregate = `refused-${randomUUID()}`;
    const events = Array.from({ length: EventOutbox.COPY_THRESHOLD }, (_, i) => ({
      ...probeEvent(tenantId, aggregate, i + 1),
      ...(i === EventOutbox.COPY_THRESHOLD - 1 ? { tenantId: 'not-a-uuid' } : {}),
    }));
    await expect(withTenantTransaction(single, tenantId, (manager) => outbox.append(manager, events))).rejects.toThrow(
      /invalid input syntax for type uuid/,
    );
    // The pool's only connection serves the next transaction, with COPY again.
    const ok = Array.from({ length: EventOutbox.COPY_THRESHOLD }, (_, i) => probeEvent(tenantId, aggregate, i + 1));
    const inspected = await appendAndInspect(single, outbox, tenantId, ok);
    expect(inspected.rows).toHaveLength(EventOutbox.COPY_THRESHOLD);
    // Neither append committed anything: behind a marker of the same aggregate, only the marker took effect.
    const marker = EventOutbox.COPY_THRESHOLD + 1;
    const effects = await countAfterMarker(
      {
        send: () => commitEvents(service, tenantId, [probeEvent(tenantId, aggregate, marker)]),
        arrived: async () => expect((await effectsOf(database, aggregate)).map((row) => Number(row.sequence))).toContain(marker),
      },
      () => effectsOf(database, aggregate),
    );
    expect(effects.map((row) => Number(row.sequence))).toEqual([marker]);
  });
});
