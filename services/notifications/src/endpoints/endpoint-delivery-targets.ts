import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AlertRepository } from '../alerts';
import type { ChannelKind } from '../channels';
import { DeliveryTargets, type TargetsByChannel } from '../deliveries/delivery-targets';
import { TenantOutbound } from '../outbound';
import { EmailTemplateLookup } from '../templates';
import { EndpointRepository } from './endpoint.repository';
import { WebhookSecretVault } from './webhook-secret-vault';

/** Delivery targets from the tenant's endpoints and recipient lists, read at each attempt. */
@Injectable()
export class EndpointDeliveryTargets extends DeliveryTargets {
  constructor(
    @Inject(EndpointRepository) private readonly endpoints: EndpointRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(WebhookSecretVault) private readonly vault: WebhookSecretVault,
    @Inject(EmailTemplateLookup) private readonly templates: EmailTemplateLookup,
    @Inject(TenantOutbound) private readonly outbound: TenantOutbound,
  ) {
    super();
  }

  async resolve<C extends ChannelKind>(manager: EntityManager, tenantId: string, channel: C, targetId: string, templateKey?: string): Promise<TargetsByChannel[C] | null> {
    const target = await this.lookUp(manager, tenantId, channel, targetId, templateKey);
    return target as TargetsByChannel[C] | null;
  }

  private async lookUp(manager: EntityManager, tenantId: string, channel: ChannelKind, targetId: string, templateKey: string | undefined): Promise<TargetsByChannel[ChannelKind] | null> {
    if (channel === 'email') {
      const list = await this.endpoints.findRecipientList(manager, tenantId, targetId);
      // A personal e-mail (an external requester) names its alert, whose address it reads.
      // A person's e-mail names their notification contact, whose address is read at each attempt.
      const to = list ? list.emails : ((await this.alerts.recipientEmailOf(manager, tenantId, targetId)) ?? (await this.endpoints.contactEmail(manager, tenantId, targetId)));
      return to && to.length > 0 ? { to: typeof to === 'string' ? [to] : to, template: await this.templates.forKey(manager, tenantId, templateKey) } : null;
    }
    const endpoint = await this.endpoints.findEnabledEndpoint(manager, tenantId, channel, targetId);
    if (!endpoint) return null;
    // The tenant's allow-list as it is now, for the send that follows (its own guarded dispatcher).
    await this.outbound.load(manager, tenantId);
    if (channel === 'webhook') return endpoint.url ? { url: endpoint.url, secrets: await this.vault.signingSecrets(manager, endpoint, new Date()), tenantId } : null;
    const url = await this.vault.openChatUrl(manager, endpoint);
    if (url && endpoint.sealedUrl === null) await this.endpoints.saveEndpoint(manager, { ...endpoint, ...(await this.vault.sealChatUrl(manager, endpoint, url)) });
    return url ? { url, tenantId } : null;
  }
}
