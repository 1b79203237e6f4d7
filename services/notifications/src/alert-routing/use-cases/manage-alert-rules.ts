import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { creationOrder, KeysetPage, TenantTransactions, type CursorPageQuery, type Page, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { EscalationPolicy, PersonRecipient, QuietHours } from '../../alert-rules';
import type { AlertSeverity, ChannelKind } from '../../channels';
import type { AlertRule } from '../alert-rule.entity';
import { alertRuleNotFound } from '../alert-rule.exception';
import { AlertRuleRepository } from '../alert-rule.repository';
import { RuleTargetsCheck } from './rule-targets-check';

/** What a caller writes of a rule; on an update, absent fields keep their value. */
export interface AlertRuleFields {
  name: string;
  alertTypes: string[];
  minSeverity: AlertSeverity;
  targets: Array<{ channel: ChannelKind; targetId: string }>;
  recipients: PersonRecipient[];
  locationId: string | null;
  quietHours: QuietHours | null;
  digest: boolean;
  escalation: EscalationPolicy | null;
  enabled: boolean;
}

const RULE_ORDER = creationOrder('alert-rules', 'rule');

/** The tenant's routing rules (`/api/v1/alert-rules`); routing reads them when an alert opens. */
@Injectable()
export class ManageAlertRules {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(AlertRuleRepository) private readonly rules: AlertRuleRepository,
    @Inject(RuleTargetsCheck) private readonly targets: RuleTargetsCheck,
  ) {}

  list(principal: Principal, query: CursorPageQuery): Promise<Page<AlertRule>> {
    const page = new KeysetPage(RULE_ORDER, query);
    return this.transactions.run(principal, (manager) => this.rules.page(manager, principal.tenantId, page));
  }

  get(principal: Principal, id: string): Promise<AlertRule> {
    return this.transactions.run(principal, (manager) => this.found(manager, principal.tenantId, id));
  }

  create(principal: Principal, fields: AlertRuleFields): Promise<AlertRule> {
    return this.transactions.run(principal, async (manager) => {
      await this.targets.assertOwned(manager, principal.tenantId, fields);
      const now = new Date();
      const rule: AlertRule = { id: randomUUID(), tenantId: principal.tenantId, ...fields, version: 1, createdAt: now, updatedAt: now };
      await this.rules.insert(manager, rule);
      return rule;
    });
  }

  update(principal: Principal, id: string, fields: Partial<AlertRuleFields>, ifMatch: VersionPrecondition): Promise<AlertRule> {
    return this.transactions.run(principal, async (manager) => {
      const current = await this.found(manager, principal.tenantId, id, { forUpdate: true });
      ifMatch.assertMatches(current.version);
      const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      const changed: AlertRule = { ...current, ...defined, version: current.version + 1, updatedAt: new Date() };
      await this.targets.assertOwned(manager, principal.tenantId, changed);
      await this.rules.save(manager, changed);
      return changed;
    });
  }

  /** Deliveries already planned stay; a pending escalation finds no rule and stops. */
  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.transactions.run(principal, async (manager) => {
      const current = await this.found(manager, principal.tenantId, id, { forUpdate: true });
      ifMatch.assertMatches(current.version);
      await this.rules.delete(manager, current);
    });
  }

  private async found(manager: EntityManager, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<AlertRule> {
    const rule = await this.rules.findById(manager, tenantId, id, options);
    if (!rule) throw alertRuleNotFound();
    return rule;
  }
}
