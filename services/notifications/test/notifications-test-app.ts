import { randomUUID } from 'node:crypto';
import { applicationRoleUrl, serviceDatabaseUrl, withTenantTransaction } from '@mate/database';
import { createTestingApp, loadServiceConfig, prepareDatabase, signDevelopmentToken, throwingConfigReporter, type Role } from '@mate/service-kit';
import { startEventConsumer } from '@mate/messaging';
import { recreateDatabase, testDatabaseServerUrl, testKafkaBrokers } from '@mate/testing';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { RecordAlertOccurrence, type Alert, type RecordAlertOccurrenceCommand } from '../src/alerts';
import { NotificationsAppModule } from '../src/app.module';
import { DataKeyEnvelope, parseMasterKeyring } from '@mate/secrets';
import { DEV_NOTIFICATIONS_MASTER_KEYS, NOTIFICATIONS_CONFIG_SPEC, NOTIFICATIONS_SERVICE, type NotificationsConfig } from '../src/config/notifications.config';
import { NOTIFICATIONS_MIGRATIONS } from '../src/database/migrations';
import { NOTIFICATIONS_KEY_NAMESPACE, WebhookSecretVault } from '../src/endpoints';

export interface NotificationsTestApp {
  app: INestApplication;
  config: NotificationsConfig;
  inTenant<T>(tenantId: string, work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /** A development token of the tenant, a planner unless `roles` say otherwise. */
  token(tenantId: string, roles?: Role[]): Promise<string>;
  /** A technician's development token: a person whose own alerts the inbox shows. */
  userToken(tenantId: string, subject: string): Promise<string>;
}

export interface NotificationsTestOptions {
  /** Consume these topics (by the source topic's name) instead of the real ones, and start the consumer. */
  topics?: Record<string, string>;
  /** Start the event consumer (on the topics given, else the real ones); on by default when topics are given. */
  consume?: boolean;
  /** A second instance on a database another one already prepared (two replicas sharing the job queue). */
  replica?: boolean;
}

/**
 * The service on its own throwaway database against the real PostgreSQL and Kafka (with `replica`,
 * on the database another instance already prepared).
 */
export async function startNotificationsTestApp(databaseName: string, env: Record<string, string> = {}, options: NotificationsTestOptions = {}): Promise<NotificationsTestApp> {
  const config = notificationsTestConfig(databaseName, env);
  if (!options.replica) await prepareNotificationsTestDatabase(config);
  const moduleRef = await Test.createTestingModule({
    imports: [NotificationsAppModule.register({ config, logDestination: process.env.DEBUG_LOGS ? process.stderr : { write: () => undefined }, messaging: { relay: { pollIntervalMs: 100 } }, topics: options.topics })],
  }).compile();
  const app = await createTestingApp(moduleRef);
  if (options.consume ?? options.topics !== undefined) await startEventConsumer(app);
  const dataSource = app.get(DataSource);
  const auth = config.auth;
  if (auth.mode !== 'dev') throw new Error('tests run in dev auth mode');
  return {
    app,
    config,
    inTenant: (tenantId, work) => withTenantTransaction(dataSource, tenantId, work),
    token: (tenantId, roles = ['planner']) => signDevelopmentToken(auth, { subject: `${roles[0]}-1`, tenantId, roles }),
    userToken: (tenantId, subject) => signDevelopmentToken(auth, { subject, tenantId, roles: ['technician'] }),
  };
}

/** The configuration a test app (or a test's service process) runs with on its own database. */
export function notificationsTestConfig(databaseName: string, env: Record<string, string> = {}): NotificationsConfig {
  const base = loadServiceConfig(NOTIFICATIONS_SERVICE, NOTIFICATIONS_CONFIG_SPEC, {
    env: { NODE_ENV: 'test', LOG_LEVEL: 'error', DATABASE_URL: testDatabaseServerUrl(), KAFKA_BROKERS: testKafkaBrokers().join(','), ...env },
    reporter: throwingConfigReporter,
  });
  const ownerUrl = serviceDatabaseUrl(testDatabaseServerUrl(), databaseName);
  return {
    ...base,
    database: { ...base.database, databaseName, ownerUrl, appUrl: applicationRoleUrl(ownerUrl, base.database.appRole, base.database.appPassword) },
  };
}

/** A fresh database with the service's migrations run (as a deployment's migration step does). */
export async function prepareNotificationsTestDatabase(config: NotificationsConfig): Promise<void> {
  await recreateDatabase(config.database.databaseName);
  await prepareDatabase(config, NOTIFICATIONS_MIGRATIONS);
}

/** The vault of a test app on the development master key (what `startNotificationsTestApp` runs with). */
export const testSecretVault = new WebhookSecretVault(new DataKeyEnvelope(parseMasterKeyring(DEV_NOTIFICATIONS_MASTER_KEYS), NOTIFICATIONS_KEY_NAMESPACE));

/** A tenant's routing: one rule sending warnings and worse to a webhook endpoint and a recipient list. */
export async function seedRouting(manager: EntityManager, tenantId: string, target: { webhookUrl: string; secrets: string[]; emails: string[] }): Promise<{ webhookId: string; recipientsId: string }> {
  const webhookId = randomUUID();
  const recipientsId = randomUUID();
  const now = new Date();
  const { sealedSecrets, dataKeyVersion } = await testSecretVault.seal(manager, { tenantId, id: webhookId }, target.secrets);
  await manager.query(
    `insert into webhook_endpoints (id, tenant_id, kind, url, description, sealed_secrets, data_key_version, enabled, version, created_at, updated_at)
     values ($1, $2, 'webhook', $3, 'ops', $4, $5, true, 1, $6, $6)`,
    [webhookId, tenantId, target.webhookUrl, sealedSecrets, dataKeyVersion, now],
  );
  await manager.query(`insert into recipient_lists (id, tenant_id, name, emails, version, created_at, updated_at) values ($1, $2, 'on call', $3, 1, $4, $4)`, [
    recipientsId,
    tenantId,
    target.emails,
    now,
  ]);
  await manager.query(
    `insert into alert_rules (id, tenant_id, name, alert_types, min_severity, targets, digest, enabled, version, created_at, updated_at)
     values ($1, $2, 'connections', '{}', 'warning', $3, false, true, 1, $4, $4)`,
    [randomUUID(), tenantId, JSON.stringify([{ channel: 'webhook', targetId: webhookId }, { channel: 'email', targetId: recipientsId }]), now],
  );
  return { webhookId, recipientsId };
}

/** A routing rule inserted as the API would store it (for tests that are not about the rules' API). */
export async function seedRule(
  manager: EntityManager,
  tenantId: string,
  rule: { name: string; alertTypes: string[]; targets: Array<{ channel: string; targetId: string }> },
): Promise<void> {
  await manager.query(
    `insert into alert_rules (id, tenant_id, name, alert_types, min_severity, targets, digest, enabled, version, created_at, updated_at)
     values ($1, $2, $3, $4, 'info', $5, false, true, 1, now(), now())`,
    [randomUUID(), tenantId, rule.name, rule.alertTypes, JSON.stringify(rule.targets)],
  );
}

/** Records an alert (a degraded connection unless `overrides` say otherwise) as the event handler would. */
export function recordAlert(test: NotificationsTestApp, tenantId: string, overrides: Partial<RecordAlertOccurrenceCommand> = {}): Promise<Alert> {
  return test.inTenant(tenantId, (manager) =>
    test.app.get(RecordAlertOccurrence).execute(manager, {
      tenantId,
      type: 'connection.degraded',
      severity: 'warning',
      subject: { kind: 'connection', id: randomUUID() },
      eventId: randomUUID(),
      occurredAt: new Date(),
      title: 'Maximo is slow',
      summary: 'Probes time out.',
      subjectName: 'Maximo production',
      ...overrides,
    }),
  );
}
