import type { EntityManager } from 'typeorm';

/** The service's two schedules of due work, with the column naming what is due. */
const SCHEDULES = {
  deliveries: { table: 'delivery_schedule', key: 'delivery_id' },
  escalations: { table: 'escalation_schedule', key: 'alert_id' },
} as const;

/**
 * Claims the rows of a schedule due at `now`, across tenants (a sweep's query): their due time
 * moves `leaseMs` ahead, so the next sweep does not hand out again what still runs. The work sets
 * its real next time (or removes the row); if its replica dies, the claim runs out and the row is
 * due again. `skip locked`: a row being rescheduled by its own run is left to that run.
 */
export async function claimDueSchedule(
  manager: EntityManager,
  schedule: keyof typeof SCHEDULES,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<Array<{ id: string; tenantId: string }>> {
  const { table, key } = SCHEDULES[schedule];
  const [rows]: [Array<{ id: string; tenantId: string }>, number] = await manager.query(
    `update ${table} s set due_at = $2
     from (select ${key} from ${table} where due_at <= $1 order by due_at limit $3 for update skip locked) due
     where s.${key} = due.${key}
     returning s.${key} as id, s.tenant_id as "tenantId"`,
    [now, new Date(now.getTime() + leaseMs), limit],
  );
  return rows;
}
