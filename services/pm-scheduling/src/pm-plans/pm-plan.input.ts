import type { FieldError } from '@mate/service-kit';
import { scheduleErrors, type MeterSelector, type Trigger, type WorkCalendar } from '../schedule';
import type { PmPlanBodyDto, TriggerDto, WorkTemplateDto } from './dtos/pm-plan.dtos';
import { scheduleDefinitionOf, type PlanTarget, type StoredSchedule, type WorkTemplate } from './pm-plan.model';

/** A plan body checked against every rule: what create, update and preview work with. */
export interface PlanInput {
  title: string;
  template: WorkTemplate;
  target: PlanTarget;
  zone: string;
  startsAt: Date;
  endsAt: Date | null;
  schedule: StoredSchedule;
  calendarId: string | null;
}

function meterOf(dto: TriggerDto, field: string, errors: FieldError[]): MeterSelector {
  if ((dto.meterId === undefined) === (dto.unit === undefined)) {
    errors.push({ field: `${field}.meterId`, message: 'a meter trigger names exactly one of meterId or unit' });
  }
  return dto.meterId !== undefined ? { meterId: dto.meterId } : { unit: dto.unit ?? '' };
}

function required<T>(value: T | undefined, field: string, errors: FieldError[]): T {
  if (value === undefined) errors.push({ field, message: 'is required for this kind of trigger' });
  return value as T;
}

function triggerOf(dto: TriggerDto, field: string, errors: FieldError[]): Trigger {
  switch (dto.kind) {
    case 'calendar':
      return { kind: 'calendar', rule: required(dto.rule, `${field}.rule`, errors) ?? '' };
    case 'meter_interval':
      return { kind: 'meter_interval', meter: meterOf(dto, field, errors), every: required(dto.every, `${field}.every`, errors) ?? 0 };
    case 'meter_threshold':
      return {
        kind: 'meter_threshold',
        meter: meterOf(dto, field, errors),
        direction: required(dto.direction, `${field}.direction`, errors) ?? 'above',
        value: required(dto.value, `${field}.value`, errors) ?? 0,
        resetAt: required(dto.resetAt, `${field}.resetAt`, errors) ?? 0,
      };
  }
}

function targetOf(dto: PmPlanBodyDto['target'], errors: FieldError[]): PlanTarget {
  if (dto.assetIds !== undefined && dto.category === undefined && dto.locationId === undefined) {
    return { kind: 'assets', assetIds: [...new Set(dto.assetIds)] };
  }
  if (dto.assetIds === undefined && dto.category !== undefined) return { kind: 'category', category: dto.category, locationId: dto.locationId ?? null };
  errors.push({ field: 'target', message: 'names either assetIds, or a category with an optional locationId' });
  return { kind: 'assets', assetIds: [] };
}

function templateOf(dto: WorkTemplateDto): WorkTemplate {
  return {
    description: dto.description ?? '',
    priority: dto.priority ?? 'medium',
    estimatedDurationMinutes: dto.estimatedDurationMinutes ?? null,
    assigneeIds: [...new Set(dto.assigneeIds ?? [])],
    teamId: dto.teamId ?? null,
    checklist: (dto.checklist ?? []).map((item) => ({ ...item, required: item.required ?? false })),
    createFollowUpOnFailedInspection: dto.createFollowUpOnFailedInspection ?? false,
  };
}

/**
 * The plan a body describes, or every problem with it, each naming its field. The shape was
 * checked by the DTO; here the rules: triggers complete for their kind, a valid schedule in a
 * known zone (see scheduleErrors). The calendar is the tenant calendar the body names, if any.
 */
export function planInputOf(dto: PmPlanBodyDto, calendar: WorkCalendar | null): { input: PlanInput } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const target = targetOf(dto.target, errors);
  const triggers = dto.triggers.map((trigger, index) => triggerOf(trigger, `triggers.${index}`, errors));
  const schedule: StoredSchedule = {
    triggers,
    combine: dto.combine ?? 'any',
    anchor: dto.anchor ?? 'fixed',
    leadTime: dto.leadTime ?? 'PT0S',
    dueOffset: dto.dueOffset ?? 'PT0S',
    overlap: dto.overlap ?? 'skip_if_open',
    missed: dto.missed ?? 'skip_and_log',
    seasons: dto.seasons ?? [],
    skipEvery: dto.skipEvery ?? null,
  };
  const input: PlanInput = {
    title: dto.title,
    template: templateOf(dto.template),
    target,
    zone: dto.zone,
    startsAt: new Date(dto.startsAt),
    endsAt: dto.endsAt === undefined ? null : new Date(dto.endsAt),
    schedule,
    calendarId: dto.calendarId ?? null,
  };
  // Incomplete triggers cannot be evaluated; report them alone.
  if (errors.length > 0) return { errors };
  const scheduleProblems = scheduleErrors(scheduleDefinitionOf(input, calendar));
  return scheduleProblems.length > 0 ? { errors: scheduleProblems } : { input };
}
