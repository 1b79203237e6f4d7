/**
 * What `npm run setup` does last (tools/dev/connect-simulated-maximo.ts): the development tenant
 * connected to the simulated Maximo, against the real connectors service, PostgreSQL and Kafka.
 * It lives outside the connectors service because the service may not import the repository's tools.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '@mate/simulators';
import { startConnectorsTestApp, type ConnectorsTestApp } from '../../services/connectors/test/connectors-test-app';
import { ensureSimulatedMaximoConnection, type ConnectorsApi } from '../../tools/dev/simulated-maximo-connection';

describe('npm run setup: the simulated Maximo connection (PostgreSQL, Kafka, simulated Maximo)', () => {
  let service: ConnectorsTestApp;
  let maximo: RunningSimulator;

  beforeAll(async () => {
    service = await startConnectorsTestApp('mate_connectors_dev_setup_test', { CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}` });
    maximo = await startSimulator('maximo');
  });
  afterAll(async () => {
    await service?.close();
    await maximo?.close();
  });

  it('connects a fresh tenant to the simulated Maximo, ready at once; a second run changes nothing', async () => {
    const newcomer = `Bearer ${await service.token(randomUUID(), ['admin'], 'dev-setup')}`;
    const api: ConnectorsApi = async (method, path, body) => {
      const call = method === 'GET' ? service.http().get(path) : method === 'PUT' ? service.http().put(path).send(body as object) : service.http().post(path).send(body as object);
      const response = await call.set('Authorization', newcomer);
      return { status: response.status, body: response.body as unknown };
    };
    const apiKey = (await maximo.admin.credential('apikey')).secrets.apikey ?? '';
    const first = await ensureSimulatedMaximoConnection(api, { url: maximo.url, apiKey });
    expect(first).toEqual({ connectionId: expect.any(String), status: 'connected', created: true, apiToken: expect.stringMatching(/^mcn_/) });
    const again = await ensureSimulatedMaximoConnection(api, { url: maximo.url, apiKey });
    expect(again).toEqual({ connectionId: first.connectionId, status: 'connected', created: false });
    const listed = await service.http().get('/api/v1/connections').set('Authorization', newcomer).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: first.connectionId, system: 'maximo', displayName: 'Simulated Maximo' })]);
    await service.http().post(`/api/v1/connections/${first.connectionId}/test`).set('Authorization', newcomer).expect(200, { ok: true, status: 'connected' });
    expect((await service.http().get('/api/v1/connectors/allow-list').set('Authorization', newcomer)).body).toEqual({ entries: ['127.0.0.1'] });
  });
});
