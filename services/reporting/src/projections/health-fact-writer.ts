import type { EntityManager } from 'typeorm';
import type { AlertSeverity, ConnectionState } from '../kpis';

/** The writes of the connection and alert facts; each runs once per event (Projection.claim). */
export const HealthFactWriter = {
  /**
   * A transition: the connection's open interval ends and the new state's begins (`state`
   * undefined: deleted, nothing begins). The interval's id is the event's, the same in every rebuild.
   */
  async transition(
    manager: EntityManager,
    tenantId: string,
    change: { intervalId: string; connectionId: string; system: string; at: Date; state?: ConnectionState; reason: string },
  ): Promise<void> {
    await manager.query(
      `update connection_state_facts set ended_at = greatest(started_at, $3) where tenant_id = $1 and connection_id = $2 and ended_at is null`,
      [tenantId, change.connectionId, change.at],
    );
    if (change.state === undefined) return;
    await manager.query(
      `insert into connection_state_facts (tenant_id, interval_id, connection_id, system, state, reason, started_at)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (tenant_id, interval_id) do nothing`,
      [tenantId, change.intervalId, change.connectionId, change.system, change.state, change.reason, change.at],
    );
  },

  async openAlert(
    manager: EntityManager,
    tenantId: string,
    alert: { alertId: string; type: string; severity: AlertSeverity; subjectKind: string; subjectId: string; openedAt: Date },
  ): Promise<void> {
    await manager.query(
      `insert into alert_facts (tenant_id, alert_id, type, severity, subject_kind, subject_id, opened_at) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (tenant_id, alert_id) do update set type = $3, severity = $4, subject_kind = $5, subject_id = $6, opened_at = $7`,
      [tenantId, alert.alertId, alert.type, alert.severity, alert.subjectKind, alert.subjectId, alert.openedAt],
    );
  },

  /** One more occurrence of an open alert, counted on its UTC day (a fact by day, not a row per event). */
  async repeatAlert(manager: EntityManager, tenantId: string, alertId: string, seenAt: Date): Promise<void> {
    await manager.query(
      `insert into alert_repeat_facts (tenant_id, alert_id, day, repeats) values ($1, $2, ($3::timestamptz at time zone 'UTC')::date, 1)
       on conflict (tenant_id, alert_id, day) do update set repeats = alert_repeat_facts.repeats + 1`,
      [tenantId, alertId, seenAt],
    );
  },

  async acknowledgeAlert(manager: EntityManager, tenantId: string, alertId: string, at: Date): Promise<void> {
    await manager.query(
      `update alert_facts set acknowledged_at = coalesce(acknowledged_at, $3) where tenant_id = $1 and alert_id = $2`,
      [tenantId, alertId, at],
    );
  },

  async resolveAlert(manager: EntityManager, tenantId: string, alertId: string, at: Date): Promise<void> {
    await manager.query(`update alert_facts set resolved_at = $3 where tenant_id = $1 and alert_id = $2`, [tenantId, alertId, at]);
  },
};
