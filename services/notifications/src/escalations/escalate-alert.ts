import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { escalationDue, nextEscalation } from '../alert-rules';
import { AlertRuleRepository } from '../alert-routing';
import { AlertChanges, AlertRepository } from '../alerts';
import { DeliveryScheduler } from '../deliveries/delivery-scheduler';
import { EscalationRepository } from './escalation.repository';

/**
 * An escalation timer fired: decided again on the alert as it is now (acknowledged, resolved or
 * muted meanwhile: the timer ends). When due, the alert's level rises, AlertEscalated is published,
 * the level's recipient list is e-mailed, and the next timer is set until the rule's maximum.
 */
@Injectable()
export class EscalateAlert {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AlertChanges) private readonly changes: AlertChanges,
    @Inject(AlertRuleRepository) private readonly rules: AlertRuleRepository,
    @Inject(EscalationRepository) private readonly escalations: EscalationRepository,
    @Inject(DeliveryScheduler) private readonly deliveries: DeliveryScheduler,
  ) {}

  async execute(manager: EntityManager, tenantId: string, alertId: string, now = new Date()): Promise<void> {
    const alert = await this.alerts.findForUpdate(manager, tenantId, alertId);
    const timer = await this.escalations.find(manager, alertId);
    if (!alert || !timer) return;
    const rule = await this.rules.findById(manager, tenantId, timer.ruleId);
    const policy = rule?.escalation;
    const state = { ...alert, openedAt: alert.firstSeenAt };
    if (!policy || nextEscalation(state, policy) === null) return this.escalations.clear(manager, alertId);
    const step = escalationDue(state, policy, timer.level, now);
    if (step === null) return; // not due yet (a timer moved by another replica): the sweep comes back
    const escalated = { ...alert, escalationLevel: step.level, version: alert.version + 1, updatedAt: now };
    await this.changes.escalated(manager, escalated, step.recipientListId, now);
    await this.deliveries.scheduleTo(manager, escalated, 'alert.escalated', [{ channel: 'email', targetId: step.recipientListId, sendAt: now }]);
    const next = nextEscalation({ ...escalated, openedAt: escalated.firstSeenAt }, policy);
    if (next) await this.escalations.set(manager, { ...timer, level: next.level, dueAt: next.dueAt });
    else await this.escalations.clear(manager, alertId);
  }
}
