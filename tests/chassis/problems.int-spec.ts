import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startFixtureApp, type FixtureApp } from './fixture/start-fixture-app';

describe('chassis: errors as problem+json', () => {
  let fixture: FixtureApp;
  let token: string;

  beforeAll(async () => {
    fixture = await startFixtureApp();
    token = await fixture.token(randomUUID(), ['admin']);
  });

  afterAll(async () => {
    await fixture.close();
  });

  const http = () => request(fixture.app.getHttpServer());
  const post = (path: string) => http().post(path).set('Authorization', `Bearer ${token}`);

  it('answers 400 naming the bad nested field', async () => {
    const response = await post('/api/v1/notes').send({ title: 'Pump', lines: [{ part: 'seal', quantity: 0 }] });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'urn:mate:problem:validation', status: 400 });
    expect(response.body.errors).toEqual([{ field: 'lines.0.quantity', message: 'quantity must not be less than 1' }]);
  });

  it('rejects and names an unknown field (mass assignment)', async () => {
    const response = await post('/api/v1/notes').send({ title: 'Pump', tenantId: randomUUID() });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'tenantId', message: 'property tenantId should not exist' }]);
  });

  it('answers 400 for malformed JSON without echoing it', async () => {
    const response = await post('/api/v1/notes').set('Content-Type', 'application/json').send('{"title": "x", oops');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toBe('the request body is not valid JSON');
    expect(JSON.stringify(response.body)).not.toContain('oops');
  });

  it('answers 415 for a body that is not JSON, on POST, PUT and PATCH alike; a route taking CSV still takes it', async () => {
    const note = { title: 'Pump' };
    for (const [contentType, body] of [
      ['text/plain', JSON.stringify(note)],
      ['application/x-www-form-urlencoded', 'title=Pump'],
      ['text/csv', 'title\nPump'],
    ]) {
      const response = await post('/api/v1/notes').set('Content-Type', contentType).send(body);
      expect(response.status).toBe(415);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: 'about:blank', title: 'Unsupported Media Type', status: 415, detail: 'the request body must be application/json' });
    }
    for (const method of ['put', 'patch'] as const) {
      const send = (contentType: string, body: string) =>
        http()[method]('/api/v1/probe/small').set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(body);
      expect((await send('text/plain', '{"items":["a"]}')).status).toBe(415);
      expect((await send('application/json', '{"items":["a"]}')).body).toEqual({ received: 1 });
    }
    expect((await post('/api/v1/notes').set('Content-Type', 'application/json').send(note)).status).toBe(201);
    expect((await post('/api/v1/notes').set('Content-Type', 'application/merge-patch+json').send(JSON.stringify(note))).status).toBe(201);
    // No body at all (an action like archive) is not a media type question.
    const created = await post('/api/v1/notes').send({ title: 'Archive me without a body' });
    expect((await post(`/api/v1/notes/${created.body.id}/archive`).set('Content-Type', 'text/plain')).status).toBe(200);
    // Authentication still comes first.
    expect((await http().post('/api/v1/notes').set('Content-Type', 'text/plain').send('x')).status).toBe(401);

    const csv = await post('/api/v1/probe/csv').set('Content-Type', 'text/csv').send('a,b\n1,2\n');
    expect(csv.status).toBe(200);
    expect(csv.body).toEqual({ lines: 2 });
    const notCsv = await post('/api/v1/probe/csv').set('Content-Type', 'text/plain').send('a,b');
    expect(notCsv.status).toBe(415);
    expect(notCsv.body.detail).toBe('the request body must be text/csv');
  });

  it('answers 413 above the body limit, and a bulk path may take more', async () => {
    const items = Array.from({ length: 15000 }, (_, i) => `item-${i}-${'x'.repeat(100)}`); // ~1.7 MB
    const tooLarge = await post('/api/v1/probe/small').send({ items });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(tooLarge.body).toMatchObject({ title: 'Payload Too Large', status: 413 });

    const bulk = await post('/api/v1/probe/bulk').send({ items });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toEqual({ received: 15000 });
  });

  it('answers 404 for an unknown route and for a missing resource', async () => {
    const route = await http().get('/api/v1/nothing-here').set('Authorization', `Bearer ${token}`);
    expect(route.status).toBe(404);
    expect(route.headers['content-type']).toMatch(/^application\/problem\+json/);

    const note = await http().get(`/api/v1/notes/${randomUUID()}`).set('Authorization', `Bearer ${token}`);
    expect(note.status).toBe(404);
    expect(note.body).toMatchObject({
      type: 'urn:mate:problem:note-not-found',
      title: 'Not Found',
      status: 404,
      detail: 'note not found',
      code: 'NOTE_NOT_FOUND',
    });
  });

  it('maps a domain conflict to 409', async () => {
    const created = await post('/api/v1/notes').send({ title: 'Archive me' });
    expect((await post(`/api/v1/notes/${created.body.id}/archive`)).status).toBe(200);
    const again = await post(`/api/v1/notes/${created.body.id}/archive`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'NOTE_ALREADY_ARCHIVED', detail: 'the note is already archived' });
  });

  it('answers 429 with Retry-After', async () => {
    const response = await http().get('/api/v1/probe/throttled').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('30');
    expect(response.body).toMatchObject({ title: 'Too Many Requests', status: 429 });
  });

  it('answers an unexpected error with a generic 500 and logs it', async () => {
    const response = await http().get('/api/v1/probe/crash').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'an unexpected error occurred',
      requestId: response.headers['x-request-id'],
    });
    expect(JSON.stringify(response.body)).not.toContain('ECONNREFUSED');
    const logged = fixture.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.some((entry) => entry['msg'] === 'unexpected error while handling a request' && JSON.stringify(entry['err']).includes('ECONNREFUSED'))).toBe(true);
  });

  it('answers 400 for a malformed id', async () => {
    const response = await http().get('/api/v1/notes/not-a-uuid').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
