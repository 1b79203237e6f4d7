import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { claimDueSchedule } from '../database/claim-due-schedule';

export interface EscalationTimer {
  alertId: string;
  tenantId: string;
  ruleId: string;
  level: number;
  dueAt: Date;
}

/** The escalation timers (table escalation_schedule); each runs in the caller's transaction. */
@Injectable()
export class EscalationRepository {
  async set(manager: EntityManager, timer: EscalationTimer): Promise<void> {
    await manager.query(
      `insert into escalation_schedule (alert_id, tenant_id, rule_id, level, due_at) values ($1, $2, $3, $4, $5)
       on conflict (alert_id) do update set rule_id = excluded.rule_id, level = excluded.level, due_at = excluded.due_at`,
      [timer.alertId, timer.tenantId, timer.ruleId, timer.level, timer.dueAt],
    );
  }

  async clear(manager: EntityManager, alertId: string): Promise<void> {
    await manager.query('delete from escalation_schedule where alert_id = $1', [alertId]);
  }

  async find(manager: EntityManager, alertId: string): Promise<EscalationTimer | null> {
    const rows: EscalationTimer[] = await manager.query(
      'select alert_id as "alertId", tenant_id as "tenantId", rule_id as "ruleId", level, due_at as "dueAt" from escalation_schedule where alert_id = $1',
      [alertId],
    );
    return rows[0] ?? null;
  }

  /** Claims the timers due now (the sweep's query): see claimDueSchedule. */
  async claimDue(manager: EntityManager, now: Date, leaseMs: number, limit: number): Promise<Array<{ alertId: string; tenantId: string }>> {
    const rows = await claimDueSchedule(manager, 'escalations', now, leaseMs, limit);
    return rows.map(({ id, tenantId }) => ({ alertId: id, tenantId }));
  }
}
