import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { signDevelopmentToken, loadAuthConfig } from '@mate/service-kit';
import {
  expectEventually,
  killRemaining,
  readTopic,
  recreateDatabase,
  REPO_ROOT,
  startServiceProcess,
  terminate,
  waitUntilReady,
  type ServiceProcess,
} from '@mate/testing';

/**
 * `nx g @mate/tools:service` run into a copy of the workspace, as a developer would run it: the
 * result type-checks, lints, passes its own unit and integration tests and the deploy checks, and
 * boots from its main.ts against the real PostgreSQL and Kafka, where its example aggregate's
 * create endpoint answers and the event reaches the service's topic.
 *
 * The name is fixed (not unique per run) so the broker keeps one topic for it, not one per run.
 */
const NAME = 'generated-example';
const TOPIC = `mate.${NAME}.v1`;
const LONG = 600_000;

const FEATURE = `services/${NAME}/src/entries`;
const GENERATED_FILES = [
  `services/${NAME}/src/main.ts`,
  `services/${NAME}/src/app.module.ts`,
  `services/${NAME}/src/config/${NAME}.config.ts`,
  `${FEATURE}/entries.controller.ts`,
  `${FEATURE}/use-cases/create-entry.ts`,
  `${FEATURE}/entry.repository.ts`,
  `${FEATURE}/entry.changes.ts`,
  `${FEATURE}/entry.events.ts`,
  `services/${NAME}/test/entries.int-spec.ts`,
  `deploy/base/${NAME}/deployment.yaml`,
  `proto/mate/generatedexample/v1/entry_events.proto`,
  'libs/contracts/src/gen/mate/generatedexample/v1/entry_events_pb.ts',
];

/** Everything but what is machine-local or rebuilt; node_modules is shared through a link. */
const NOT_COPIED = new Set(['node_modules', '.git', '.local', '.nx', 'dist']);

function run(workspace: string, command: string, args: string[], env: Record<string, string> = {}): string {
  try {
    return execFileSync(command, args, { cwd: workspace, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NX_DAEMON: 'false', ...env } });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}\n${failed.message}`);
  }
}

function copyWorkspace(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'mate-generator-'));
  cpSync(REPO_ROOT, workspace, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(relative(REPO_ROOT, source).split('/')[0] ?? ''),
  });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(workspace, 'node_modules'), 'dir');
  // The outer run's global setup has the broker and database up; the copy must not manage them.
  writeFileSync(
    join(workspace, 'jest.generated.config.js'),
    "const { globalSetup: _outerRunHasIt, ...config } = require('./jest.int.config.js');\nmodule.exports = config;\n",
  );
  return workspace;
}

/** POST /api/v1/entries as a planner of a new tenant; the new entry's id. */
async function createEntry(port: number): Promise<string> {
  const auth = loadAuthConfig({ env: { NODE_ENV: 'development' } });
  if (auth.mode !== 'dev') throw new Error('the test signs development tokens');
  const token = await signDevelopmentToken(auth, { subject: 'planner-1', tenantId: randomUUID(), roles: ['planner'] });
  const created = await fetch(`http://127.0.0.1:${port}/api/v1/entries`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Booted' }),
  });
  expect(created.status).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

describe('nx g @mate/tools:service', () => {
  let workspace: string;
  const running: ServiceProcess[] = [];

  beforeAll(() => {
    workspace = copyWorkspace();
    run(workspace, process.execPath, [
      join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'),
      'g',
      '@mate/tools:service',
      NAME,
      '--port=3990',
      '--aggregate=entry',
      '--skipInstall',
      '--no-interactive',
    ]);
  }, LONG);

  afterAll(async () => {
    await killRemaining(running);
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('writes the service in the chassis layout and registers it outside services/', () => {
    for (const file of GENERATED_FILES) {
      expect(existsSync(join(workspace, file))).toBe(true);
    }
    expect(readFileSync(join(workspace, `services/${NAME}/src/main.ts`), 'utf8')).toMatch(/^(\/\/.*\n)*import '\.\/instrument';/);
    expect(readFileSync(join(workspace, 'libs/contracts/src/topics.ts'), 'utf8')).toContain('EntryCreatedSchema,');
    expect(readFileSync(join(workspace, 'libs/service-kit/src/config/service-ports.constant.ts'), 'utf8')).toContain(`'${NAME}': 3990,`);
    expect(readFileSync(join(workspace, 'README.md'), 'utf8')).toContain(`| ${NAME} | 3990 |`);
    expect(readFileSync(join(workspace, 'docs/events.md'), 'utf8')).toContain('EntryCreated');
  });

  it('type-checks and lints with the workspace', () => {
    run(workspace, process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
    run(workspace, process.execPath, [join(REPO_ROOT, 'node_modules/eslint/bin/eslint.js'), `services/${NAME}`, 'libs/contracts/src/topics.ts']);
    run(workspace, 'npx', ['buf', 'lint']);
  }, LONG);

  it('passes its unit tests, the contracts and the deploy checks', () => {
    const jest = join(REPO_ROOT, 'node_modules/jest/bin/jest.js');
    run(workspace, process.execPath, [jest, '--config', 'jest.config.js', `services/${NAME}`, 'libs/contracts', 'tests/deploy']);
  }, LONG);

  it('passes its integration test against PostgreSQL and Kafka', () => {
    const jest = join(REPO_ROOT, 'node_modules/jest/bin/jest.js');
    run(workspace, process.execPath, [jest, '--config', 'jest.generated.config.js', '--runInBand', `services/${NAME}/test`]);
  }, LONG);

  it('boots from main.ts: ready, its create endpoint works, and the event reaches the topic', async () => {
    await recreateDatabase('mate_generated_example');
    const service = await startServiceProcess({
      name: NAME,
      cwd: workspace,
      nodeArgs: ['-r', '@swc-node/register', `services/${NAME}/src/main.ts`],
      // A grace period long enough for terminate() to see readiness fail before the exit.
      env: { NODE_ENV: 'development', SHUTDOWN_GRACE_MS: '1000' },
    });
    running.push(service);
    await waitUntilReady(service, 120_000);

    const ready = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
    expect(ready.status).toBe(200);
    const id = await createEntry(service.port);

    await expectEventually(async () => {
      const messages = await readTopic(TOPIC, { idleMs: 1_000 });
      const types = messages.filter(({ message }) => message.key?.toString() === id).map(({ message }) => message.headers?.['ce_type']?.toString());
      expect(types).toEqual(['mate.generatedexample.v1.EntryCreated']);
    });
    const served = await (await fetch(`http://127.0.0.1:${service.port}/api/v1/${NAME}/openapi.json`)).json();
    expect(await terminate([service])).toEqual([{ exit: 'SIGTERM', refusedReadinessFirst: true }]);

    // What CI lints (tools/openapi/lint.sh) is the document the service serves, and it is born clean.
    const written = join(workspace, `.local/${NAME}.openapi.json`);
    run(workspace, process.execPath, ['-r', '@swc-node/register', `services/${NAME}/src/main.ts`], { NODE_ENV: 'development', OPENAPI_OUTPUT: written });
    expect(JSON.parse(readFileSync(written, 'utf8'))).toEqual(served);
    run(workspace, 'npx', ['redocly', 'lint', '--config', 'redocly.yaml', written], { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' });
  }, LONG);
});
