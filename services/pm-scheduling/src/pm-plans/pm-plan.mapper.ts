import type { PmPlanDto, TriggerDto } from './dtos/pm-plan.dtos';
import type { PmPlan } from './pm-plan.entity';
import type { Trigger } from '../schedule';

function triggerDtoOf(trigger: Trigger): TriggerDto {
  switch (trigger.kind) {
    case 'calendar':
      return { kind: 'calendar', rule: trigger.rule };
    case 'meter_interval':
      return { kind: 'meter_interval', ...trigger.meter, every: trigger.every };
    case 'meter_threshold':
      return { kind: 'meter_threshold', ...trigger.meter, direction: trigger.direction, value: trigger.value, resetAt: trigger.resetAt };
  }
}

export function toPmPlanDto(plan: PmPlan): PmPlanDto {
  const { schedule, template, target } = plan;
  return {
    id: plan.id,
    title: plan.title,
    template: {
      description: template.description,
      priority: template.priority,
      estimatedDurationMinutes: template.estimatedDurationMinutes ?? undefined,
      assigneeIds: template.assigneeIds,
      teamId: template.teamId ?? undefined,
      checklist: template.checklist,
      createFollowUpOnFailedInspection: template.createFollowUpOnFailedInspection,
    },
    target: target.kind === 'assets' ? { assetIds: target.assetIds } : { category: target.category, locationId: target.locationId ?? undefined },
    zone: plan.zone,
    startsAt: plan.startsAt.toISOString(),
    endsAt: plan.endsAt?.toISOString(),
    triggers: schedule.triggers.map(triggerDtoOf),
    combine: schedule.combine,
    anchor: schedule.anchor,
    leadTime: schedule.leadTime,
    dueOffset: schedule.dueOffset,
    overlap: schedule.overlap,
    missed: schedule.missed,
    seasons: schedule.seasons,
    skipEvery: schedule.skipEvery ?? undefined,
    calendarId: plan.calendarId ?? undefined,
    active: plan.active,
    version: plan.version,
    createdBy: plan.createdBy,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}
