/**
 * Two replicas (two DataSources on the service's database, each with its own RateBudgets and HTTP
 * client) share one rate budget through PostgreSQL (rate-limiter-flexible's RateLimiterPostgres on
 * the migrated table): together they stay within Limble's one request a second, so the simulator
 * answers not a single 429. Counted at the simulator's request log, never timed.
 */
import { loadServiceConfig, prepareDatabase, throwingConfigReporter } from '@mate/service-kit';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { recreateDatabase, testDatabaseServerUrl, testKafkaBrokers } from '@mate/testing';
import { DataSource } from 'typeorm';
import { UpstreamHttp, createAdapters, type AdapterConnection } from '../src/adapters';
import { CONNECTORS_CONFIG_SPEC, CONNECTORS_SERVICE } from '../src/config/connectors.config';
import { CONNECTORS_MIGRATIONS } from '../src/database/migrations';
import { RateBudgets, budgetKindOf, postgresLimiters } from '../src/rate-budgets';

const DATABASE = 'mate_connectors_rate_test';
const PER_REPLICA = 4;

describe('rate budgets shared by replicas (PostgreSQL, simulated Limble)', () => {
  let sim: RunningSimulator;
  const replicas: DataSource[] = [];
  let connection: AdapterConnection;

  beforeAll(async () => {
    const config = loadServiceConfig(CONNECTORS_SERVICE, CONNECTORS_CONFIG_SPEC, {
      env: { NODE_ENV: 'test', DATABASE_URL: testDatabaseServerUrl(), KAFKA_BROKERS: testKafkaBrokers().join(',') },
      reporter: throwingConfigReporter,
      databaseName: DATABASE,
    });
    await recreateDatabase(DATABASE);
    await prepareDatabase(config, CONNECTORS_MIGRATIONS);
    for (let i = 0; i < 2; i += 1) replicas.push(await new DataSource({ type: 'postgres', url: config.database.appUrl }).initialize());
    sim = await startSimulator('limble', { seed: 3 });
    const { clientId = '', clientSecret = '' } = (await sim.admin.credential('client')).secrets;
    connection = { id: '5b0f3a56-0a43-4bd4-8f55-5a1b7ce0d001', tenantId: 't-1', system: 'limble', authKind: 'basic', baseUrl: sim.url, credentials: { clientId, clientSecret }, settings: {} };
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.destroy()));
    await sim?.close();
  });

  const replicaAdapter = (dataSource: DataSource) => {
    const budgets = new RateBudgets(postgresLimiters(dataSource), { maxWaitMs: 60_000 });
    return createAdapters(new UpstreamHttp({ budget: async (scope, method) => void (await budgets.take(scope, budgetKindOf(method))) })).limble;
  };

  it('spaces the requests of both replicas by one shared one-per-second budget, and the simulator answers no 429', async () => {
    await sim.admin.resetRequests();
    const [first, second] = replicas.map(replicaAdapter);
    await Promise.all([first, second].flatMap((adapter) => Array.from({ length: PER_REPLICA }, () => adapter.probe(connection, {}))));
    const { requests } = await sim.admin.requests();
    expect(requests).toHaveLength(2 * PER_REPLICA);
    expect(requests.filter((request) => request.status === 429)).toEqual([]);
    // The shared budget gives one request per one-second window, windows back to back: the eight
    // requests are taken in eight windows, so the last is taken more than six seconds after the
    // first. Two budgets of their own would take them in four windows each (a span under four
    // seconds). Arrivals at the simulator lag their take by a delivery delay that grows under load,
    // so the check allows a second of it instead of counting per clock second (which two takes
    // 1.05 s apart, the first delivered late, can share).
    const arrivals = requests.map((request) => Date.parse(request.at)).sort((a, b) => a - b);
    const spanMs = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
    expect(spanMs).toBeGreaterThanOrEqual((2 * PER_REPLICA - 3) * 1000);
  }, 60_000);
});
