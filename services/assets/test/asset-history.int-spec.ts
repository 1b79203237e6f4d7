import { randomUUID } from 'node:crypto';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';

interface Entry {
  kind: string;
  at: string;
  summary: string;
  details: Record<string, unknown>;
}

describe("assets service: an asset's history, page by page", () => {
  let t: AssetsTestApp;
  const tenant = randomUUID();
  let planner: string;
  let technician: string;
  let viewer: string;
  let assetId: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_history' });
    planner = await t.token(tenant, ['planner']);
    technician = await t.token(tenant, ['technician']);
    viewer = await t.token(tenant, ['viewer']);
    const site = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${planner}`).send({ name: 'Site' })).body.id;
    assetId = (await t.http().post('/api/v1/assets').set('Authorization', `Bearer ${planner}`).send({ tag: 'H-1', name: 'Pump', locationId: site })).body.id;
    // Entering a down-type status writes the status change and opens its downtime at the same instant.
    for (const status of ['maintenance', 'operational', 'down', 'operational', 'maintenance', 'operational']) {
      const response = await t.http().post(`/api/v1/assets/${assetId}/status`).set('Authorization', `Bearer ${technician}`).send({ status, reason: 'test' });
      expect(response.status).toBe(200);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  const page = (query: Record<string, string | number>) =>
    t.http().get(`/api/v1/assets/${assetId}/history`).query(query).set('Authorization', `Bearer ${viewer}`);

  const key = (entry: Entry) => `${entry.kind}@${entry.at}:${JSON.stringify(entry.details)}`;

  it('walks every entry exactly once with the cursor, even entries that share an instant', async () => {
    const whole = await page({ limit: 100 });
    expect(whole.status).toBe(200);
    expect(whole.body.nextCursor).toBeNull();
    const all = whole.body.items as Entry[];
    expect(all.length).toBeGreaterThanOrEqual(9);
    // The point of the test: some entries tie on their instant.
    expect(new Set(all.map((entry) => entry.at)).size).toBeLessThan(all.length);

    for (const limit of [1, 2, 3]) {
      const walked: Entry[] = [];
      let cursor: string | null = null;
      do {
        const response = await page(cursor ? { limit, cursor } : { limit });
        expect(response.status).toBe(200);
        expect(response.body.items.length).toBeLessThanOrEqual(limit);
        walked.push(...(response.body.items as Entry[]));
        cursor = response.body.nextCursor as string | null;
      } while (cursor);
      expect(walked.map(key)).toEqual(all.map(key));
    }
  });

  it('answers 400 naming the cursor for one it did not issue', async () => {
    const response = await page({ cursor: 'not-a-cursor' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'cursor', message: 'cursor is not valid' }]);
  });
});
