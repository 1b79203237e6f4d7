import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { startFixtureApp, type FixtureApp } from './fixture/start-fixture-app';

describe('chassis: shutdown waits for the handlers still running', () => {
  let fixture: FixtureApp;

  beforeAll(async () => {
    fixture = await startFixtureApp();
    await fixture.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await fixture.app.close().catch(() => undefined);
  });

  it('lets a request whose client went away commit before the database closes', async () => {
    const tenant = randomUUID();
    const token = await fixture.token(tenant, ['planner']);
    const { port } = fixture.app.getHttpServer().address() as AddressInfo;
    const title = `written after the client left ${randomUUID()}`;
    const client = new AbortController();
    const request = fetch(`http://127.0.0.1:${port}/api/v1/probe/slow-note`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
      signal: client.signal,
    }).catch((error: unknown) => error);
    // The handler is inside its transaction (pg_sleep) when the client gives up and shutdown starts:
    // the HTTP server has no connection left to wait for, the handler is still running.
    await new Promise((resolve) => setTimeout(resolve, 150));
    client.abort();
    await request;
    await fixture.app.close();

    const owner = new Client({ connectionString: fixture.config.database.ownerUrl });
    await owner.connect();
    try {
      const { rows } = await owner.query('select count(*)::int as n from notes where title = $1', [title]);
      expect(rows[0].n).toBe(1);
    } finally {
      await owner.end();
    }
    expect(fixture.logs.filter((line) => line.includes('"level":50'))).toEqual([]);
  });
});
