/**
 * What every simulator does alike, run against each of the six over real HTTP on loopback: auth,
 * the system's own shapes for refused credentials and missing permissions, fault injection, request
 * counting, seeding and reading back data, modification times and soft deletes.
 */
import { startSimulator, type RunningSimulator } from '../src';
import { DRIVERS, send, type Driver } from './drivers';

describe.each(DRIVERS.map((driver) => [driver.kind, driver] as const))('%s simulator', (_kind, driver: Driver) => {
  let sim: RunningSimulator;
  let credentialId: string;

  beforeAll(async () => {
    // Limble's 1 request/s would throttle these cases; its own suite tests the limit.
    sim = await startSimulator(driver.kind, { seed: 7, rateLimit: null });
    credentialId = (await sim.admin.overview()).credentials[0]?.id ?? '';
  });
  afterEach(() => sim.admin.reset());
  afterAll(() => sim.close());

  const visibleWorkOrders = async () => (await sim.admin.records(driver.workOrders)).filter((record) => !record.deleted);

  describe('auth', () => {
    it('lists work orders with the current credentials', async () => {
      const reply = await (await driver.connect(sim)).listWorkOrders();
      expect(reply.status).toBe(200);
      expect(driver.records(reply)).toHaveLength((await visibleWorkOrders()).length);
    });

    it('refuses a revoked credential with the system’s own error, and the next connect too', async () => {
      const client = await driver.connect(sim);
      await sim.admin.revoke(credentialId);
      driver.expectRejected(await client.listWorkOrders());
      driver.expectRejected(await (await driver.connect(sim)).listWorkOrders());
      await sim.admin.reinstate(credentialId);
      expect((await (await driver.connect(sim)).listWorkOrders()).status).toBe(200);
    });

    it('after a rotation refuses the old secrets and accepts the new ones', async () => {
      const old = (await sim.admin.credential(credentialId)).secrets;
      const rotated = await sim.admin.rotate(credentialId);
      expect(rotated.secrets).not.toEqual(old);
      driver.expectRejected(await (await driver.connect(sim, old)).listWorkOrders());
      expect((await (await driver.connect(sim, rotated.secrets)).listWorkOrders()).status).toBe(200);
    });

    it('answers a removed permission with the system’s permission error, for reads and writes', async () => {
      const client = await driver.connect(sim);
      await sim.admin.removePermission('workOrder:read');
      driver.expectPermissionDenied(await client.listWorkOrders());
      await sim.admin.removePermission('workOrder:write');
      driver.expectPermissionDenied(await client.createWorkOrder(driver.newWorkOrder));
      await sim.admin.grantPermission('workOrder:read');
      expect((await client.listWorkOrders()).status).toBe(200);
    });
  });

  describe('faults', () => {
    it('answers the next N requests with 429 and Retry-After, then normally', async () => {
      const client = await driver.connect(sim);
      await sim.admin.injectFault({ kind: 'rate_limit', count: 2, retryAfterSeconds: 7 });
      for (let i = 0; i < 2; i += 1) {
        const reply = await client.listWorkOrders();
        expect(reply.status).toBe(429);
        expect(reply.headers.get('retry-after')).toBe('7');
      }
      expect((await client.listWorkOrders()).status).toBe(200);
      expect(await sim.admin.faults()).toEqual([]);
    });

    it('throttles with a 403 "Exceeded Connections Limit" and no Retry-After (connection_limit)', async () => {
      const client = await driver.connect(sim);
      await sim.admin.injectFault({ kind: 'connection_limit' });
      const throttled = await client.listWorkOrders();
      expect(throttled.status).toBe(403);
      expect(throttled.text).toBe('Exceeded Connections Limit');
      expect(throttled.headers.get('retry-after')).toBeNull();
      expect((await client.listWorkOrders()).status).toBe(200);
    });

    it('injects server errors, malformed bodies and latency', async () => {
      const client = await driver.connect(sim);
      await sim.admin.injectFault({ kind: 'server_error', status: 502 });
      expect((await client.listWorkOrders()).status).toBe(502);

      await sim.admin.injectFault({ kind: 'malformed' });
      const malformed = await client.listWorkOrders();
      expect(malformed.status).toBe(200);
      expect(malformed.headers.get('content-type')).toContain('application/json');
      expect(() => JSON.parse(malformed.text)).toThrow();

      await sim.admin.injectFault({ kind: 'latency', delayMs: 300 });
      const started = Date.now();
      expect((await client.listWorkOrders()).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('holds a request past the client’s timeout, or drops the connection', async () => {
      const client = await driver.connect(sim);
      await sim.admin.injectFault({ kind: 'timeout' });
      await expect(fetchWithTimeout(sim.url + '/anything', 300)).rejects.toThrow();
      await sim.admin.injectFault({ kind: 'timeout', delayMs: 100 });
      await expect(client.listWorkOrders()).rejects.toThrow();
      await sim.admin.injectFault({ kind: 'disconnect' });
      await expect(client.listWorkOrders()).rejects.toThrow();
      expect((await client.listWorkOrders()).status).toBe(200);
    });

    it('with a probability, fails the same requests for the same seed', async () => {
      const client = await driver.connect(sim);
      const run = async () => {
        await sim.admin.clearFaults();
        await sim.admin.injectFault({ kind: 'server_error', status: 503, probability: 0.5, seed: 42 });
        const statuses: number[] = [];
        for (let i = 0; i < 12; i += 1) statuses.push((await client.listWorkOrders()).status);
        return statuses;
      };
      const first = await run();
      expect(await run()).toEqual(first);
      expect(first).toContain(503);
      expect(first).toContain(200);
    });

    it('only hits requests matching its method and path prefix', async () => {
      const client = await driver.connect(sim);
      await sim.admin.injectFault({ kind: 'server_error', status: 500, method: 'DELETE' });
      await sim.admin.injectFault({ kind: 'server_error', status: 504, pathPrefix: '/elsewhere' });
      expect((await client.listWorkOrders()).status).toBe(200);
      expect((await sim.admin.faults()).map((fault) => fault.hits)).toEqual([0, 0]);
      expect((await send(`${sim.url}/elsewhere/x`)).status).toBe(504);
      expect((await sim.admin.faults()).map((fault) => fault.status)).toEqual([500]);
    });
  });

  describe('request counting', () => {
    it('counts every API request per credential and endpoint, refused ones included, admin calls never', async () => {
      const client = await driver.connect(sim);
      await sim.admin.resetRequests();
      await client.listWorkOrders();
      await client.listWorkOrders();
      await sim.admin.revoke(credentialId);
      await client.listWorkOrders();
      await sim.admin.overview();
      const counts = await sim.admin.requests();
      expect(counts.total).toBe(3);
      expect(counts.byCredential).toEqual({ [credentialId]: 3 });
      expect(Object.values(counts.byEndpoint)).toEqual([3]);
      expect(counts.requests.map((r) => r.status)).toEqual([200, 200, expect.any(Number)]);
    });

    it('counts nothing while nothing is sent', async () => {
      await driver.connect(sim);
      await sim.admin.resetRequests();
      await sim.admin.revoke(credentialId);
      expect((await sim.admin.requests()).total).toBe(0);
    });
  });

  describe('data', () => {
    it('serves seeded records through the API and shows API writes to the admin', async () => {
      const client = await driver.connect(sim);
      const before = driver.records(await client.listWorkOrders()).length;
      await sim.admin.seed(driver.workOrders, [driver.newWorkOrder]);
      expect(driver.records(await client.listWorkOrders())).toHaveLength(before + 1);

      const created = await client.createWorkOrder({ ...driver.newWorkOrder, ...marker(driver) });
      expect(created.status).toBeLessThan(300);
      const stored = await sim.admin.records(driver.workOrders);
      expect(stored.map((record) => record.fields)).toContainEqual(expect.objectContaining(marker(driver)));
    });

    it('moves the modification time on every change and soft-deletes the way the system shows deletes', async () => {
      const [first] = await sim.admin.records(driver.workOrders);
      if (!first) throw new Error('no seeded work order');
      const changed = await sim.admin.change(driver.workOrders, first.id, marker(driver));
      expect(changed.version).toBe(first.version + 1);
      expect(Date.parse(changed.modifiedAt)).toBeGreaterThan(Date.parse(first.modifiedAt));

      const deleted = await sim.admin.softDelete(driver.workOrders, first.id);
      expect(deleted.deleted).toBe(true);
      const spec = (await sim.admin.overview()).collections.find((c) => c.name === driver.workOrders);
      const listed = driver.records(await (await driver.connect(sim)).listWorkOrders());
      const ids = listed.map((record) => String(record[spec?.idField ?? 'id']));
      if (spec?.deletedField) {
        expect(listed.find((record) => String(record[spec.idField]) === String(first.id))).toEqual(expect.objectContaining({ [spec.deletedField]: true }));
      } else {
        expect(ids).not.toContain(String(first.id));
      }
    });

    it('resets to the seed, the same credentials and no counts', async () => {
      const before = await sim.admin.overview();
      const seeded = (await sim.admin.records(driver.workOrders)).length;
      await sim.admin.rotate(credentialId);
      await sim.admin.seed(driver.workOrders, [driver.newWorkOrder]);
      await (await driver.connect(sim)).listWorkOrders();
      await sim.admin.reset();
      expect((await sim.admin.overview()).credentials).toEqual(before.credentials);
      expect((await sim.admin.requests()).total).toBe(0);
      expect(await sim.admin.records(driver.workOrders)).toHaveLength(seeded);
    });
  });

  describe('admin API', () => {
    it('needs its own token and names the wrong field of a fault', async () => {
      const anonymous = await send(`${sim.url}/__admin/requests`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      const bad = await send(`${sim.url}/__admin/faults`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'server_error', probability: 2 }),
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'probability' })] }));
      expect(await sim.admin.faults()).toEqual([]);
    });
  });
});

/** A field value only this test writes, in the system's naming (so the admin read-back can find it). */
function marker(driver: Driver): Record<string, string> {
  const field = Object.keys(driver.newWorkOrder).find((key) => /desc|title|name/i.test(key)) ?? 'description';
  return { [field]: `marker-${driver.kind}` };
}

async function fetchWithTimeout(url: string, ms: number): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(ms) });
}
