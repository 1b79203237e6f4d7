import { randomUUID } from 'node:crypto';
import { ownerQuery, problemFields, useHttpSuite } from './support/work-orders-test-app';

/** What a caller could write into a cursor: base64url of any JSON, or of no JSON at all. */
const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

/**
 * Forged cursors and dates that `Date` cannot read used to get through validation and fail in
 * PostgreSQL or the handlers (a 500); now they answer 400 naming the field, and change nothing.
 */
describe('work orders: forged cursors and unreadable dates are refused', () => {
  const suite = useHttpSuite('forged-input', { planner: [['planner'], 'planner-1'], requester: [['requester'], 'requester-1'], tech: [['technician'], 'tech-1'] });
  const { tenant, as, http } = suite;

  beforeAll(async () => {
    for (const [index, dueAt] of ['2026-03-01T08:00:00Z', '2026-03-02T08:00:00+01:00', '2026-03-03T08:00:00.5-05:00'].entries()) {
      const created = await http().post('/api/v1/work-orders').set(as('planner')).send({ title: `Job ${index}`, type: 'corrective', dueAt });
      expect(created.status).toBe(201);
    }
    for (const title of ['Leak', 'Noise', 'Smell']) {
      expect((await http().post('/api/v1/work-requests').set(as('requester')).send({ title })).status).toBe(201);
    }
  });

  const workOrderCount = async () => (await ownerQuery<{ n: number }>(suite.config, 'select count(*)::int as n from work_orders where tenant_id = $1', [tenant]))[0].n;

  describe('cursors', () => {
    const listWorkOrders = (query: Record<string, string | number>) => http().get('/api/v1/work-orders').query(query).set(as('planner'));
    const listRequests = (query: Record<string, string | number>) => http().get('/api/v1/work-requests').query(query).set(as('planner'));

    it('walks the work orders with a good cursor, in every sort', async () => {
      for (const sort of ['-createdAt', 'updatedAt', 'dueAt', '-priority', 'number']) {
        const titles: string[] = [];
        let cursor: string | null = null;
        do {
          const response = await listWorkOrders(cursor ? { sort, limit: 1, cursor } : { sort, limit: 1 });
          expect(response.status).toBe(200);
          titles.push(...(response.body.items as Array<{ title: string }>).map((wo) => wo.title));
          cursor = response.body.nextCursor as string | null;
        } while (cursor);
        expect(titles.sort()).toEqual(['Job 0', 'Job 1', 'Job 2']);
      }
    });

    it('answers 400 naming cursor for a forged work-order cursor (it used to be a 500 for bad values)', async () => {
      const id = randomUUID();
      const forged: Array<[string, Record<string, string>]> = [
        ['garbage', { cursor: 'this is not a cursor!' }],
        ['JSON but not an object', { cursor: forge('-createdAt') }],
        ['JSON null', { cursor: forge(null) }],
        ['wrong shape', { cursor: forge({ at: '2026-01-01T00:00:00Z', id }) }],
        ['impossible day', { cursor: forge({ k: '-createdAt', v: '2026-02-30T00:00:00Z', id }) }],
        ['a number as a time', { cursor: forge({ k: '-createdAt', v: '1', id }) }],
        ['week date', { cursor: forge({ k: '-createdAt', v: '2026-W05-3', id }) }],
        ['time of the wrong type', { cursor: forge({ k: '-createdAt', v: 1767225600000, id }) }],
        ['bad uuid', { cursor: forge({ k: '-createdAt', v: '2026-01-01T00:00:00.000Z', id: '------------------------------------' }) }],
        ['int out of range', { sort: 'priority', cursor: forge({ k: 'priority', v: 2147483648, id }) }],
        ['int as text', { sort: 'priority', cursor: forge({ k: 'priority', v: 'high', id }) }],
        ['bigint not an integer', { sort: 'number', cursor: forge({ k: 'number', v: 1.5, id }) }],
        ['bigint too large for a double', { sort: 'number', cursor: forge({ k: 'number', v: 1e21, id }) }],
      ];
      const answers = [];
      for (const [label, query] of forged) {
        const response = await listWorkOrders(query);
        answers.push({ label, status: response.status, fields: problemFields(response) });
      }
      expect(answers).toEqual(forged.map(([label]) => ({ label, status: 400, fields: ['cursor'] })));
    });

    it("answers 400 naming cursor for another sort's cursor", async () => {
      const first = await listWorkOrders({ sort: '-createdAt', limit: 1 });
      expect(first.body.nextCursor).toEqual(expect.any(String));
      for (const sort of ['priority', 'createdAt', 'number']) {
        const response = await listWorkOrders({ sort, cursor: first.body.nextCursor as string });
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([{ field: 'cursor', message: expect.stringContaining('another sort order') }]);
      }
    });

    it('walks the work requests with a good cursor', async () => {
      const titles: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await listRequests(cursor ? { limit: 2, cursor } : { limit: 2 });
        expect(response.status).toBe(200);
        titles.push(...(response.body.items as Array<{ title: string }>).map((r) => r.title));
        cursor = response.body.nextCursor as string | null;
      } while (cursor);
      expect(titles).toEqual(['Smell', 'Noise', 'Leak']);
    });

    it('answers 400 naming cursor for a forged work-request cursor (it used to be a 500 for bad values)', async () => {
      const id = randomUUID();
      const forged = [
        'garbage!',
        forge([1, 2, 3]),
        forge({ s: '-createdAt', v: '2026-01-01T00:00:00Z', i: id }),
        forge({ k: 'requests', at: '2026-02-30T00:00:00Z', id }),
        forge({ k: 'requests', at: '1', id }),
        forge({ k: 'requests', at: 'Tue March 3 2026', id }),
        forge({ k: 'requests', at: '2026-01-01T00:00:00Z', id: '------------------------------------' }),
        forge({ k: 'requests', at: '2026-01-01T00:00:00Z', id: 42 }),
      ];
      const answers = [];
      for (const cursor of forged) {
        const response = await listRequests({ cursor });
        answers.push({ cursor, status: response.status, fields: problemFields(response) });
      }
      expect(answers).toEqual(forged.map((cursor) => ({ cursor, status: 400, fields: ['cursor'] })));
    });
  });

  describe('dates', () => {
    const unreadable = ['2026-W05-3', '2026-W05-3T10:00:00Z', '2026-123', '2026-123T10:00:00Z', '2026-02-30T10:00:00Z', '2026-01-31T24:00:00Z'];

    it('refuses week, ordinal and impossible dates when creating a work order, and creates nothing', async () => {
      const before = await workOrderCount();
      for (const value of unreadable) {
        for (const field of ['dueAt', 'plannedStartAt']) {
          const response = await http().post('/api/v1/work-orders').set(as('planner')).send({ title: 'Bad date', type: 'corrective', [field]: value });
          expect({ value, status: response.status, fields: problemFields(response) }).toEqual({ value, status: 400, fields: [field] });
        }
      }
      expect(await workOrderCount()).toBe(before);
    });

    it('refuses them in an update and leaves the work order as it was', async () => {
      const created = (await http().post('/api/v1/work-orders').set(as('planner')).send({ title: 'Keep date', type: 'corrective', dueAt: '2026-04-01T12:00:00Z' })).body;
      for (const value of unreadable) {
        const response = await http().patch(`/api/v1/work-orders/${created.id}`).set(as('planner')).send({ dueAt: value });
        expect({ value, status: response.status, fields: problemFields(response) }).toEqual({ value, status: 400, fields: ['dueAt'] });
      }
      const read = await http().get(`/api/v1/work-orders/${created.id}`).set(as('planner'));
      expect(read.body).toMatchObject({ dueAt: '2026-04-01T12:00:00.000Z', version: created.version });
      // A good date still works, offsets included.
      const moved = await http().patch(`/api/v1/work-orders/${created.id}`).set(as('planner')).send({ dueAt: '2026-04-02T12:00:00+02:00' });
      expect(moved.status).toBe(200);
      expect(moved.body.dueAt).toBe('2026-04-02T10:00:00.000Z');
    });

    it('refuses them as list filters, and still filters by a good date-time', async () => {
      for (const value of [...unreadable, '2026-03-02']) {
        for (const field of ['dueBefore', 'dueAfter']) {
          const response = await http().get('/api/v1/work-orders').query({ [field]: value }).set(as('planner'));
          expect({ value, status: response.status, fields: problemFields(response) }).toEqual({ value, status: 400, fields: [field] });
        }
      }
      const filtered = await http().get('/api/v1/work-orders').query({ dueBefore: '2026-03-02T12:00:00Z', sort: 'dueAt' }).set(as('planner'));
      expect(filtered.status).toBe(200);
      expect((filtered.body.items as Array<{ title: string }>).map((wo) => wo.title)).toEqual(['Job 0', 'Job 1']);
    });

    it("refuses them as a labour entry's startedAt and a meter reading's readAt, and records nothing", async () => {
      const meterId = randomUUID();
      const wo = (
        await http()
          .post('/api/v1/work-orders')
          .set(as('planner'))
          .send({ title: 'Read hours', type: 'inspection', assigneeIds: ['tech-1'], checklist: [{ label: 'Run hours', kind: 'meter_reading', meterId }] })
      ).body;
      const [item] = (await http().get(`/api/v1/work-orders/${wo.id}/checklist`).set(as('tech'))).body.items as Array<{ id: string }>;
      for (const value of unreadable) {
        const labour = await http().post(`/api/v1/work-orders/${wo.id}/labour`).set(as('planner')).send({ minutes: 60, hourlyRate: '45.00', startedAt: value });
        expect({ value, status: labour.status, fields: problemFields(labour) }).toEqual({ value, status: 400, fields: ['startedAt'] });
        const reading = await http().put(`/api/v1/work-orders/${wo.id}/checklist/items/${item.id}/result`).set(as('tech')).send({ value: '12', readAt: value });
        expect({ value, status: reading.status, fields: problemFields(reading) }).toEqual({ value, status: 400, fields: ['readAt'] });
      }
      const rows = await ownerQuery<{ labour: number; answered: number }>(
        suite.config,
        `select (select count(*) from labour_entries where work_order_id = $1)::int as labour,
                (select count(*) from checklist_items where work_order_id = $1 and answered_at is not null)::int as answered`,
        [wo.id],
      );
      expect(rows).toEqual([{ labour: 0, answered: 0 }]);
    });

    it('refuses them when approving a work request: it stays submitted and no work order is made', async () => {
      const request = (await http().post('/api/v1/work-requests').set(as('requester')).send({ title: 'Drip' })).body;
      const before = await workOrderCount();
      for (const value of unreadable) {
        const response = await http().post(`/api/v1/work-requests/${request.id}/approve`).set(as('planner')).send({ dueAt: value });
        expect({ value, status: response.status, fields: problemFields(response) }).toEqual({ value, status: 400, fields: ['dueAt'] });
      }
      expect((await http().get(`/api/v1/work-requests/${request.id}`).set(as('planner'))).body.status).toBe('submitted');
      expect(await workOrderCount()).toBe(before);
      const approved = await http().post(`/api/v1/work-requests/${request.id}/approve`).set(as('planner')).send({ dueAt: '2026-05-01T07:30:00Z' });
      expect(approved.status).toBe(200);
      expect(await workOrderCount()).toBe(before + 1);
    });
  });
});
