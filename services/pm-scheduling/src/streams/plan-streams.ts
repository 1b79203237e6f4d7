import { Inject, Injectable } from '@nestjs/common';
import type { FieldError } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { StreamRepository } from '../occurrences/stream.repository';
import type { PmPlan } from '../pm-plans/pm-plan.entity';
import type { PlanTarget } from '../pm-plans/pm-plan.model';
import { initialStreamState, nextGenerationAt, type ScheduleDefinition, type StreamState } from '../schedule';

const DECOMMISSIONED = 'decommissioned';

/**
 * Keeps a plan's occurrence streams matching its target: one stream per targeted asset. Assets
 * come from the read model of the assets service's events (known_assets), never its database.
 */
@Injectable()
export class PlanStreams {
  constructor(@Inject(StreamRepository) private readonly streams: StreamRepository) {}

  /** Problems with a target: assets this tenant does not know (another tenant's are unknown too). */
  async targetErrors(manager: EntityManager, tenantId: string, target: PlanTarget): Promise<FieldError[]> {
    if (target.kind !== 'assets') return [];
    const rows: Array<{ asset_id: string }> = await manager.query(
      `select asset_id from known_assets where tenant_id = $1 and asset_id = any($2::uuid[]) and deleted_at is null`,
      [tenantId, target.assetIds],
    );
    const known = new Set(rows.map((row) => row.asset_id));
    return target.assetIds.flatMap((assetId, index) => (known.has(assetId) ? [] : [{ field: `target.assetIds.${index}`, message: `asset ${assetId} is not known` }]));
  }

  /** The assets a target names now: listed ones, or the category's active assets under the location. */
  async targetedAssets(manager: EntityManager, tenantId: string, target: PlanTarget): Promise<string[]> {
    if (target.kind === 'assets') return target.assetIds;
    const rows: Array<{ asset_id: string }> = await manager.query(
      `select asset_id from known_assets
        where tenant_id = $1 and category = $2 and ($3::uuid is null or $3::uuid = any(location_path_ids))
          and deleted_at is null and status <> $4
        order by asset_id`,
      [tenantId, target.category, target.locationId, DECOMMISSIONED],
    );
    return rows.map((row) => row.asset_id);
  }

  /** New streams for targeted assets without one (starting now), and none for assets no longer targeted. */
  async sync(manager: EntityManager, plan: PmPlan, definition: ScheduleDefinition, now: Date): Promise<void> {
    const assetIds = await this.targetedAssets(manager, plan.tenantId, plan.target);
    await this.streams.deleteExcept(manager, plan.tenantId, plan.id, assetIds);
    await this.streams.insertMissing(
      manager,
      plan.tenantId,
      plan.id,
      plan.active,
      assetIds.map((assetId) => {
        const state = initialStreamState(definition, now);
        return { assetId, state, nextDueAt: nextGenerationAt(definition, state) };
      }),
    );
  }

  /**
   * After the schedule changed: every stream restarts from `now` under the new schedule, keeping
   * what it knows about generated work (open occurrences, the latest one, the count for skip-every-X).
   */
  async restart(manager: EntityManager, plan: PmPlan, definition: ScheduleDefinition, now: Date): Promise<void> {
    for (const stream of await this.streams.listForPlan(manager, plan.tenantId, plan.id)) {
      const fresh = initialStreamState(definition, now);
      const state: StreamState = {
        ...fresh,
        ordinal: stream.state.ordinal,
        openOccurrenceIds: stream.state.openOccurrenceIds,
        lastOccurrenceAt: stream.state.lastOccurrenceAt,
        lastOccurrenceId: stream.state.lastOccurrenceId,
      };
      await this.streams.save(manager, plan.tenantId, { ...stream, state }, nextGenerationAt(definition, state));
    }
    await this.sync(manager, plan, definition, now);
  }
}
