import { Column, Entity, PrimaryGeneratedColumn, type EntityManager } from 'typeorm';

export const HISTORY_KINDS = ['created', 'updated', 'assigned', 'transition'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** The audit trail of a work order: who did what, when, and why. Append-only. */
@Entity({ name: 'work_order_history' })
export class WorkOrderHistoryEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'work_order_id', type: 'uuid' })
  workOrderId!: string;

  @Column({ type: 'text' })
  kind!: HistoryKind;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'text', nullable: true })
  toStatus!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  changes!: Record<string, { from: unknown; to: unknown }> | null;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;
}

export interface HistoryRecord {
  tenantId: string;
  workOrderId: string;
  kind: HistoryKind;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  changes?: Record<string, { from: unknown; to: unknown }> | null;
  actor: string;
  at: Date;
}

/** Appends history entries in one statement. */
export async function recordHistory(manager: EntityManager, entries: readonly HistoryRecord[]): Promise<void> {
  if (entries.length === 0) return;
  const values: unknown[] = [];
  const tuples = entries.map((entry, row) => {
    values.push(
      entry.tenantId,
      entry.workOrderId,
      entry.kind,
      entry.fromStatus ?? null,
      entry.toStatus ?? null,
      entry.reason ?? null,
      entry.changes ? JSON.stringify(entry.changes) : null,
      entry.actor,
      entry.at.toISOString(),
    );
    const base = row * 9;
    return `(${Array.from({ length: 9 }, (_, column) => `$${base + column + 1}`).join(', ')})`;
  });
  await manager.query(
    `insert into work_order_history (tenant_id, work_order_id, kind, from_status, to_status, reason, changes, actor, at)
     values ${tuples.join(', ')}`,
    values,
  );
}
