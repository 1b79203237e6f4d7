// Waits until PostgreSQL at DATABASE_URL answers a query (30 s), or checks once with --once.
'use strict';
const { Client } = require('pg');

const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const once = process.argv.includes('--once');
const deadline = Date.now() + 30000;

(async () => {
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      process.exit(0);
    } catch {
      await client.end().catch(() => undefined);
      if (once || Date.now() > deadline) process.exit(1);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
})();
