import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, testDatabaseServerUrl, testKafkaBrokers } from './infrastructure';

/** A service started as its own `node` process by a test. */
export interface ServiceProcess {
  readonly name: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything it printed, for failure messages. */
  readonly output: string[];
}

/** Every services/<name> with a src/main.ts. */
export function servicesWithMain(): string[] {
  return readdirSync(resolve(REPO_ROOT, 'services')).filter((name) =>
    existsSync(resolve(REPO_ROOT, 'services', name, 'src/main.ts')),
  );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export interface StartServiceOptions {
  name: string;
  /** `node`'s arguments, from the repository root: hooks (if any), then the entry script. */
  nodeArgs: string[];
  /** On top of PATH, PORT, DATABASE_URL, KAFKA_BROKERS (the test infrastructure) and LOG_LEVEL=warn. */
  env?: Record<string, string>;
  /** The workspace to run in (default this repository), e.g. a generated copy. */
  cwd?: string;
}

/** Starts a service on a free port with a clean environment (nothing inherited but PATH). */
export async function startServiceProcess(options: StartServiceOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, options.nodeArgs, {
    cwd: options.cwd ?? REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: testDatabaseServerUrl(),
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  return { name: options.name, port, child, output };
}

/** Resolves once GET /health/ready answers 2xx; fails early, with its output, if the process exits. */
export async function waitUntilReady(service: ServiceProcess, timeoutMs: number): Promise<void> {
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

/** How a service ended after the signal (SIGTERM by default). */
export interface Termination {
  /** The signal's name, or `code <n>`. */
  exit: string;
  /**
   * Whether /health/ready answered 503 between the signal and the exit: the service's shutdown
   * hooks ran (readiness fails first). A process without a SIGTERM handler dies at once, by the
   * same signal, without ever answering 503. Needs SHUTDOWN_GRACE_MS long enough to be seen.
   */
  refusedReadinessFirst: boolean;
}

/**
 * Sends SIGTERM to each and resolves with how each ended. `SIGKILL` is a crash: the process gets
 * no chance to run a shutdown hook (what a crash test needs).
 */
export async function terminate(services: readonly ServiceProcess[], signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<Termination[]> {
  return Promise.all(services.map((service) => terminateOne(service, signal)));
}

async function terminateOne({ child, port }: ServiceProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<Termination> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return { exit: child.signalCode ?? `code ${child.exitCode}`, refusedReadinessFirst: false };
  }
  let exited = false;
  const exit = new Promise<string>((done) =>
    child.once('exit', (code, signal) => {
      exited = true;
      done(signal ?? `code ${code}`);
    }),
  );
  child.kill(signal);
  let refusedReadinessFirst = false;
  while (!exited && !refusedReadinessFirst) {
    const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status, () => undefined);
    refusedReadinessFirst = status === 503;
    if (!refusedReadinessFirst) await sleep(50);
  }
  return { exit: await exit, refusedReadinessFirst };
}

/** For afterAll: SIGKILL whatever is still running. */
export function killRemaining(services: readonly ServiceProcess[]): void {
  for (const { child } of services) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
