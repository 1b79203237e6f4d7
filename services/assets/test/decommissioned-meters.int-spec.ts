import { randomUUID } from 'node:crypto';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';

/**
 * Decommissioning is terminal for the definitions of an asset's meters too: editing or deleting an
 * existing meter answers 409 ASSET_DECOMMISSIONED, as a new meter does. Readings and resets stay
 * accepted: one dated before the decommissioning can be a legitimate late entry.
 */
describe('assets service: meters of a decommissioned asset', () => {
  let t: AssetsTestApp;
  const tenant = randomUUID();
  let planner: string;
  let technician: string;
  let locationId: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_decommissioned_meters' });
    planner = await t.token(tenant, ['planner']);
    technician = await t.token(tenant, ['technician']);
    locationId = (await t.http().post('/api/v1/locations').set(auth(planner)).send({ name: 'Retirement site' })).body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  function auth(token: string) {
    return { Authorization: `Bearer ${token}` };
  }
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  /** An asset with one meter (optionally with readings), then decommissioned; the meter's state and since when. */
  async function retiredMeter(tag: string, readings: string[]): Promise<{ assetId: string; meterId: string; version: number; since: string }> {
    const assetId = (await t.http().post('/api/v1/assets').set(auth(planner)).send({ tag, name: `Asset ${tag}`, locationId })).body.id as string;
    const meter = await t.http().post('/api/v1/meters').set(auth(planner)).send({ assetId, name: 'run hours', kind: 'cumulative', unit: 'h' });
    expect(meter.status).toBe(201);
    const meterId = meter.body.id as string;
    for (const [i, value] of readings.entries()) {
      expect((await t.http().post(`/api/v1/meters/${meterId}/readings`).set(auth(technician)).send({ value, readAt: at(60 - i * 10) })).status).toBe(201);
    }
    const decommissioned = await t.http().post(`/api/v1/assets/${assetId}/status`).set(auth(planner)).send({ status: 'decommissioned', reason: 'scrapped' });
    expect(decommissioned.status).toBe(200);
    const current = await t.http().get(`/api/v1/meters/${meterId}`).set(auth(planner));
    return { assetId, meterId, version: current.body.version as number, since: decommissioned.body.asset.decommissionedAt as string };
  }

  const expectDecommissioned = (response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, since: string) => {
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'ASSET_DECOMMISSIONED', detail: expect.stringContaining(since) });
  };

  it('refuses editing a meter of a decommissioned asset and changes nothing', async () => {
    const { meterId, version, since } = await retiredMeter('DM-EDIT', ['100']);
    const refused = await t.http().patch(`/api/v1/meters/${meterId}`).set(auth(planner)).send({ name: 'engine hours', unit: 'min' });
    expectDecommissioned(refused, since);
    // Also with the right If-Match: the state, not the version, refuses it.
    const conditional = await t.http().patch(`/api/v1/meters/${meterId}`).set(auth(planner)).set('If-Match', `"${version}"`).send({ name: 'engine hours' });
    expectDecommissioned(conditional, since);
    const after = await t.http().get(`/api/v1/meters/${meterId}`).set(auth(planner));
    expect(after.body).toMatchObject({ name: 'run hours', unit: 'h', version });
  });

  it('refuses deleting a meter of a decommissioned asset, also one without readings, and keeps it', async () => {
    const { meterId, since } = await retiredMeter('DM-DELETE', []);
    const refused = await t.http().delete(`/api/v1/meters/${meterId}`).set(auth(planner));
    expectDecommissioned(refused, since);
    const { rows } = await t.owner.query('select id from meters where id = $1', [meterId]);
    expect(rows).toHaveLength(1);
  });

  it('still accepts readings and resets on a meter of a decommissioned asset', async () => {
    const { meterId } = await retiredMeter('DM-READ', ['100', '130']);
    // A late entry dated between the two readings above.
    const late = await t.http().post(`/api/v1/meters/${meterId}/readings`).set(auth(technician)).send({ value: '115', readAt: at(55) });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ status: 'recorded', delta: '15' });
    const latest = await t.http().post(`/api/v1/meters/${meterId}/readings`).set(auth(technician)).send({ value: '140', readAt: at(1) });
    expect(latest.status).toBe(201);
    const reset = await t.http().post(`/api/v1/meters/${meterId}/resets`).set(auth(technician)).send({ value: '0', readAt: at(0), reason: 'meter replaced' });
    expect(reset.status).toBe(201);
    const bulk = await t.http().post('/api/v1/meters/readings/bulk').set(auth(technician)).send({ readings: [{ meterId, value: '2', readAt: new Date().toISOString() }] });
    expect(bulk.status).toBeLessThan(300);
    expect(bulk.body).toMatchObject({ recorded: 1, rejected: 0 });
  });

  it('still edits and deletes meters of an asset in service', async () => {
    const assetId = (await t.http().post('/api/v1/assets').set(auth(planner)).send({ tag: 'DM-LIVE', name: 'Live asset', locationId })).body.id as string;
    const meterId = (await t.http().post('/api/v1/meters').set(auth(planner)).send({ assetId, name: 'temp', kind: 'gauge', unit: '°C' })).body.id as string;
    const edited = await t.http().patch(`/api/v1/meters/${meterId}`).set(auth(planner)).send({ name: 'oil temperature' });
    expect(edited.status).toBe(200);
    expect(edited.body.name).toBe('oil temperature');
    expect((await t.http().delete(`/api/v1/meters/${meterId}`).set(auth(planner))).status).toBe(204);
  });
});
