import {
  AssetCreatedSchema,
  AssetUpdatedSchema,
  BackboneProbeSchema,
  type AssetCreated,
  type AssetUpdated,
  type BackboneProbe,
} from '@mate/contracts';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import type { BatchedEvent, EventBatchContext } from './event-batch';
import type { EventContext } from './event-context';
import { BATCH_HANDLER_EXTRA, EVENT_SCHEMA_EXTRA, handledEventsOf, OnEvent, OnEventBatch } from './on-event';

class AssetHandlers {
  @OnEvent(AssetCreatedSchema)
  async onCreated(event: AssetCreated, ctx: EventContext): Promise<void> {
    void event;
    void ctx;
  }

  @OnEventBatch(BackboneProbeSchema)
  onProbes(events: BatchedEvent<BackboneProbe>[], ctx: EventBatchContext): void {
    void events;
    void ctx;
  }
}

/**
 * Handlers bound to the wrong schema: `npm run typecheck` fails if any of these compiles (the
 * class is never used at run time; the decorators only record metadata).
 */
export class MisboundHandlers {
  // @ts-expect-error the payload is not the schema's message
  @OnEvent(AssetCreatedSchema)
  async payloadOfAnotherType(event: AssetUpdated): Promise<void> {
    void event;
  }

  // @ts-expect-error the second parameter is the EventContext
  @OnEvent(AssetUpdatedSchema)
  async wrongContext(event: AssetUpdated, ctx: EventBatchContext): Promise<void> {
    void event;
    void ctx;
  }

  // @ts-expect-error a batch handler takes BatchedEvent<T>[]
  @OnEventBatch(BackboneProbeSchema)
  async batchOfSingles(event: BackboneProbe): Promise<void> {
    void event;
  }
}

describe('@OnEvent and @OnEventBatch', () => {
  it('register a Nest event pattern of the schema’s ce_type, carrying the schema and the kind', () => {
    const onCreated = Object.getOwnPropertyDescriptor(AssetHandlers.prototype, 'onCreated')?.value as object;
    expect(Reflect.getMetadata(PATTERN_METADATA, onCreated)).toEqual(['mate.assets.v1.AssetCreated']);
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, onCreated)).toEqual({
      [EVENT_SCHEMA_EXTRA]: AssetCreatedSchema,
      [BATCH_HANDLER_EXTRA]: false,
    });
  });

  it('record the types a class handles, for the subscription checks', () => {
    expect(handledEventsOf(AssetHandlers)).toEqual([
      { schema: AssetCreatedSchema, batch: false, handler: 'AssetHandlers.onCreated' },
      { schema: BackboneProbeSchema, batch: true, handler: 'AssetHandlers.onProbes' },
    ]);
    expect(handledEventsOf(class Nothing {})).toEqual([]);
  });
});
