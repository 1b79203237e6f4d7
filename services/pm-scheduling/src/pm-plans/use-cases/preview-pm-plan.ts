import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { forecastStream, type ForecastOccurrence } from '../../forecast';
import { StreamRepository } from '../../occurrences/stream.repository';
import { workCalendarOf } from '../../pm-calendars/pm-calendar.entity';
import { initialStreamState, shiftInZone, type ScheduleDefinition, type StreamState } from '../../schedule';
import { PlanStreams } from '../../streams/plan-streams';
import type { PmPlanBodyDto, PreviewOccurrenceDto } from '../dtos/pm-plan.dtos';
import { scheduleDefinitionOf } from '../pm-plan.model';
import { PmPlanRepository } from '../pm-plan.repository';
import { requirePlan } from './require-plan';
import { ValidatedPlanInput } from './validated-plan-input';

/** How far ahead a preview looks for its occurrences. */
const PREVIEW_HORIZON_MS = 5 * 366 * 86_400_000;
/** The stream a plan without any targeted asset yet is previewed on: the times do not depend on it. */
const NO_ASSET = '00000000-0000-0000-0000-000000000000';

function toPreview(definition: ScheduleDefinition, occurrence: ForecastOccurrence): PreviewOccurrenceDto {
  const earliest = occurrence.plannedStartAt < occurrence.occurrenceAt ? occurrence.plannedStartAt : occurrence.occurrenceAt;
  return {
    assetId: occurrence.assetId,
    occurrenceAt: occurrence.occurrenceAt.toISOString(),
    plannedStartAt: occurrence.plannedStartAt.toISOString(),
    dueAt: occurrence.dueAt.toISOString(),
    generateAt: shiftInZone(earliest, definition.zone, definition.leadTime, -1).toISOString(),
  };
}

/**
 * The next calendar occurrences of a plan, so a planner sees them before saving: of a saved plan
 * from its streams' current state, of an unsaved body as if it started now. Meter triggers depend
 * on readings and are left to the forecast.
 */
@Injectable()
export class PreviewPmPlan {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(StreamRepository) private readonly streams: StreamRepository,
    @Inject(PlanStreams) private readonly planStreams: PlanStreams,
    @Inject(ValidatedPlanInput) private readonly inputs: ValidatedPlanInput,
  ) {}

  saved(principal: Principal, id: string, count: number): Promise<PreviewOccurrenceDto[]> {
    return this.transactions.run(principal, async (manager) => {
      await requirePlan(this.plans, manager, principal.tenantId, id);
      const { definition } = (await this.plans.scheduledPlans(manager, principal.tenantId, [id])).get(id)!;
      const streams = await this.streams.listForPlan(manager, principal.tenantId, id);
      return this.preview(definition, id, streams, count);
    });
  }

  unsaved(principal: Principal, body: PmPlanBodyDto, count: number): Promise<PreviewOccurrenceDto[]> {
    return this.transactions.run(principal, async (manager: EntityManager) => {
      const input = await this.inputs.of(manager, principal.tenantId, body);
      const calendar = input.calendarId === null ? null : await this.plans.findCalendar(manager, principal.tenantId, input.calendarId);
      const definition = scheduleDefinitionOf(input, workCalendarOf(calendar));
      const assets = await this.planStreams.targetedAssets(manager, principal.tenantId, input.target);
      const now = new Date();
      const streams = (assets.length > 0 ? assets : [NO_ASSET]).map((assetId) => ({ assetId, state: initialStreamState(definition, now) }));
      return this.preview(definition, NO_ASSET, streams, count);
    });
  }

  private preview(definition: ScheduleDefinition, planId: string, streams: Array<{ assetId: string; state: StreamState }>, count: number): PreviewOccurrenceDto[] {
    const from = new Date();
    const to = new Date(from.getTime() + PREVIEW_HORIZON_MS);
    return streams
      .flatMap((stream) => forecastStream({ key: { planId, assetId: stream.assetId }, definition, state: stream.state, usageRates: new Map() }, new Date(0), to, count))
      .sort((a, b) => a.plannedStartAt.getTime() - b.plannedStartAt.getTime() || a.assetId.localeCompare(b.assetId))
      .slice(0, count)
      .map((occurrence) => toPreview(definition, occurrence));
  }
}
