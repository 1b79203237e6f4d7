import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEV_JWT_AUDIENCE, DEV_JWT_ISSUER, signDevelopmentToken } from '@mate/service-kit';
import {
  killRemaining,
  REPO_ROOT,
  servicesWithMain,
  startServiceProcess,
  terminate,
  waitUntilReady,
  type ServiceProcess,
} from '@mate/testing';

/**
 * The production build (tools/build/build.sh, which the Dockerfile runs) turns every service into
 * JavaScript that plain `node` starts, with no TypeScript hook. The compiled services boot in
 * production mode against the real database and broker, keep the decorator metadata Nest needs
 * (request validation and OpenAPI schemas read `design:*` types), and stop on SIGTERM.
 */
const services = servicesWithMain();
// Inside the repository, as dist/ is: the compiled code finds its packages in ./node_modules.
const OUT_DIR = '.local/build-test';
const outDir = resolve(REPO_ROOT, OUT_DIR);
const authSecret = randomBytes(32).toString('hex');

/**
 * Per service, a create endpoint whose body DTO has a property typed only through `design:type`
 * (its @ApiProperty names no type): without metadata the schema loses the type and the
 * ValidationPipe lets an invalid body through.
 */
const metadataProbes = [
  {
    service: 'work-orders',
    path: '/api/v1/work-orders',
    schema: 'CreateWorkOrderDto',
    property: 'title',
    invalid: { title: 42, type: 'corrective' },
    valid: { title: 'Replace the pump seal', type: 'corrective' },
  },
  {
    service: 'assets',
    path: '/api/v1/locations',
    schema: 'CreateLocationDto',
    property: 'name',
    invalid: { name: 42, kind: 'site' },
    valid: { name: 'North plant', kind: 'site' },
  },
];

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function adminToken(): Promise<string> {
  const config = { mode: 'dev', secret: authSecret, issuer: DEV_JWT_ISSUER, audience: DEV_JWT_AUDIENCE } as const;
  return signDevelopmentToken(config, { subject: 'build-test', tenantId: randomUUID(), roles: ['admin'] });
}

const connectorsMasterKeys = `1:${randomBytes(32).toString('base64')}`;
const notificationsMasterKeys = `1:${randomBytes(32).toString('base64')}`;

describe('the production build', () => {
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    rmSync(outDir, { recursive: true, force: true });
    execFileSync('bash', ['tools/build/build.sh', '--out-dir', OUT_DIR], { cwd: REPO_ROOT, stdio: 'pipe' });
    for (const name of services) {
      running.push(
        await startServiceProcess({
          name,
          // Plain node, no -r hook: as the image runs it.
          nodeArgs: [join(OUT_DIR, 'services', name, 'src/main.js')],
          // A grace period long enough for terminate() to see readiness fail before the exit. In
          // production the connectors and notifications services have no default master key: each is
          // given one, as a deployment gives it from its Secret.
          env: { NODE_ENV: 'production', AUTH_MODE: 'dev', AUTH_JWT_SECRET: authSecret, SHUTDOWN_GRACE_MS: '1000', CONNECTORS_MASTER_KEYS: connectorsMasterKeys, NOTIFICATIONS_MASTER_KEYS: notificationsMasterKeys },
        }),
      );
    }
    await Promise.all(running.map((service) => waitUntilReady(service, 90_000)));
  });

  afterAll(() => {
    killRemaining(running);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('covers the services the probes below exercise', () => {
    expect(services).toEqual(expect.arrayContaining(metadataProbes.map((probe) => probe.service)));
  });

  it('is JavaScript with source maps, and every @mate/* import became a relative require', () => {
    const files = filesUnder(outDir);
    for (const name of services) {
      expect(files).toContain(join(outDir, 'services', name, 'src/main.js'));
      expect(files).toContain(join(outDir, 'services', name, 'src/main.js.map'));
    }
    expect(files.filter((file) => !/\.js(\.map)?$/.test(file))).toEqual([]);
    // The generated protobuf code is compiled too.
    expect(files.some((file) => file.includes('/libs/contracts/src/gen/') && file.endsWith('_pb.js'))).toBe(true);
    const unresolved = files.filter((file) => file.endsWith('.js') && readFileSync(file, 'utf8').includes('require("@mate/'));
    expect(unresolved).toEqual([]);
  });

  it.each(services)('%s is ready, consuming, and serves its OpenAPI document', async (name) => {
    const service = running.find((candidate) => candidate.name === name);
    const ready = await fetch(`http://127.0.0.1:${service?.port}/health/ready`);
    const body = (await ready.json()) as { info: Record<string, { status: string }> };
    expect(body.info['kafka-consumer-group']?.status).toBe('up');
    expect(body.info['database']?.status).toBe('up');
    const openapi = await fetch(`http://127.0.0.1:${service?.port}/api/v1/${name}/openapi.json`);
    expect(openapi.status).toBe(200);
  });

  it.each(metadataProbes)('$service keeps decorator metadata: OpenAPI property types, request validation; a valid create succeeds', async (probe) => {
    const service = running.find((candidate) => candidate.name === probe.service);
    const base = `http://127.0.0.1:${service?.port}`;
    const openapi = (await (await fetch(`${base}/api/v1/${probe.service}/openapi.json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, { type?: string }> }> };
    };
    expect(openapi.components.schemas[probe.schema]?.properties[probe.property]?.type).toBe('string');

    const headers = { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' };
    const rejected = await fetch(`${base}${probe.path}`, { method: 'POST', headers, body: JSON.stringify(probe.invalid) });
    expect(rejected.status).toBe(400);
    const problem = (await rejected.json()) as { errors?: { field: string }[] };
    expect(new Set(problem.errors?.map((error) => error.field))).toEqual(new Set([probe.property]));

    const created = await fetch(`${base}${probe.path}`, { method: 'POST', headers, body: JSON.stringify(probe.valid) });
    expect(created.status).toBe(201);
  });

  it('each stops on SIGTERM after its shutdown hooks', async () => {
    // Readiness failed first (the shutdown hooks ran: a process without a SIGTERM handler dies at
    // once by the same signal), then Nest re-raised the signal once they were done.
    expect(await terminate(running)).toEqual(running.map(() => ({ exit: 'SIGTERM', refusedReadinessFirst: true })));
  });
});
