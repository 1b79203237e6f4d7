import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PmPlanRepository } from '../pm-plans/pm-plan.repository';
import type { ScheduleDefinition, StreamKey, StreamState, StreamStep } from '../schedule';
import { OccurrenceRecorder, type SteppedStream } from './occurrence-recorder';
import { StreamRepository } from './stream.repository';

/**
 * Steps every active stream of an asset with one engine function (a reading, a work-order
 * outcome) and records each outcome, in the caller's transaction. The streams are locked first,
 * so the claim loop of any replica never steps them at the same time.
 */
@Injectable()
export class StreamStepper {
  constructor(
    @Inject(StreamRepository) private readonly streams: StreamRepository,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(OccurrenceRecorder) private readonly recorder: OccurrenceRecorder,
  ) {}

  async stepAssetStreams(
    manager: EntityManager,
    tenantId: string,
    assetId: string,
    step: (definition: ScheduleDefinition, key: StreamKey, state: StreamState) => StreamStep,
    onlyPlanId?: string,
  ): Promise<void> {
    await this.stepAssetStreamsInTurn(manager, tenantId, assetId, [null], (definition, key, state) => step(definition, key, state), onlyPlanId);
  }

  /**
   * Steps every active stream of an asset with each input in turn (a run of readings), each step
   * from the state the previous one left, and records the steps of a stream together: the same
   * effects as one call per input, with the locks, plan reads and writes of one.
   */
  async stepAssetStreamsInTurn<I>(
    manager: EntityManager,
    tenantId: string,
    assetId: string,
    inputs: readonly I[],
    step: (definition: ScheduleDefinition, key: StreamKey, state: StreamState, input: I) => StreamStep,
    onlyPlanId?: string,
  ): Promise<void> {
    const locked = (await this.streams.lockForAsset(manager, tenantId, assetId)).filter((stream) => onlyPlanId === undefined || stream.planId === onlyPlanId);
    const streams = await this.streams.releaseUnconfirmed(manager, tenantId, locked);
    if (streams.length === 0) return;
    const plans = await this.plans.scheduledPlans(manager, tenantId, streams.map((stream) => stream.planId));
    const stepped: SteppedStream[] = streams.flatMap((stream) => {
      const scheduled = plans.get(stream.planId);
      if (!scheduled) return [];
      const key = { planId: stream.planId, assetId: stream.assetId };
      let state = stream.state;
      const steps = inputs.map((input) => {
        const outcome = step(scheduled.definition, key, state, input);
        state = outcome.state;
        return outcome;
      });
      return [{ plan: scheduled.plan, definition: scheduled.definition, stream, steps }];
    });
    await this.recorder.recordAll(manager, stepped);
  }
}
