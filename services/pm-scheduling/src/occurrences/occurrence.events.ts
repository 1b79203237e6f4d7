import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  PmChecklistItemKind,
  PmOccurrenceDueSchema,
  PmOccurrenceSkippedSchema,
  PmOccurrencesMissedSchema,
  PmSkipReason,
  PmTriggerKind,
  PmWorkPriority,
  PmWorkTemplateSchema,
} from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import type { PmPlan } from '../pm-plans/pm-plan.entity';
import type { ChecklistItemKind, WorkPriority } from '../pm-plans/pm-plan.model';
import type { DueOccurrence, MissedOccurrences, SkippedOccurrence, SkipReason, StreamKey } from '../schedule';

const PRIORITY: Record<WorkPriority, PmWorkPriority> = {
  none: PmWorkPriority.NONE,
  low: PmWorkPriority.LOW,
  medium: PmWorkPriority.MEDIUM,
  high: PmWorkPriority.HIGH,
  critical: PmWorkPriority.CRITICAL,
};

const CHECKLIST_KIND: Record<ChecklistItemKind, PmChecklistItemKind> = {
  sub_task: PmChecklistItemKind.SUB_TASK,
  number: PmChecklistItemKind.NUMBER,
  text: PmChecklistItemKind.TEXT,
  inspection: PmChecklistItemKind.INSPECTION,
  multiple_choice: PmChecklistItemKind.MULTIPLE_CHOICE,
  meter_reading: PmChecklistItemKind.METER_READING,
};

const TRIGGER: Record<DueOccurrence['trigger'], PmTriggerKind> = {
  calendar: PmTriggerKind.CALENDAR,
  meter_interval: PmTriggerKind.METER_INTERVAL,
  meter_threshold: PmTriggerKind.METER_THRESHOLD,
  manual: PmTriggerKind.MANUAL,
};

const SKIP_REASON: Record<SkipReason, PmSkipReason> = {
  open_overlap: PmSkipReason.OPEN_OVERLAP,
  holiday: PmSkipReason.HOLIDAY,
  non_working_day: PmSkipReason.NON_WORKING_DAY,
  season: PmSkipReason.SEASON,
  skip_every: PmSkipReason.SKIP_EVERY,
};

/** Every event of a plan's occurrences is keyed by the plan: they stay in order per plan. */
function keyedByPlan(plan: PmPlan): Pick<OutboundEvent, 'subject' | 'tenantId'> {
  return { subject: plan.id, tenantId: plan.tenantId };
}

export function occurrenceDue(plan: PmPlan, key: StreamKey, due: DueOccurrence): OutboundEvent {
  const { template } = plan;
  return {
    ...keyedByPlan(plan),
    schema: PmOccurrenceDueSchema,
    message: create(PmOccurrenceDueSchema, {
      planId: plan.id,
      occurrenceId: due.occurrenceId,
      occurrenceAt: timestampFromDate(due.occurrenceAt),
      dueAt: timestampFromDate(due.dueAt),
      plannedStartAt: timestampFromDate(due.plannedStartAt),
      trigger: TRIGGER[due.trigger],
      catchUp: due.catchUp,
      replacesOccurrenceIds: due.replacesOccurrenceIds,
      assetId: key.assetId,
      template: create(PmWorkTemplateSchema, {
        title: plan.title,
        description: template.description,
        priority: PRIORITY[template.priority],
        estimatedDurationMinutes: template.estimatedDurationMinutes ?? 0,
        assigneeIds: template.assigneeIds,
        teamId: template.teamId ?? '',
        assetId: key.assetId,
        checklistItems: template.checklist.map((item) => ({
          label: item.label,
          kind: CHECKLIST_KIND[item.kind],
          required: item.required,
          min: item.min ?? '',
          max: item.max ?? '',
          unit: item.unit ?? '',
          options: item.options ?? [],
          meterId: item.meterId ?? '',
        })),
        createFollowUpOnFailedInspection: template.createFollowUpOnFailedInspection,
      }),
    }),
  };
}

export function occurrenceSkipped(plan: PmPlan, key: StreamKey, skipped: SkippedOccurrence): OutboundEvent {
  return {
    ...keyedByPlan(plan),
    schema: PmOccurrenceSkippedSchema,
    message: create(PmOccurrenceSkippedSchema, {
      planId: plan.id,
      assetId: key.assetId,
      occurrenceId: skipped.occurrenceId,
      occurrenceAt: timestampFromDate(skipped.occurrenceAt),
      reason: SKIP_REASON[skipped.reason],
    }),
  };
}

export function occurrencesMissed(plan: PmPlan, key: StreamKey, missed: MissedOccurrences): OutboundEvent {
  return {
    ...keyedByPlan(plan),
    schema: PmOccurrencesMissedSchema,
    message: create(PmOccurrencesMissedSchema, {
      planId: plan.id,
      assetId: key.assetId,
      count: missed.count,
      firstAt: timestampFromDate(missed.firstAt),
      lastAt: timestampFromDate(missed.lastAt),
    }),
  };
}
