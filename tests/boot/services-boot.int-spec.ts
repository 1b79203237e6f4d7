import {
  killRemaining,
  servicesWithMain,
  startServiceProcess,
  terminate,
  waitUntilReady,
  type ServiceProcess,
} from '@mate/testing';

/**
 * Every service boots from its main.ts the way `npm run services:start` runs it, all at once, as in
 * the Quick start. On a fresh broker (CI) the topics they consume do not exist yet: each service
 * must provision them before its consumer subscribes, even while the others race to create them.
 */
const services = servicesWithMain();

describe('services boot from main.ts, all at once', () => {
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    for (const name of services) {
      running.push(
        await startServiceProcess({
          name,
          nodeArgs: ['-r', '@swc-node/register', `services/${name}/src/main.ts`],
          // A grace period long enough for terminate() to see readiness fail before the exit.
          env: { NODE_ENV: 'development', SHUTDOWN_GRACE_MS: '1000' },
        }),
      );
    }
    await Promise.all(running.map((service) => waitUntilReady(service, 90_000)));
  });

  afterAll(() => killRemaining(running));

  it('has services to boot', () => {
    expect(services).toEqual(expect.arrayContaining(['assets', 'work-orders']));
  });

  it.each(services)('%s is ready, consuming, and serves its OpenAPI document', async (name) => {
    const service = running.find((candidate) => candidate.name === name);
    const ready = await fetch(`http://127.0.0.1:${service?.port}/health/ready`);
    const body = (await ready.json()) as { info: Record<string, { status: string }> };
    expect(body.info['kafka-consumer-group']?.status).toBe('up');
    const openapi = await fetch(`http://127.0.0.1:${service?.port}/api/v1/${name}/openapi.json`);
    expect(openapi.status).toBe(200);
  });

  it('each stops on SIGTERM after its shutdown hooks (Nest re-raises the signal once done)', async () => {
    // Readiness failed first (the shutdown hooks ran: a process without a SIGTERM handler dies at
    // once by the same signal), then Nest re-raised the signal once they were done.
    expect(await terminate(running)).toEqual(running.map(() => ({ exit: 'SIGTERM', refusedReadinessFirst: true })));
  });
});
