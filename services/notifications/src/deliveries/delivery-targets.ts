import type { EntityManager } from 'typeorm';
import type { ChannelKind, ChatTarget, EmailTarget, WebhookTarget } from '../channels';

export interface TargetsByChannel {
  webhook: WebhookTarget;
  email: EmailTarget;
  slack: ChatTarget;
  teams: ChatTarget;
}

/**
 * Where a delivery goes, read when it is attempted (so a rotated secret or an edited template
 * applies to the retries). Null: the target was deleted or disabled, and the delivery fails.
 * `templateKey` picks the tenant's e-mail template: the alert's type, or `DIGEST_TEMPLATE_KEY` for a
 * digest (the default without one).
 */
export abstract class DeliveryTargets {
  abstract resolve<C extends ChannelKind>(manager: EntityManager, tenantId: string, channel: C, targetId: string, templateKey?: string): Promise<TargetsByChannel[C] | null>;
}
