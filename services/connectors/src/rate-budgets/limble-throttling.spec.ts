/**
 * The budget and the Retry-After handling of the shared client against the Limble simulator (about
 * one request a second, burst 3, 429 with Retry-After beyond). Counted at the simulator's request
 * log, never timed: what reached it and what it answered.
 */
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { UpstreamHttp, createAdapters, type AdapterConnection } from '../adapters';
import { RateBudgets, budgetKindOf, type LimiterFactory } from './index';

const memory: LimiterFactory = (limit, keyPrefix) => new RateLimiterMemory({ points: limit.points, duration: limit.seconds, keyPrefix });
const BURST = 6;

describe('Limble throttling through the shared client', () => {
  let sim: RunningSimulator;
  let connection: AdapterConnection;

  beforeAll(async () => {
    sim = await startSimulator('limble', { seed: 3 });
    const { clientId = '', clientSecret = '' } = (await sim.admin.credential('client')).secrets;
    connection = { id: 'c-1', tenantId: 't-1', system: 'limble', authKind: 'basic', baseUrl: sim.url, credentials: { clientId, clientSecret }, settings: {} };
  });
  afterAll(() => sim?.close());
  beforeEach(() => sim.admin.resetRequests());

  const statuses = async () => (await sim.admin.requests()).requests.map((request) => request.status);

  it('with the budget, a burst of reads completes with not one 429 at the simulator', async () => {
    const budgets = new RateBudgets(memory, { maxWaitMs: 30_000 });
    const http = new UpstreamHttp({ budget: async (scope, method) => void (await budgets.take(scope, budgetKindOf(method))) });
    const { limble } = createAdapters(http);
    await Promise.all(Array.from({ length: BURST }, () => limble.probe(connection, {})));
    const seen = await statuses();
    expect(seen).toHaveLength(BURST);
    expect(seen.filter((status) => status === 429)).toEqual([]);
  }, 30_000);

  it('without it, 429s happen and are waited out per Retry-After: every call succeeds', async () => {
    const observed: number[] = [];
    const http = new UpstreamHttp({ rateLimitRetries: 5, observeThrottle: (_system, _reason, seconds) => observed.push(seconds) });
    const { limble } = createAdapters(http);
    await Promise.all(Array.from({ length: BURST }, () => limble.probe(connection, {})));
    const seen = await statuses();
    expect(seen.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(seen.filter((status) => status === 200)).toHaveLength(BURST);
    expect(observed.length).toBe(seen.filter((status) => status === 429).length);
  }, 30_000);

  it('fails rate_limited (never an auth failure) when the wait asked for is beyond the bound', async () => {
    await sim.admin.injectFault({ kind: 'rate_limit', retryAfterSeconds: 120 });
    const { limble } = createAdapters(new UpstreamHttp({ rateLimitRetries: 5 }));
    await expect(limble.probe(connection, {})).rejects.toMatchObject({ classification: 'rate_limited' });
    await sim.admin.clearFaults();
  });
});
