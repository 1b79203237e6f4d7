import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { NewConnectionTarget } from '../../access/access.entities';
import type { AuthKind, AuthSession, ConnectorAdapters, SystemKind } from '../../adapters';
import { ConnectionApiTokens } from '../../access/connection-api-tokens';
import { CredentialVault, type CredentialSecrets } from '../../credentials';
import { initialHealth } from '../../health';
import { OutboundPolicies } from '../../outbound';
import { CONNECTOR_ADAPTERS } from '../../upstream/upstream.tokens';
import { placeOf, sealedSession } from '../../upstream/upstream-gateway';
import { credentialErrors, targetErrors } from '../connection-input.rules';
import { ConnectionChanges } from '../connection.changes';
import type { Connection } from '../connection.entity';
import { CONNECTION_DEFAULTS, type ConnectionDefaults } from '../connections.tokens';
import { VerifyCredentials } from './verify-credentials';

/** What an administrator chooses for a new connection, before any credential: checked by `checkedTarget`. */
export interface ConnectionTargetCommand {
  system: SystemKind;
  authKind: string;
  displayName: string;
  baseUrl: string;
  settings: Record<string, string>;
  probeIntervalSeconds?: number;
}

export interface CreateConnectionCommand extends ConnectionTargetCommand {
  credentials: Record<string, unknown>;
}

export interface IssuedConnection {
  connection: Connection;
  /** The connection's API token, shown this once. */
  apiToken: string;
}

/** Credentials the system accepted, and the session it opened with them. */
export interface VerifiedCredentials {
  secrets: CredentialSecrets;
  session: AuthSession;
}

/**
 * A new connection: the input checked field by field, the base URL by the SSRF guard (the tenant's
 * allow-list), the credentials verified against the system itself, then stored encrypted with a new
 * API token, `ConnectionCreated` in the same transaction. The connect flow for a new connection
 * (src/connect) takes the same steps, split between the administrator and the customer.
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
    const { credentials, ...rest } = command;
    const target = await this.checkedTarget(principal.tenantId, rest, credentials);
    const verified = await this.verified(principal.tenantId, target, credentials);
    return this.transactions.run(principal, (manager) => this.store(manager, principal.tenantId, principal.subject, target, verified));
  }

  /**
   * The target checked field by field (with the credentials' fields, when given), then its base URL
   * by the SSRF guard: 400 or 422 naming the field, before anything is sent.
   */
  async checkedTarget(tenantId: string, command: ConnectionTargetCommand, credentials?: Record<string, unknown>): Promise<NewConnectionTarget> {
    const description = this.adapters[command.system].description;
    const errors = targetErrors(description, command);
    if (errors.length === 0 && credentials) errors.push(...credentialErrors(description, command.authKind as AuthKind, credentials));
    if (errors.length > 0) throw ProblemException.validation(errors);
    await this.transactions.run(tenantId, (manager) => this.outbound.checkBaseUrl(manager, tenantId, command.baseUrl));
    return { ...command, authKind: command.authKind as AuthKind };
  }

  /**
   * The credentials, once their fields are right and the system accepted them (VerifyCredentials
   * says why not), with the session verifying them opened: kept, so the first call does not log in again.
   */
  async verified(tenantId: string, target: NewConnectionTarget, credentials: Record<string, unknown>): Promise<VerifiedCredentials> {
    const errors = credentialErrors(this.adapters[target.system].description, target.authKind, credentials);
    if (errors.length > 0) throw ProblemException.validation(errors);
    const secrets = credentials as CredentialSecrets;
    const session = await this.verify.execute({ tenantId, system: target.system, authKind: target.authKind, baseUrl: target.baseUrl, settings: target.settings, credentials: secrets });
    return { secrets, session };
  }

  /** Stores a connection whose credentials were verified: sealed, `connected`, `ConnectionCreated`, a new API token. */
  async store(manager: EntityManager, tenantId: string, actor: string, target: NewConnectionTarget, verified: VerifiedCredentials): Promise<IssuedConnection> {
    const now = new Date();
    const id = randomUUID();
    const sealed = await this.vault.seal(manager, placeOf({ tenantId, id }, 'credentials'), verified.secrets);
    const connection: Connection = {
      id,
      tenantId,
      system: target.system,
      authKind: target.authKind,
      displayName: target.displayName,
      baseUrl: target.baseUrl,
      settings: target.settings,
      ...initialHealth(),
      credentialsCiphertext: sealed.ciphertext,
      dataKeyVersion: sealed.dataKeyVersion,
      ...(await sealedSession(this.vault, manager, { tenantId, id }, verified.session)),
      lastSuccessAt: now,
      lastFailureAt: null,
      lastFailureClass: null,
      failureCount: 0,
      probeIntervalSeconds: target.probeIntervalSeconds ?? this.defaults.probeIntervalSeconds,
      version: 1,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    };
    await this.changes.created(manager, connection);
    return { connection, apiToken: await this.tokens.reissue(manager, tenantId, id) };
  }
}
