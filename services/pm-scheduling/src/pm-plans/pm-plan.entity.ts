import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PlanTarget, StoredSchedule, WorkTemplate } from './pm-plan.model';

/** A PM plan: columns only; its queries are in pm-plan.repository.ts. */
@Entity({ name: 'pm_plans' })
export class PmPlan {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'jsonb' })
  template!: WorkTemplate;

  @Column({ type: 'jsonb' })
  target!: PlanTarget;

  @Column({ type: 'jsonb' })
  schedule!: StoredSchedule;

  @Column({ name: 'calendar_id', type: 'uuid', nullable: true })
  calendarId!: string | null;

  /** IANA time zone the schedule is read in. */
  @Column({ type: 'text' })
  zone!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  /** Starts at 1; every recorded change adds one (the ETag of a later If-Match). */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
