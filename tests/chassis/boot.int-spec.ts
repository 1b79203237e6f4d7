import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadServiceConfig, signDevelopmentToken, throwingConfigReporter } from '@mate/service-kit';
import { FIXTURE_SERVICE } from './fixture/fixture-service.constant';
import { fixtureEnv } from './fixture/start-fixture-app';

const root = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited early with ${child.exitCode}`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The whole path a real service takes: main.ts → instrument.ts first → bootstrapService → listen. */
describe('chassis: a service boots from main.ts', () => {
  let child: ChildProcess;
  let base: string;
  const output: string[] = [];
  const env = { ...fixtureEnv(), SHUTDOWN_GRACE_MS: '1500', OTEL_SERVICE_NAME: FIXTURE_SERVICE };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'tests/chassis/fixture/main.ts'], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    await waitFor(`${base}/health/ready`, child, 60000);
  });

  afterAll(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('serves the API with trace ids in its logs and OpenTelemetry HTTP metrics at /metrics', async () => {
    const config = loadServiceConfig(FIXTURE_SERVICE, undefined, { env, reporter: throwingConfigReporter });
    if (config.auth.mode !== 'dev') throw new Error('dev mode expected');
    const token = await signDevelopmentToken(config.auth, {
      subject: 'u',
      tenantId: '7d0c5a8e-56c3-4c55-9f62-3f1b6c0e2a11',
      roles: ['viewer'],
    });
    const list = await fetch(`${base}/api/v1/notes`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'boot-test-1' } });
    expect(list.status).toBe(200);

    await sleep(200);
    const line = output
      .join('')
      .split('\n')
      .find((entry) => entry.includes('"request completed"') && entry.includes('boot-test-1'));
    expect(line).toBeDefined();
    const logged = JSON.parse(line ?? '{}') as Record<string, unknown>;
    expect(logged['trace_id']).toMatch(/^[0-9a-f]{32}$/);
    expect(logged['span_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(output.join('')).not.toContain(token);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^target_info\{[^}]*service_name="chassis-test"/m);
    expect(metrics).toMatch(/^http_server_duration_count\{[^}]*http_route="\/api\/v1\/notes"[^}]*\} 1/m);
  });

  it('on SIGTERM fails readiness at once, keeps serving during the grace period, then exits', async () => {
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGTERM');
    await sleep(300);
    expect((await fetch(`${base}/health/ready`)).status).toBe(503);

    const { code, signal } = await exited;
    // Nest re-raises the signal after closing: an exit by SIGTERM is the clean outcome.
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
  });
});
