import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IsoWeekday, NonWorkingDayRule, WorkCalendar } from '../schedule';

/** A tenant's working calendar: columns only. */
@Entity({ name: 'pm_calendars' })
export class PmCalendar {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** ISO weekdays, 1 Monday … 7 Sunday. */
  @Column({ name: 'working_days', type: 'smallint', array: true })
  workingDays!: IsoWeekday[];

  /** Local dates "YYYY-MM-DD". */
  @Column({ type: 'text', array: true })
  holidays!: string[];

  @Column({ name: 'non_working_day_rule', type: 'text' })
  nonWorkingDayRule!: NonWorkingDayRule;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export function workCalendarOf(calendar: PmCalendar | null): WorkCalendar | null {
  if (calendar === null) return null;
  return { workingDays: calendar.workingDays.map(Number) as IsoWeekday[], holidays: calendar.holidays, nonWorkingDayRule: calendar.nonWorkingDayRule };
}
