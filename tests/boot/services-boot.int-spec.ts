import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, testDatabaseServerUrl, testKafkaBrokers } from '@mate/testing';

/**
 * Every service boots from its main.ts the way `npm run services:start` runs it, all at once, as in
 * the Quick start. On a fresh broker (CI) the topics they consume do not exist yet: each service
 * must provision them before its consumer subscribes, even while the others race to create them.
 */
const services = readdirSync(resolve(REPO_ROOT, 'services')).filter((name) =>
  existsSync(resolve(REPO_ROOT, 'services', name, 'src/main.ts')),
);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

interface Running {
  name: string;
  port: number;
  child: ChildProcess;
  output: string[];
}

async function waitUntilReady(service: Running, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(`${service.name} exited with ${service.child.exitCode}:\n${service.output.join('').slice(-3_000)}`);
    }
    const ready = await fetch(`http://127.0.0.1:${service.port}/health/ready`).then((r) => r.ok, () => false);
    if (ready) return;
    await sleep(250);
  }
  throw new Error(`${service.name} not ready in ${timeoutMs} ms:\n${service.output.join('').slice(-3_000)}`);
}

describe('services boot from main.ts, all at once', () => {
  const running: Running[] = [];

  beforeAll(async () => {
    for (const name of services) {
      const port = await freePort();
      const child = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'development',
          LOG_LEVEL: 'warn',
          PORT: String(port),
          DATABASE_URL: testDatabaseServerUrl(),
          KAFKA_BROKERS: testKafkaBrokers().join(','),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: string[] = [];
      child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      running.push({ name, port, child, output });
    }
    await Promise.all(running.map((service) => waitUntilReady(service, 90_000)));
  });

  afterAll(() => {
    for (const { child } of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

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
    const exits = running.map(
      ({ child }) =>
        new Promise<string>((done) => child.once('exit', (code, signal) => done(signal ?? `code ${code}`))),
    );
    for (const { child } of running) child.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual(running.map(() => 'SIGTERM'));
  });
});
