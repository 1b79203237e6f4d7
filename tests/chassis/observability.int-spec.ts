import { randomUUID } from 'node:crypto';
import { metrics } from '@opentelemetry/api';
import request from 'supertest';
import { startFixtureApp, type FixtureApp } from './fixture/start-fixture-app';

describe('chassis: metrics, OpenAPI and logs', () => {
  let fixture: FixtureApp;

  beforeAll(async () => {
    fixture = await startFixtureApp();
  });

  afterAll(async () => {
    await fixture.close();
  });

  const http = () => request(fixture.app.getHttpServer());

  it('exposes instruments made through the global @opentelemetry/api meter at /metrics', async () => {
    // The way other libraries (messaging) record metrics: no service-kit import at all.
    const meter = metrics.getMeter('mate-messaging-test');
    meter.createCounter('chassis_test_messages_published', { description: 'test counter' }).add(3, { topic: 'mate.test.v1' });
    meter.createHistogram('chassis_test_handle_seconds', { unit: 's' }).record(0.25);
    meter.createObservableGauge('chassis_test_outbox_backlog').addCallback((result) => result.observe(7));

    const response = await http().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(/^chassis_test_messages_published_total\{[^}]*topic="mate\.test\.v1"[^}]*\} 3/m);
    expect(response.text).toMatch(/^chassis_test_handle_seconds_count\{[^}]*\} 1/m);
    expect(response.text).toMatch(/^chassis_test_outbox_backlog\{[^}]*\} 7/m);
  });

  it('serves an OpenAPI document generated from the code, with bearer auth and problem responses', async () => {
    const response = await http().get('/api/v1/chassis-test/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { securitySchemes: Record<string, { scheme: string }>; schemas: Record<string, unknown> };
      security: unknown[];
    };
    expect(Object.keys(document.paths).sort()).toEqual(['/api/v1/notes', '/api/v1/notes/{id}', '/api/v1/notes/{id}/archive']);
    expect(Object.keys(document.paths['/api/v1/notes'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(document.components.securitySchemes['bearer']?.scheme).toBe('bearer');
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.schemas).toHaveProperty('CreateNoteDto');
    expect(document.components.schemas).toHaveProperty('ValidationProblemSchema');
    const get = document.paths['/api/v1/notes/{id}']?.['get'];
    expect(get?.responses['404']?.content).toHaveProperty(['application/problem+json']);
    expect(get?.responses['401']?.content).toHaveProperty(['application/problem+json']);

    const ui = await http().get('/api/v1/chassis-test/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('writes JSON request logs with a request id, and no planted secret', async () => {
    const plantedKey = `planted-api-key-${randomUUID()}`;
    const token = await fixture.token(randomUUID(), ['admin']);
    const response = await http()
      .post('/api/v1/probe/connector-settings')
      .set('Authorization', `Bearer ${token}`)
      .set('Cookie', `session=${plantedKey}`)
      .set('x-request-id', 'req-from-gateway-1')
      .send({ host: 'erp.plant.local', apiKey: plantedKey });
    expect(response.status).toBe(204);
    expect(response.headers['x-request-id']).toBe('req-from-gateway-1');

    const rejected = await http()
      .post('/api/v1/notes')
      .set('Authorization', `Bearer ${token}`)
      .send({ title: 'x', password: plantedKey });
    expect(rejected.status).toBe(400);

    const entries = fixture.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const saved = entries.find((entry) => entry['msg'] === 'connector settings saved');
    expect(saved).toMatchObject({ settings: { host: 'erp.plant.local', apiKey: '[Redacted]', credentials: '[Redacted]' } });
    const completed = entries.find(
      (entry) => entry['msg'] === 'request completed' && (entry['req'] as { id?: string } | undefined)?.id === 'req-from-gateway-1',
    );
    expect(completed).toMatchObject({
      service: 'chassis-test',
      req: { headers: { authorization: '[Redacted]', cookie: '[Redacted]' } },
      res: { statusCode: 204 },
    });

    const everything = fixture.logs.join('\n');
    expect(everything).not.toContain(plantedKey);
    expect(everything).not.toContain(token);
  });
});
