import { Inject, Injectable } from '@nestjs/common';
import type { EventContext } from '@mate/messaging';
import { enterGeneration, PROJECTION_TARGET, type ProjectionTarget } from '../generations';
import { FactWriter } from './fact-writer';

/** What every handler does first: write into the right generation, each event at most once there. */
@Injectable()
export class Projection {
  constructor(@Inject(PROJECTION_TARGET) private readonly target: ProjectionTarget) {}

  /**
   * Enters the target generation (the active one, or the one a rebuild fills) in the event's
   * transaction and claims the event's offset there; false: already projected, change nothing.
   */
  async claim(ctx: EventContext): Promise<boolean> {
    await enterGeneration(ctx.manager, this.target);
    return FactWriter.claimOffset(ctx.manager, ctx.coordinates, ctx.envelope.time);
  }
}
