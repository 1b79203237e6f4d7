import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@mate/service-kit';
import { DataSource } from 'typeorm';
import { ConnectionAccessGuard } from '../access/connection-access';
import { ConnectionApiTokens } from '../access/connection-api-tokens';
import { UpstreamHttp, createAdapters } from '../adapters';
import { ConnectController } from '../connect/connect.controller';
import { CompleteConnect } from '../connect/complete-connect';
import { StartConnectSession } from '../connect/start-connect-session';
import type { ConnectorsConfig } from '../config/connectors.config';
import { CredentialVault, EnvelopeEncryption, parseMasterKeyring } from '../credentials';
import type { HealthPolicy } from '../health';
import { ConnectionMetrics } from '../metrics/connection-metrics';
import { OutboundPolicies } from '../outbound';
import { PassthroughController, RunPassthrough } from '../passthrough';
import { RateBudgets, budgetKindOf, postgresLimiters, rateLimitOverrides } from '../rate-budgets';
import { ProbeDueConnections } from '../probes/probe-due-connections';
import { ProbeRoundJob } from '../probes/probe-round.job';
import { UpstreamGateway } from '../upstream/upstream-gateway';
import { CONNECTOR_ADAPTERS } from '../upstream/upstream.tokens';
import { ConnectionChanges } from './connection.changes';
import { ConnectionRepository } from './connection.repository';
import { ConnectionsController } from './connections.controller';
import { CONNECTION_DEFAULTS, HEALTH_POLICY, type ConnectionDefaults } from './connections.tokens';
import { ConnectorsController } from './connectors.controller';
import { AdministerConnection } from './use-cases/administer-connection';
import { CreateConnection } from './use-cases/create-connection';
import { ReadConnections } from './use-cases/read-connections';
import { TestConnection } from './use-cases/test-connection';
import { VerifyCredentials } from './use-cases/verify-credentials';

/** Connections, their credentials, health and the connect flow, over one adapter per system. */
@Module({
  controllers: [ConnectionsController, ConnectorsController, ConnectController, PassthroughController],
  providers: [
    {
      provide: EnvelopeEncryption,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ConnectorsConfig) => new EnvelopeEncryption(parseMasterKeyring(config.extra.CONNECTORS_MASTER_KEYS)),
    },
    {
      provide: CONNECTOR_ADAPTERS,
      inject: [SERVICE_CONFIG, OutboundPolicies, ConnectionMetrics, DataSource],
      useFactory: (config: ConnectorsConfig, outbound: OutboundPolicies, metrics: ConnectionMetrics, dataSource: DataSource) => {
        const budgets = new RateBudgets(postgresLimiters(dataSource), {
          maxWaitMs: config.extra.CONNECTORS_RATE_BUDGET_MAX_WAIT_MS,
          observeWait: (system, _kind, seconds) => metrics.throttled(system, 'budget', seconds),
        });
        return createAdapters(
          new UpstreamHttp({
            timeoutMs: config.extra.CONNECTORS_UPSTREAM_TIMEOUT_MS,
            maxConcurrentPerConnection: config.extra.CONNECTORS_UPSTREAM_CONCURRENCY,
            dispatcherFor: (tenantId) => outbound.dispatcherFor(tenantId),
            observe: (call) => metrics.upstreamCalled(call),
            rateLimitRetries: config.extra.CONNECTORS_RATE_LIMIT_RETRIES,
            maxRetryAfterMs: config.extra.CONNECTORS_MAX_RETRY_AFTER_MS,
            observeThrottle: (system, reason, seconds) => metrics.throttled(system, reason, seconds),
            budget: config.extra.CONNECTORS_RATE_BUDGETS_ENABLED ? async (scope, method) => void (await budgets.take({ ...scope, override: rateLimitOverrides(scope.settings) }, budgetKindOf(method))) : undefined,
          }),
        );
      },
    },
    {
      provide: HEALTH_POLICY,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ConnectorsConfig): HealthPolicy => ({
        degradeAfterFailures: config.extra.CONNECTORS_DEGRADE_AFTER_FAILURES,
        windowSeconds: config.extra.CONNECTORS_DEGRADE_WINDOW_SECONDS,
      }),
    },
    {
      provide: CONNECTION_DEFAULTS,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ConnectorsConfig): ConnectionDefaults => ({
        probeIntervalSeconds: config.extra.CONNECTORS_PROBE_INTERVAL_SECONDS,
        connectSessionSeconds: config.extra.CONNECTORS_CONNECT_SESSION_SECONDS,
        connectPageUrl: config.extra.CONNECTORS_CONNECT_PAGE_URL,
      }),
    },
    CredentialVault,
    OutboundPolicies,
    ConnectionRepository,
    ConnectionChanges,
    ConnectionApiTokens,
    ConnectionAccessGuard,
    RunPassthrough,
    UpstreamGateway,
    VerifyCredentials,
    CreateConnection,
    ReadConnections,
    AdministerConnection,
    TestConnection,
    StartConnectSession,
    CompleteConnect,
    ConnectionMetrics,
    ProbeDueConnections,
    ProbeRoundJob,
  ],
  exports: [ProbeDueConnections, EnvelopeEncryption, UpstreamGateway, ConnectionRepository, ConnectionApiTokens],
})
export class ConnectionsModule {}
