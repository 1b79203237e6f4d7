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
 * `alertType` picks the tenant's e-mail template of the type (the default without one).
 */
export abstract class DeliveryTargets {
  abstract resolve<C extends ChannelKind>(manager: EntityManager, tenantId: string, channel: C, targetId: string, alertType?: string): Promise<TargetsByChannel[C] | null>;
}
