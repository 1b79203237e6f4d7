import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { nextEscalation, ruleMatches } from '../alert-rules';
import { AlertRuleRepository } from '../alert-routing';
import { AlertNotifier, type Alert } from '../alerts';
import type { AlertNotificationType } from '../channels';
import { DeliveryScheduler } from '../deliveries/delivery-scheduler';
import { PersonRouting } from '../recipients';
import { EscalationRepository } from './escalation.repository';

/**
 * The app's notifier: the deliveries of the tenant's rules, and for a newly opened critical alert
 * the first escalation timer of the first matching rule that escalates, in the same transaction.
 */
@Injectable()
export class EscalatingNotifier extends AlertNotifier {
  constructor(
    @Inject(DeliveryScheduler) private readonly deliveries: DeliveryScheduler,
    @Inject(AlertRuleRepository) private readonly rules: AlertRuleRepository,
    @Inject(EscalationRepository) private readonly escalations: EscalationRepository,
    @Inject(PersonRouting) private readonly people: PersonRouting,
  ) {
    super();
  }

  async schedule(manager: EntityManager, alert: Alert, notification: AlertNotificationType): Promise<void> {
    await this.deliveries.schedule(manager, alert, notification);
    if (notification !== 'alert.opened' || alert.severity !== 'critical') return;
    const rules = await this.rules.listEnabled(manager, alert.tenantId);
    // Matched as routing matched it: a rule filtered to a location escalates its subtree's alerts.
    const routed = await this.people.routedAlert(manager, alert);
    const rule = rules.find((candidate) => candidate.escalation !== null && ruleMatches(candidate, routed));
    const step = rule?.escalation ? nextEscalation({ ...alert, openedAt: alert.firstSeenAt }, rule.escalation) : null;
    if (rule && step) await this.escalations.set(manager, { alertId: alert.id, tenantId: alert.tenantId, ruleId: rule.id, level: step.level, dueAt: step.dueAt });
  }
}
