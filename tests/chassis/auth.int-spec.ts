import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import { startFixtureApp, type FixtureApp } from './fixture/start-fixture-app';

describe('chassis: authentication and roles', () => {
  let fixture: FixtureApp;
  const tenant = randomUUID();

  beforeAll(async () => {
    fixture = await startFixtureApp();
  });

  afterAll(async () => {
    await fixture.close();
  });

  const http = () => request(fixture.app.getHttpServer());

  it('answers 401 problem+json without a token', async () => {
    const response = await http().get('/api/v1/notes');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
  });

  it('answers 401 for a forged, expired or garbage token, saying only "invalid or expired token"', async () => {
    const auth = fixture.config.auth;
    if (auth.mode !== 'dev') throw new Error('dev mode expected');
    const forged = await new SignJWT({ tenant_id: tenant, roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer(auth.issuer)
      .setAudience(auth.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-different-secret-of-sufficient-length!!'));
    const expired = await new SignJWT({ tenant_id: tenant, roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-1')
      .setIssuer(auth.issuer)
      .setAudience(auth.audience)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 120)
      .sign(new TextEncoder().encode(auth.secret));

    for (const token of [forged, expired, 'garbage']) {
      const response = await http().get('/api/v1/notes').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
      expect(response.body.detail).toBe('invalid or expired token');
    }
  });

  it('answers 403 problem+json when the role lacks permission', async () => {
    const viewer = await fixture.token(tenant, ['viewer']);
    const response = await http().post('/api/v1/notes').set('Authorization', `Bearer ${viewer}`).send({ title: 'x' });
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ title: 'Forbidden', status: 403 });
  });

  it('lets a permitted role through and reads the principal from the token', async () => {
    const planner = await fixture.token(tenant, ['planner']);
    const created = await http().post('/api/v1/notes').set('Authorization', `Bearer ${planner}`).send({ title: 'Grease the gearbox' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Grease the gearbox', archived: false, lines: [] });

    const viewer = await fixture.token(tenant, ['viewer']);
    const read = await http().get(`/api/v1/notes/${created.body.id}`).set('Authorization', `Bearer ${viewer}`);
    expect(read.status).toBe(200);
  });

  it('keeps health, metrics and docs public', async () => {
    expect((await http().get('/health/live')).status).toBe(200);
    expect((await http().get('/metrics')).status).toBe(200);
    expect((await http().get('/api/v1/chassis-test/openapi.json')).status).toBe(200);
  });
});
