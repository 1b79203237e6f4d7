import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { forecastStream, weeklyWorkload, type ForecastOccurrence, type UsageRate, type WeeklyWorkload } from '../../forecast';
import { MeterUsageRepository } from '../../meter-readings';
import { PmPlanRepository, type ScheduledPlan } from '../../pm-plans';
import { isKnownTimeZone, type StreamState } from '../../schedule';
import type { ForecastQueryDto } from '../dtos/planning.dtos';
import { periodOf } from '../period';

/** The most occurrences one forecast lists. */
const MAX_OCCURRENCES = 10_000;

export interface ForecastItem extends ForecastOccurrence {
  title: string;
  estimatedMinutes: number | null;
  teamId: string | null;
  assigneeIds: string[];
}

export interface PmForecast {
  from: Date;
  to: Date;
  occurrences: ForecastItem[];
  workload: WeeklyWorkload[];
  truncated: boolean;
}

interface ForecastStreamRow {
  plan_id: string;
  asset_id: string;
  state: StreamState;
}

/** The rate for each meter-interval trigger of a stream: its meter by id, or the asset's meter of its unit. */
function ratesFor(scheduled: ScheduledPlan, assetId: string, rates: Array<{ meterId: string; assetId: string; unit: string; unitsPerDay: number }>): Map<number, UsageRate> {
  const byIndex = new Map<number, UsageRate>();
  scheduled.definition.triggers.forEach((trigger, index) => {
    if (trigger.kind !== 'meter_interval') return;
    const rate = rates.find((candidate) =>
      trigger.meter.meterId !== undefined ? candidate.meterId === trigger.meter.meterId : candidate.assetId === assetId && candidate.unit === trigger.meter.unit,
    );
    if (rate) byIndex.set(index, { unitsPerDay: rate.unitsPerDay, unit: rate.unit });
  });
  return byIndex;
}

/**
 * Every future occurrence of the tenant's active streams in the window (filtered by location,
 * asset, team) and the workload per week, from the engine's own rules (see forecastStream).
 */
@Injectable()
export class ForecastPmWork {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(MeterUsageRepository) private readonly usage: MeterUsageRepository,
  ) {}

  execute(principal: Principal, query: ForecastQueryDto): Promise<PmForecast> {
    const { from, to } = periodOf(query);
    const zone = query.zone ?? 'UTC';
    if (!isKnownTimeZone(zone)) throw ProblemException.validation([{ field: 'zone', message: 'is not a known IANA time zone' }]);
    return this.transactions.run(principal, async (manager) => {
      const streams = await this.streamsOf(manager, principal.tenantId, query);
      const plans = await this.plans.scheduledPlans(manager, principal.tenantId, streams.map((stream) => stream.plan_id));
      const rates = await this.usage.ratesForAssets(manager, principal.tenantId, [...new Set(streams.map((stream) => stream.asset_id))]);
      const occurrences: ForecastItem[] = [];
      for (const stream of streams) {
        const scheduled = plans.get(stream.plan_id);
        if (!scheduled || (query.team !== undefined && scheduled.plan.template.teamId !== query.team)) continue;
        const found = forecastStream(
          { key: { planId: stream.plan_id, assetId: stream.asset_id }, definition: scheduled.definition, state: stream.state, usageRates: ratesFor(scheduled, stream.asset_id, rates) },
          from,
          to,
          MAX_OCCURRENCES + 1,
        );
        const { template } = scheduled.plan;
        occurrences.push(...found.map((item) => ({ ...item, title: scheduled.plan.title, estimatedMinutes: template.estimatedDurationMinutes, teamId: template.teamId, assigneeIds: template.assigneeIds })));
      }
      occurrences.sort((a, b) => a.plannedStartAt.getTime() - b.plannedStartAt.getTime());
      const listed = occurrences.slice(0, MAX_OCCURRENCES);
      return { from, to, occurrences: listed, workload: weeklyWorkload(listed, zone), truncated: occurrences.length > MAX_OCCURRENCES };
    });
  }

  private streamsOf(manager: EntityManager, tenantId: string, query: ForecastQueryDto): Promise<ForecastStreamRow[]> {
    return manager.query(
      `select s.plan_id, s.asset_id, s.state
         from pm_streams s
         left join known_assets a on a.tenant_id = s.tenant_id and a.asset_id = s.asset_id
        where s.tenant_id = $1 and s.plan_active and s.paused_reason is null
          and ($2::uuid is null or s.asset_id = $2::uuid)
          and ($3::uuid is null or $3::uuid = any(a.location_path_ids))
        order by s.plan_id, s.asset_id`,
      [tenantId, query.asset ?? null, query.location ?? null],
    );
  }
}
