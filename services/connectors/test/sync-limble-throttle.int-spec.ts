/**
 * A sync slowed by the Limble limit completes without a single 429 failing it: the service (its
 * RateBudgets on PostgreSQL, its job queue) against the Limble simulator, which enforces its limit
 * with 429 + Retry-After. The connection overrides its read budget to 2 a second and the simulator
 * is set to the same 2 a second, so the test pages a dozen times in a few seconds and it is the
 * budget, not luck, that keeps the simulator from answering 429: paged back to back, the
 * simulator's bucket would run dry after its burst. Everything is read from the simulator's
 * request log (what arrived, in which order, what it answered), never from a timer of the test.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { startConnectorsTestApp, type ConnectorsTestApp } from './connectors-test-app';
import { SYNC_CASES, awaitRun, connectTenant, readAll, startSync } from './sync-support';

const limble = SYNC_CASES.find((kase) => kase.system === 'limble') ?? SYNC_CASES[0];
const PAGE_SIZE = 2;
const READS_PER_SECOND = 2;
/**
 * The budget counts fixed one-second windows (rate-limiter-flexible), so the end of one window and
 * the start of the next can put 2 x 2 calls back to back; the simulator's token bucket (2 a second)
 * gets a burst of 5 for that, one to spare.
 */
const SIMULATOR_LIMIT = { perSecond: READS_PER_SECOND, burst: 2 * READS_PER_SECOND + 1 };
const SEEDED = 20;
const LIST_TASKS = '/v2/tasks';
/** Timers and the log's millisecond timestamps round: a wait of a second may log as a few ms less. */
const CLOCK_SLACK_MS = 20;

let service: ConnectorsTestApp;
let sim: RunningSimulator;
let admin: string;
let connectionId: string;

beforeAll(async () => {
  service = await startConnectorsTestApp('mate_connectors_sync_throttle_test', {
    CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}`,
    CONNECTORS_SYNC_PAGE_SIZE: String(PAGE_SIZE),
  });
  sim = await startSimulator('limble', { rateLimit: null });
  ({ admin, connectionId } = await connectTenant(service, sim, limble, { rateBudgetReadsPerSecond: String(READS_PER_SECOND) }));
  await sim.admin.seed(
    'tasks',
    Array.from({ length: SEEDED }, (_, index) => ({ name: `Throttled ${index}`, description: 'Seeded for the throttled sync', statusID: 0, priority: 1, type: 2 })),
  );
});

afterAll(async () => {
  await service?.close();
  await sim?.close();
});

beforeEach(async () => {
  // A fresh bucket at the simulator (connecting spent some of it) and a log of this run alone.
  await sim.admin.settings({ rateLimit: SIMULATOR_LIMIT });
  await sim.admin.resetRequests();
  await sim.admin.clearFaults();
});

/** The task pages the simulator received, in arrival order, with the time it logged and what it answered. */
async function taskPages(): Promise<{ at: number; status: number | undefined }[]> {
  const { requests } = await sim.admin.requests();
  return requests.filter((request) => request.method === 'GET' && request.path === LIST_TASKS).map((request) => ({ at: Date.parse(request.at), status: request.status }));
}

async function expectEveryTaskStored(): Promise<void> {
  const upstream = (await sim.admin.records('tasks')).filter((record) => !record.deleted).map((record) => String(record.id));
  const stored = await readAll(service, admin, connectionId, 'records/workOrder');
  expect(stored.map((record) => String(record.remote_id)).sort()).toEqual(upstream.sort());
}

it('pages past the simulator burst spaced by the budget: not one 429, every record stored', async () => {
  const run = await awaitRun(service, admin, connectionId, (await startSync(service, admin, connectionId, 'workOrder', 'full')).id, 60_000);
  const total = (await sim.admin.records('tasks')).length;
  expect(run).toMatchObject({ status: 'succeeded', error: null, progress: expect.objectContaining({ recordsDone: total }) });
  await expectEveryTaskStored();

  const pages = await taskPages();
  // Each full page, then the short one that ends the listing: well past the simulator's burst.
  expect(pages).toHaveLength(Math.floor(total / PAGE_SIZE) + 1);
  expect(pages.length).toBeGreaterThan(SIMULATOR_LIMIT.burst * 2);
  expect(pages.filter((page) => page.status === 429)).toEqual([]);
  expect(pages.every((page) => page.status === 200)).toBe(true);
  // Spacing, from the simulator's clock: within the budget's fixed windows any 2 x 2 + 1
  // consecutive calls touch three windows, so they span more than the one-second window.
  const reach = 2 * READS_PER_SECOND;
  for (let i = reach; i < pages.length; i += 1) expect((pages[i]?.at ?? 0) - (pages[i - reach]?.at ?? 0)).toBeGreaterThanOrEqual(1_000 - CLOCK_SLACK_MS);
}, 90_000);

it('waits out the 429s the simulator still answers (its allowance spent elsewhere) per Retry-After and completes, no failed run', async () => {
  // Another client of the same Limble account took the allowance: two task pages in a row meet a
  // 429 with Retry-After 1, after the first three went through.
  await sim.admin.injectFault({ kind: 'rate_limit', retryAfterSeconds: 1, count: 2, after: 3, method: 'GET', pathPrefix: LIST_TASKS });
  const started = await startSync(service, admin, connectionId, 'workOrder', 'full');
  const run = await awaitRun(service, admin, connectionId, started.id, 60_000);
  const total = (await sim.admin.records('tasks')).length;
  expect(run).toMatchObject({ status: 'succeeded', error: null, progress: expect.objectContaining({ recordsDone: total, pagesDone: Math.floor(total / PAGE_SIZE) + 1 }) });
  await expectEveryTaskStored();

  const pages = await taskPages();
  const statuses = pages.map((page) => page.status);
  // Exactly the two injected 429s, both on the fourth page's request, and that page then fetched once more and answered.
  expect(statuses.filter((status) => status === 429)).toHaveLength(2);
  expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 429, 429, 200]);
  expect(pages).toHaveLength(Math.floor(total / PAGE_SIZE) + 1 + 2);
  // The retries came after the Retry-After the simulator asked for.
  expect((pages[4]?.at ?? 0) - (pages[3]?.at ?? 0)).toBeGreaterThanOrEqual(1_000 - CLOCK_SLACK_MS);
  expect((pages[5]?.at ?? 0) - (pages[4]?.at ?? 0)).toBeGreaterThanOrEqual(1_000 - CLOCK_SLACK_MS);

  const runs = (await service.http().get(`/api/v1/connections/${connectionId}/syncs`).set('Authorization', admin).expect(200)).body as { items: { status: string }[] };
  expect(runs.items.map((item) => item.status)).toEqual(['succeeded', 'succeeded']);
}, 90_000);
