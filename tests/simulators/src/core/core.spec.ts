import { FaultInjector, validateFault, FaultValidationError } from './faults';
import { RateLimiter } from './rate-limit';
import { cursorPage } from './records';
import { Collection, MonotonicClock, type StoredRecord } from './store';

describe('RateLimiter', () => {
  it('lets a burst through, then asks to wait, then refills at the sustained rate', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 2 });
    expect([limiter.take('a', 0), limiter.take('a', 0), limiter.take('a', 0)]).toEqual([0, 0, 1]);
    expect(limiter.take('b', 0)).toBe(0);
    expect(limiter.take('a', 1_000)).toBe(0);
    expect(limiter.take('a', 1_000)).toBe(1);
  });
});

describe('FaultInjector', () => {
  it('spends a counted fault and drops it; decides a probability from its seed', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'server_error', count: 2 });
    expect([faults.next('GET', '/x'), faults.next('GET', '/x'), faults.next('GET', '/x')].map((f) => f?.kind)).toEqual(['server_error', 'server_error', undefined]);
    const decide = () => {
      const injector = new FaultInjector();
      injector.add({ kind: 'timeout', probability: 0.3, seed: 5 });
      return Array.from({ length: 20 }, () => injector.next('GET', '/x') !== undefined);
    };
    expect(decide()).toEqual(decide());
    expect(decide().filter(Boolean).length).toBeGreaterThan(0);
  });

  it('names the wrong field of a fault definition', () => {
    const field = (input: unknown) => {
      try {
        validateFault(input);
        return undefined;
      } catch (error) {
        return error instanceof FaultValidationError ? error.field : 'unexpected';
      }
    };
    expect(field({ kind: 'explode' })).toBe('kind');
    expect(field({ kind: 'latency' })).toBe('delayMs');
    expect(field({ kind: 'server_error', status: 404 })).toBe('status');
    expect(field({ kind: 'server_error', count: 1, probability: 0.5 })).toBe('count');
    expect(field({ kind: 'rate_limit', count: 2, retryAfterSeconds: 3 })).toBeUndefined();
  });
});

describe('Collection', () => {
  const collection = () => new Collection({ name: 'wo', entity: 'workOrder', idField: 'id', firstId: 10, modifiedField: 'changed' }, new MonotonicClock());

  it('owns ids and modification times, whatever the client sends', () => {
    const wo = collection();
    const first = wo.create({ id: 'x', changed: 'yesterday', title: 'a' });
    const second = wo.create({ title: 'b' });
    expect([first.id, second.id]).toEqual([10, 11]);
    expect(first.fields).toEqual({ title: 'a' });
    expect(second.modifiedAt.getTime()).toBeGreaterThan(first.modifiedAt.getTime());
    const updated = wo.update(first, { title: 'c', changed: 'never' });
    expect([updated.version, updated.fields]).toEqual([2, { title: 'c' }]);
  });

  it('hides soft-deleted records unless the system shows a delete flag', () => {
    const wo = collection();
    const record = wo.create({ title: 'a' });
    wo.softDelete(record);
    expect(wo.list()).toEqual([]);
    expect(wo.get(record.id)).toBeUndefined();
    expect(wo.list({ includeDeleted: true })).toHaveLength(1);
  });
});

describe('cursorPage', () => {
  const records = [1, 2, 3].map((id) => ({ id }) as StoredRecord);

  it('continues after the last id it returned and refuses a cursor it did not make', () => {
    const first = cursorPage(records, undefined, 2);
    expect(first?.items.map((r) => r.id)).toEqual([1, 2]);
    const second = cursorPage(records, first?.nextCursor ?? undefined, 2);
    expect([second?.items.map((r) => r.id), second?.nextCursor]).toEqual([[3], null]);
    expect(cursorPage(records, 'bm9wZQ', 2)).toBeUndefined();
  });
});
