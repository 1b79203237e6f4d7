import { randomUUID } from 'node:crypto';
import { CreateWorkOrder, type NewWorkOrder } from '../src/work-orders';
import { ownerQuery, useHttpSuite } from './support/work-orders-test-app';

interface PageBody {
  items: Array<Record<string, unknown>>;
  nextCursor: string | null;
}

/**
 * A work order's sub-collections (history, comments, labour, parts, other costs) come in keyset
 * pages like the work-order list; the checklist stays whole because its size is bounded on write.
 */
describe('work order sub-collections: pages', () => {
  const suite = useHttpSuite('sub_collection_pages', { planner: [['planner'], 'planner-1'], viewer: [['viewer'], 'viewer-1'] });
  const { tenant, as, http } = suite;
  const cursorOf = (payload: Record<string, unknown>) => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

  async function createWorkOrder(extra: Record<string, unknown> = {}): Promise<string> {
    const response = await http().post('/api/v1/work-orders').set(as('planner')).send({ title: 'Paged', type: 'corrective', ...extra });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  }

  async function page(path: string, query: Record<string, string | number>): Promise<PageBody> {
    const response = await http().get(path).query(query).set(as('viewer'));
    expect({ path, query, status: response.status }).toEqual({ path, query, status: 200 });
    return response.body as PageBody;
  }

  /** Every page of `path` with `limit`, following nextCursor to the end. */
  async function walk(path: string, limit: number): Promise<{ items: Array<Record<string, unknown>>; pages: number }> {
    const items: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body: PageBody = await page(path, cursor ? { limit, cursor } : { limit });
      expect(body.items.length).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
      pages += 1;
      expect(pages).toBeLessThan(100);
    } while (cursor);
    return { items, pages };
  }

  it('walks comments, labour, parts and costs with a small limit: each item once, in the order they were added', async () => {
    const id = await createWorkOrder();
    const base = `/api/v1/work-orders/${id}`;
    const added: Record<string, string[]> = { comments: [], labour: [], parts: [], costs: [] };
    for (let n = 1; n <= 7; n += 1) {
      const bodies: Record<string, Record<string, unknown>> = {
        comments: { body: `comment ${n}` },
        labour: { minutes: n, hourlyRate: '40.00' },
        parts: { partId: randomUUID(), storeroomId: randomUUID(), quantity: String(n), unitCost: '1.50' },
        costs: { description: `cost ${n}`, amount: `${n}.00` },
      };
      for (const [path, body] of Object.entries(bodies)) {
        const response = await http().post(`${base}/${path}`).set(as('planner')).send(body);
        expect({ path, status: response.status }).toEqual({ path, status: 201 });
        added[path].push((response.body as { id: string }).id);
      }
    }
    // Rows added in the same microsecond (e.g. by a bulk load) are ordered by id, and a cursor
    // in the middle of them keeps its microseconds.
    const sameInstant = '2999-01-01 00:00:00.123456+00';
    const tied = [randomUUID(), randomUUID(), randomUUID()];
    for (const commentId of tied) {
      await ownerQuery(
        suite.config,
        `insert into work_order_comments (id, tenant_id, work_order_id, author_id, body, created_at) values ($1, $2, $3, 'loader', 'bulk', $4)`,
        [commentId, tenant, id, sameInstant],
      );
    }
    added.comments.push(...[...tied].sort());

    for (const [path, ids] of Object.entries(added)) {
      const whole = await page(`${base}/${path}`, { limit: 200 });
      expect({ path, ids: whole.items.map((item) => item.id), nextCursor: whole.nextCursor }).toEqual({ path, ids, nextCursor: null });
      for (const limit of [1, 2, 3]) {
        const { items, pages } = await walk(`${base}/${path}`, limit);
        expect({ path, limit, ids: items.map((item) => item.id) }).toEqual({ path, limit, ids });
        expect(pages).toBe(Math.ceil(ids.length / limit));
        expect(items).toEqual(whole.items);
      }
    }
    // A page that ends exactly on the last item still says there is no more when it is the last.
    const lastPage = await page(`${base}/costs`, { limit: 7 });
    expect(lastPage.items).toHaveLength(7);
    expect(lastPage.nextCursor).toBeNull();
  });

  it('walks the history oldest first, each entry once', async () => {
    const id = await createWorkOrder();
    for (let n = 1; n <= 6; n += 1) {
      const response = await http().patch(`/api/v1/work-orders/${id}`).set(as('planner')).send({ description: `revision ${n}` });
      expect(response.status).toBe(200);
    }
    const expected = [null, ...[1, 2, 3, 4, 5, 6].map((n) => `revision ${n}`)];
    const described = (items: Array<Record<string, unknown>>) =>
      items.map((entry) => (entry.kind === 'created' ? null : (entry.changes as { description: { to: string } }).description.to));
    const whole = await page(`/api/v1/work-orders/${id}/history`, {});
    expect(described(whole.items)).toEqual(expected);
    expect(whole.nextCursor).toBeNull();
    for (const limit of [1, 2, 4]) {
      const { items } = await walk(`/api/v1/work-orders/${id}/history`, limit);
      expect({ limit, entries: described(items) }).toEqual({ limit, entries: expected });
    }
  });

  it('pages 50 items by default and at most 200', async () => {
    const id = await createWorkOrder();
    await ownerQuery(
      suite.config,
      `insert into other_costs (id, tenant_id, work_order_id, description, category, amount, created_by, created_at)
       select gen_random_uuid(), $1, $2, 'bulk ' || n, '', 1, 'loader', now() + n * interval '1 ms' from generate_series(1, 205) n`,
      [tenant, id],
    );
    const first = await page(`/api/v1/work-orders/${id}/costs`, {});
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const largest = await page(`/api/v1/work-orders/${id}/costs`, { limit: 200 });
    expect(largest.items).toHaveLength(200);
    const rest = await page(`/api/v1/work-orders/${id}/costs`, { limit: 200, cursor: largest.nextCursor ?? '' });
    expect(rest).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(rest.items).toHaveLength(5);
    for (const limit of ['0', '201', 'ten']) {
      const response = await http().get(`/api/v1/work-orders/${id}/costs`).query({ limit }).set(as('viewer'));
      expect({ limit, status: response.status }).toEqual({ limit, status: 400 });
      const fields = (response.body.errors as Array<{ field: string }>).map((error) => error.field);
      expect(new Set(fields)).toEqual(new Set(['limit']));
    }
  });

  it('answers a forged, garbled or foreign cursor with 400 naming cursor', async () => {
    await createWorkOrder(); // the work-order list has a second page
    const id = await createWorkOrder();
    const base = `/api/v1/work-orders/${id}`;
    for (let n = 0; n < 3; n += 1) {
      expect((await http().post(`${base}/comments`).set(as('planner')).send({ body: `c${n}` })).status).toBe(201);
      expect((await http().post(`${base}/labour`).set(as('planner')).send({ minutes: 5, hourlyRate: '1.00' })).status).toBe(201);
    }
    const commentCursor = (await page(`${base}/comments`, { limit: 1 })).nextCursor;
    const labourCursor = (await page(`${base}/labour`, { limit: 1 })).nextCursor;
    const listCursor = (await page('/api/v1/work-orders', { limit: 1 })).nextCursor;
    expect([commentCursor, labourCursor, listCursor]).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
    const uuid = randomUUID();
    const forged: Array<[string, string]> = [
      ['comments', 'not a cursor'],
      ['comments', cursorOf({ k: 'comments', at: '2026-02-30T00:00:00Z', id: uuid })], // no such day
      ['comments', cursorOf({ k: 'comments', at: '2026-W05-3', id: uuid })],
      ['comments', cursorOf({ k: 'comments', at: 1, id: uuid })],
      ['comments', cursorOf({ k: 'comments', at: '2026-01-01T00:00:00Z', id: 'x' })],
      ['comments', cursorOf({ k: 'comments', at: '2026-01-01T00:00:00Z' })],
      ['comments', cursorOf(['comments'] as unknown as Record<string, unknown>)],
      ['comments', labourCursor ?? ''], // another list's cursor
      ['comments', listCursor ?? ''],
      ['labour', commentCursor ?? ''],
      ['parts', cursorOf({ k: 'parts', at: 'infinity-ish', id: uuid })],
      ['costs', cursorOf({ k: 'costs', at: '2026-01-01T00:00:00Z', id: `${uuid}\u0000` })],
      ['history', cursorOf({ k: 'history', id: 'abc' })],
      ['history', cursorOf({ k: 'history', id: '99999999999999999999' })], // beyond bigint
      ['history', cursorOf({ k: 'history', id: 1.5 })],
      ['history', commentCursor ?? ''],
    ];
    for (const [path, cursor] of forged) {
      const response = await http().get(`${base}/${path}`).query({ cursor }).set(as('viewer'));
      expect({ path, cursor, status: response.status }).toEqual({ path, cursor, status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
    // The real ones still work.
    expect((await page(`${base}/comments`, { limit: 1, cursor: commentCursor ?? '' })).items).toHaveLength(1);
    expect((await page(`${base}/labour`, { limit: 1, cursor: labourCursor ?? '' })).items).toHaveLength(1);
  });

  it('keeps the checklist whole: at most 200 items, enforced when creating and when adding', async () => {
    const items = (count: number) => Array.from({ length: count }, (_, n) => ({ label: `step ${n + 1}`, kind: 'sub_task' }));
    const tooMany = await http().post('/api/v1/work-orders').set(as('planner')).send({ title: 'Long', type: 'inspection', checklist: items(201) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'checklist' })]);

    const id = await createWorkOrder({ type: 'inspection', checklist: items(199) });
    expect((await http().post(`/api/v1/work-orders/${id}/checklist/items`).set(as('planner')).send({ label: 'last', kind: 'sub_task' })).status).toBe(201);
    const full = await http().post(`/api/v1/work-orders/${id}/checklist/items`).set(as('planner')).send({ label: 'one more', kind: 'sub_task' });
    expect(full.status).toBe(422);
    expect(full.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(full.body).toMatchObject({ code: 'WORK_ORDER_CHECKLIST_LIMIT_REACHED' });
    const [{ n }] = await ownerQuery<{ n: string }>(suite.config, 'select count(*) as n from checklist_items where work_order_id = $1', [id]);
    expect(Number(n)).toBe(200);
    const checklist = await http().get(`/api/v1/work-orders/${id}/checklist`).set(as('viewer'));
    expect(checklist.status).toBe(200);
    expect((checklist.body.items as Array<{ position: number }>).map((item) => item.position)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));

    // Work the service creates itself (a PM occurrence's template) is held to the same bound: the
    // PM handler dead-letters an occurrence whose template has a problem.
    const workOrders = suite.service.app.get(CreateWorkOrder);
    expect(workOrders.inputProblems({ type: 'preventive', checklist: items(201) as NewWorkOrder['checklist'] })).toEqual([
      expect.objectContaining({ field: 'checklist' }),
    ]);
    expect(workOrders.inputProblems({ type: 'preventive', checklist: items(200) as NewWorkOrder['checklist'] })).toEqual([]);
  });
});
