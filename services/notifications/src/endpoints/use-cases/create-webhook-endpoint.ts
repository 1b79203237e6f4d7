import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import { generateWebhookSecret } from '../../channels';
import { EndpointRepository } from '../endpoint.repository';
import { TenantOutbound } from '../../outbound';
import type { EndpointKind, WebhookEndpoint } from '../webhook-endpoint.entity';
import { WebhookSecretVault } from '../webhook-secret-vault';

export interface CreateWebhookEndpointCommand {
  kind: EndpointKind;
  url: string;
  description: string;
}

/** A new endpoint; a webhook gets its signing secret, returned this once and stored sealed. */
@Injectable()
export class CreateWebhookEndpoint {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EndpointRepository) private readonly endpoints: EndpointRepository,
    @Inject(WebhookSecretVault) private readonly vault: WebhookSecretVault,
    @Inject(TenantOutbound) private readonly outbound: TenantOutbound,
  ) {}

  async execute(principal: Principal, command: CreateWebhookEndpointCommand): Promise<{ endpoint: WebhookEndpoint; secret: string | null }> {
    return this.transactions.run(principal, async (manager) => {
      await this.outbound.assertAllowed(manager, principal.tenantId, command.url);
      const now = new Date();
      const endpoint: WebhookEndpoint = {
        id: randomUUID(),
        tenantId: principal.tenantId,
        kind: command.kind,
        url: command.url,
        description: command.description,
        sealedUrl: null,
        maskedUrl: null,
        sealedSecrets: null,
        dataKeyVersion: null,
        previousSecretExpiresAt: null,
        enabled: true,
        failingSince: null,
        disabledAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const secret = command.kind === 'webhook' ? generateWebhookSecret() : null;
      if (secret) Object.assign(endpoint, await this.vault.seal(manager, endpoint, [secret]));
      else Object.assign(endpoint, await this.vault.sealChatUrl(manager, endpoint, command.url));
      await this.endpoints.insertEndpoint(manager, endpoint);
      return { endpoint, secret };
    });
  }
}
