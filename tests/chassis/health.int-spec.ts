import type { Pool } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { startFixtureApp, type FixtureApp } from './fixture/start-fixture-app';

describe('chassis: health endpoints', () => {
  let fixture: FixtureApp;

  beforeAll(async () => {
    fixture = await startFixtureApp();
  });

  afterAll(async () => {
    await fixture.close();
  });

  afterEach(() => {
    fixture.consumer.crashed = false;
    fixture.outbox.backlog = 0;
    fixture.outbox.hang = false;
  });

  const http = () => request(fixture.app.getHttpServer());

  it('is live and ready when everything is fine, without a token and outside /api/v1', async () => {
    const live = await http().get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', details: { 'kafka-consumer': { status: 'up' } } });

    const ready = await http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({
      database: { status: 'up' },
      outbox: { status: 'up', backlog: 0 },
      shutdown: { status: 'up' },
    });
    expect((await http().get('/api/v1/health/live')).status).not.toBe(200);
  });

  it('sizes the application’s database pool from DATABASE_POOL_SIZE', () => {
    const driver = fixture.app.get(DataSource).driver as PostgresDriver;
    expect((driver.master as Pool).options.max).toBe(7);
  });

  it('is not ready when a contributed readiness check fails, and stays live', async () => {
    fixture.outbox.backlog = 5000;
    const ready = await http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ready.body).toMatchObject({
      status: 503,
      checks: { outbox: { status: 'down', backlog: 5000 }, database: { status: 'up' } },
    });
    expect((await http().get('/health/live')).status).toBe(200);
  });

  it('is not ready when a check hangs past its timeout', async () => {
    fixture.outbox.hang = true;
    const ready = await http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.outbox).toEqual({ status: 'down', error: 'timed out' });
  });

  it('is not live when a contributed liveness check fails (e.g. the consumer crashed)', async () => {
    fixture.consumer.crashed = true;
    const live = await http().get('/health/live');
    expect(live.status).toBe(503);
    expect(live.body.checks).toEqual({ 'kafka-consumer': { status: 'down', state: 'crashed' } });
  });

  it('liveness does not depend on the database', async () => {
    await fixture.dataSource.destroy();
    try {
      expect((await http().get('/health/live')).status).toBe(200);
      const ready = await http().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.database).toEqual({ status: 'down', error: 'unreachable' });
    } finally {
      await fixture.dataSource.initialize();
    }
  });
});
