import type {
  Anchor,
  Combination,
  MissedPolicy,
  OverlapPolicy,
  ScheduleDefinition,
  Season,
  Trigger,
  WorkCalendar,
} from '../schedule';

export type WorkPriority = 'none' | 'low' | 'medium' | 'high' | 'critical';
export type ChecklistItemKind = 'sub_task' | 'number' | 'text' | 'inspection' | 'multiple_choice' | 'meter_reading';

export interface TemplateChecklistItem {
  label: string;
  kind: ChecklistItemKind;
  required: boolean;
  min?: string;
  max?: string;
  unit?: string;
  options?: string[];
  meterId?: string;
}

/** What the work order of each occurrence looks like. */
export interface WorkTemplate {
  description: string;
  priority: WorkPriority;
  estimatedDurationMinutes: number | null;
  assigneeIds: string[];
  teamId: string | null;
  checklist: TemplateChecklistItem[];
  createFollowUpOnFailedInspection: boolean;
}

/** Which assets a plan maintains: one stream per asset. */
export type PlanTarget = { kind: 'assets'; assetIds: string[] } | { kind: 'category'; category: string; locationId: string | null };

/** The plan's schedule as stored (the zone, start, end and calendar are columns of their own). */
export interface StoredSchedule {
  triggers: Trigger[];
  combine: Combination;
  anchor: Anchor;
  leadTime: string;
  dueOffset: string;
  overlap: OverlapPolicy;
  missed: MissedPolicy;
  seasons: Season[];
  skipEvery: number | null;
}

/** The engine's view of a plan. */
export function scheduleDefinitionOf(
  plan: { zone: string; startsAt: Date; endsAt: Date | null; schedule: StoredSchedule },
  calendar: WorkCalendar | null,
): ScheduleDefinition {
  return { ...plan.schedule, zone: plan.zone, startsAt: plan.startsAt, endsAt: plan.endsAt, calendar };
}
