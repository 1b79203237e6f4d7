import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG, TenantTransactions, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { generateWebhookSecret } from '../../channels';
import type { NotificationsConfig } from '../../config/notifications.config';
import { EndpointException, EndpointExceptionCode, endpointNotFound } from '../endpoint.exception';
import { EndpointRepository } from '../endpoint.repository';
import { TenantOutbound } from '../../outbound';
import type { WebhookEndpoint } from '../webhook-endpoint.entity';
import { WebhookSecretVault } from '../webhook-secret-vault';

export interface UpdateWebhookEndpointCommand {
  url?: string;
  description?: string;
  enabled?: boolean;
}

/** Edits, re-enables, rotates the secret of and deletes endpoints, each under the caller's If-Match. */
@Injectable()
export class ChangeWebhookEndpoint {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EndpointRepository) private readonly endpoints: EndpointRepository,
    @Inject(WebhookSecretVault) private readonly vault: WebhookSecretVault,
    @Inject(TenantOutbound) private readonly outbound: TenantOutbound,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  async update(principal: Principal, id: string, command: UpdateWebhookEndpointCommand, ifMatch: VersionPrecondition): Promise<WebhookEndpoint> {
    return this.change(principal, id, ifMatch, async (manager, endpoint, now) => {
      if (command.url !== undefined) await this.outbound.assertAllowed(manager, principal.tenantId, command.url);
      const reenabled = command.enabled === true && !endpoint.enabled;
      const url = command.url === undefined ? {} : endpoint.kind === 'webhook' ? { url: command.url } : await this.vault.sealChatUrl(manager, endpoint, command.url);
      return {
        ...endpoint,
        ...url,
        description: command.description ?? endpoint.description,
        enabled: command.enabled ?? endpoint.enabled,
        // Re-enabled: its failing period starts afresh, so it is not disabled again at once.
        failingSince: reenabled ? null : endpoint.failingSince,
        disabledAt: command.enabled === undefined ? endpoint.disabledAt : command.enabled ? null : (endpoint.disabledAt ?? now),
      };
    });
  }

  /**
   * A new secret signs from now on; the previous one signs beside it until the overlap ends, so
   * receivers can switch without losing a delivery. A rotation during an overlap drops the oldest.
   */
  async rotateSecret(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const secret = generateWebhookSecret();
    const endpoint = await this.change(principal, id, ifMatch, async (manager, current, now) => {
      if (current.kind !== 'webhook') throw new EndpointException(EndpointExceptionCode.NO_SECRET, 'only webhook endpoints sign: a chat endpoint has no secret');
      const [previous] = await this.vault.open(manager, current);
      const sealed = await this.vault.seal(manager, current, previous ? [secret, previous] : [secret]);
      const overlapMs = this.config.extra.WEBHOOK_SECRET_OVERLAP_HOURS * 3_600_000;
      return { ...current, ...sealed, previousSecretExpiresAt: new Date(now.getTime() + overlapMs) };
    });
    return { endpoint, secret };
  }

  /** Deliveries already made stay in the log; one still pending fails as "target deleted". */
  async remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    await this.transactions.run(principal, async (manager) => {
      const endpoint = await this.endpoints.findEndpoint(manager, principal.tenantId, id, { forUpdate: true });
      if (!endpoint) throw endpointNotFound();
      ifMatch.assertMatches(endpoint.version);
      const rules = await this.endpoints.rulesUsing(manager, principal.tenantId, id);
      if (rules.length > 0) throw new EndpointException(EndpointExceptionCode.IN_USE, `alert rules send to this endpoint: ${rules.join(', ')}; change them first`);
      await this.endpoints.deleteEndpoint(manager, endpoint);
    });
  }

  private change(
    principal: Principal,
    id: string,
    ifMatch: VersionPrecondition,
    apply: (manager: EntityManager, endpoint: WebhookEndpoint, now: Date) => Promise<WebhookEndpoint>,
  ): Promise<WebhookEndpoint> {
    return this.transactions.run(principal, async (manager) => {
      const endpoint = await this.endpoints.findEndpoint(manager, principal.tenantId, id, { forUpdate: true });
      if (!endpoint) throw endpointNotFound();
      ifMatch.assertMatches(endpoint.version);
      const now = new Date();
      const changed = { ...(await apply(manager, endpoint, now)), version: endpoint.version + 1, updatedAt: now };
      await this.endpoints.saveEndpoint(manager, changed);
      return changed;
    });
  }
}
