import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';

export const REPO_ROOT = resolve(__dirname, '../../..');

/** The broker the integration tests use: `KAFKA_BROKERS`, else the local one on `KAFKA_PORT`. */
export function testKafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`).split(',');
}

/** The owner/admin URL of the test PostgreSQL server. */
export function testDatabaseServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** A name no other test run uses: topics and databases are shared across runs. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Drops (if present) and recreates a database owned by the server's admin user. */
export async function recreateDatabase(databaseName: string): Promise<string> {
  const server = new Client({ connectionString: testDatabaseServerUrl() });
  await server.connect();
  try {
    await server.query(`drop database if exists "${databaseName}" with (force)`);
    await server.query(`create database "${databaseName}"`);
  } finally {
    await server.end();
  }
  const url = new URL(testDatabaseServerUrl());
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/** Runs tools/infra/kafka.sh against the test broker: `kill9`, `start`, `wait`, `up`, `down`. */
export function kafkaControl(command: 'kill9' | 'start' | 'wait' | 'up' | 'down'): void {
  execFileSync('bash', [resolve(REPO_ROOT, 'tools/infra/kafka.sh'), command], {
    stdio: 'inherit',
    env: process.env,
  });
}
