import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, TenantTransactions, type Principal } from '@mate/service-kit';
import type { AuthKind, ConnectorAdapters, SystemKind } from '../../adapters';
import { ConnectionApiTokens } from '../../access/connection-api-tokens';
import { CredentialVault, type CredentialSecrets } from '../../credentials';
import { initialHealth } from '../../health';
import { OutboundPolicies } from '../../outbound';
import { CONNECTOR_ADAPTERS } from '../../upstream/upstream.tokens';
import { placeOf } from '../../upstream/upstream-gateway';
import { credentialErrors, targetErrors } from '../connection-input.rules';
import { ConnectionChanges } from '../connection.changes';
import type { Connection } from '../connection.entity';
import { CONNECTION_DEFAULTS, type ConnectionDefaults } from '../connections.tokens';
import { VerifyCredentials } from './verify-credentials';

export interface CreateConnectionCommand {
  system: SystemKind;
  authKind: string;
  displayName: string;
  baseUrl: string;
  settings: Record<string, string>;
  credentials: Record<string, unknown>;
  probeIntervalSeconds?: number;
}

export interface IssuedConnection {
  connection: Connection;
  /** The connection's API token, shown this once. */
  apiToken: string;
}

/**
 * A new connection: the input checked field by field, the base URL by the SSRF guard (the tenant's
 * allow-list), the credentials verified against the system
 * itself, then stored encrypted with a new API token, `ConnectionCreated` in the same transaction.
 */
@Injectable()
export class CreateConnection {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(CONNECTOR_ADAPTERS) private readonly adapters: ConnectorAdapters,
    @Inject(VerifyCredentials) private readonly verify: VerifyCredentials,
    @Inject(CredentialVault) private readonly vault: CredentialVault,
    @Inject(ConnectionChanges) private readonly changes: ConnectionChanges,
    @Inject(ConnectionApiTokens) private readonly tokens: ConnectionApiTokens,
    @Inject(CONNECTION_DEFAULTS) private readonly defaults: ConnectionDefaults,
    @Inject(OutboundPolicies) private readonly outbound: OutboundPolicies,
  ) {}

  async execute(principal: Principal, command: CreateConnectionCommand): Promise<IssuedConnection> {
    const description = this.adapters[command.system].description;
    const errors = targetErrors(description, command);
    if (errors.length === 0) errors.push(...credentialErrors(description, command.authKind as AuthKind, command.credentials));
    if (errors.length > 0) throw ProblemException.validation(errors);
    const authKind = command.authKind as AuthKind;
    const credentials = command.credentials as CredentialSecrets;
    await this.transactions.run(principal, (manager) => this.outbound.checkBaseUrl(manager, principal.tenantId, command.baseUrl));
    await this.verify.execute({ tenantId: principal.tenantId, system: command.system, authKind, baseUrl: command.baseUrl, settings: command.settings, credentials });

    return this.transactions.run(principal, async (manager) => {
      const now = new Date();
      const id = randomUUID();
      const sealed = await this.vault.seal(manager, placeOf({ tenantId: principal.tenantId, id }, 'credentials'), credentials);
      const connection: Connection = {
        id,
        tenantId: principal.tenantId,
        system: command.system,
        authKind,
        displayName: command.displayName,
        baseUrl: command.baseUrl,
        settings: command.settings,
        ...initialHealth(),
        credentialsCiphertext: sealed.ciphertext,
        dataKeyVersion: sealed.dataKeyVersion,
        sessionCiphertext: null,
        sessionExpiresAt: null,
        lastSuccessAt: now,
        lastFailureAt: null,
        lastFailureClass: null,
        failureCount: 0,
        probeIntervalSeconds: command.probeIntervalSeconds ?? this.defaults.probeIntervalSeconds,
        version: 1,
        createdBy: principal.subject,
        createdAt: now,
        updatedAt: now,
      };
      await this.changes.created(manager, connection);
      return { connection, apiToken: await this.tokens.reissue(manager, principal.tenantId, id) };
    });
  }
}
