import { RateLimiterMemory } from 'rate-limiter-flexible';
import { RateBudgetExhausted, RateBudgets, type LimiterFactory } from './rate-budgets';
import { budgetKindOf, rateLimitOverrides, SYSTEM_RATE_LIMITS } from './system-rate-limits';

const memory: LimiterFactory = (limit, keyPrefix) => new RateLimiterMemory({ points: limit.points, duration: limit.seconds, keyPrefix });
const limble = { system: 'limble' as const, connectionId: 'c1' };

describe('rate budgets', () => {
  it('seeds Limble at one call a second, and reads GET as a read, the rest as writes', () => {
    expect(SYSTEM_RATE_LIMITS.limble.reads).toEqual({ points: 1, seconds: 1 });
    expect(budgetKindOf('GET')).toBe('reads');
    expect(['POST', 'PATCH', 'PUT', 'DELETE'].map(budgetKindOf)).toEqual(['writes', 'writes', 'writes', 'writes']);
  });

  it('lets the first call go at once and makes the next one within the window wait for the next window', async () => {
    const waits: number[] = [];
    const budgets = new RateBudgets(memory, { maxWaitMs: 5_000, observeWait: (_system, _kind, seconds) => waits.push(seconds) });
    expect(await budgets.take(limble, 'reads')).toBe(0);
    const waited = await budgets.take(limble, 'reads');
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(1_000);
    expect(waits).toEqual([waited / 1000]);
  });

  it('keeps reads and writes, and connections, in budgets of their own', async () => {
    const budgets = new RateBudgets(memory, { maxWaitMs: 5_000 });
    expect(await budgets.take(limble, 'reads')).toBe(0);
    expect(await budgets.take(limble, 'writes')).toBe(0);
    expect(await budgets.take({ ...limble, connectionId: 'c2' }, 'reads')).toBe(0);
  });

  it("takes a connection's override over its system's limit", async () => {
    const budgets = new RateBudgets(memory, { maxWaitMs: 5_000 });
    const generous = { ...limble, override: { reads: { points: 5, seconds: 1 } } };
    for (let i = 0; i < 5; i += 1) expect(await budgets.take(generous, 'reads')).toBe(0);
  });

  it("reads a connection's overrides from its settings, ignoring invalid values", () => {
    expect(rateLimitOverrides({ rateBudgetReadsPerSecond: '2.5', rateBudgetWritesPerSecond: '0.5' })).toEqual({ reads: { points: 2, seconds: 1 }, writes: { points: 1, seconds: 2 } });
    expect(rateLimitOverrides({ rateBudgetReadsPerSecond: '-1' })).toEqual({});
    expect(rateLimitOverrides(undefined)).toEqual({});
  });

  it('fails rather than waiting beyond the bound', async () => {
    const budgets = new RateBudgets(memory, { maxWaitMs: 10 });
    await budgets.take(limble, 'reads');
    await expect(budgets.take(limble, 'reads')).rejects.toBeInstanceOf(RateBudgetExhausted);
  });
});
