import {
  AssetCreatedSchema,
  AssetUpdatedSchema,
  BackboneProbeSchema,
  DowntimeOpenedSchema,
  type AssetCreated,
  type AssetUpdated,
  type BackboneProbe,
  type TopicSpec,
} from '@mate/contracts';
import type { EventContext } from './event-context';
import { subscribe, subscriptionProblems, withTopicName } from './event-subscription';
import { OnEvent } from './on-event';

/** A topic like mate.assets.v1, with three event types. */
const assetsTopic: TopicSpec = {
  topic: 'mate.assets.v1',
  producer: 'assets',
  partitions: 6,
  retentionMs: 1,
  description: '',
  events: [AssetCreatedSchema, AssetUpdatedSchema, DowntimeOpenedSchema],
};

class AssetHandlers {
  @OnEvent(AssetCreatedSchema)
  onCreated(event: AssetCreated, ctx: EventContext): void {
    void event;
    void ctx;
  }

  @OnEvent(AssetUpdatedSchema)
  onUpdated(event: AssetUpdated): void {
    void event;
  }
}

class MoreAssetHandlers {
  @OnEvent(AssetUpdatedSchema)
  onUpdatedAgain(event: AssetUpdated): void {
    void event;
  }

  @OnEvent(BackboneProbeSchema)
  onProbe(event: BackboneProbe): void {
    void event;
  }
}

const downtimeIgnored = { schema: DowntimeOpenedSchema, reason: 'not ours' };

describe('subscriptionProblems', () => {
  it('finds none when every event type of the topic is handled or ignored', () => {
    expect(subscriptionProblems([subscribe(assetsTopic, { handlers: [AssetHandlers], ignored: [downtimeIgnored] })])).toEqual([]);
  });

  it('names an event type of the topic with neither a handler nor an "ignored" entry', () => {
    expect(subscriptionProblems([subscribe(assetsTopic, { handlers: [AssetHandlers] })])).toEqual([
      'mate.assets.v1 carries mate.assets.v1.DowntimeOpened: handle it with @OnEvent, or declare it ignored with the reason',
    ]);
  });

  it('names a type handled twice, a handler of a type the topic does not carry, and a type both handled and ignored', () => {
    const problems = subscriptionProblems([
      subscribe(assetsTopic, {
        handlers: [AssetHandlers, MoreAssetHandlers],
        ignored: [downtimeIgnored, { schema: AssetCreatedSchema, reason: 'changed my mind' }],
      }),
    ]);
    expect(problems).toEqual([
      'mate.assets.v1.AssetCreated is both handled (AssetHandlers.onCreated) and ignored',
      'mate.assets.v1.AssetUpdated has two handlers, AssetHandlers.onUpdated and MoreAssetHandlers.onUpdatedAgain: a type has one',
      'MoreAssetHandlers.onProbe handles mate.platform.v1.BackboneProbe, which mate.assets.v1 does not carry',
    ]);
  });

  it('names an ignored type the topic does not carry, a topic subscribed twice, and one without handlers', () => {
    const subscription = subscribe(assetsTopic, {
      handlers: [AssetHandlers],
      ignored: [downtimeIgnored, { schema: BackboneProbeSchema, reason: 'not on this topic' }],
    });
    expect(subscriptionProblems([subscription, subscribe(assetsTopic, { handlers: [], ignored: [] })])).toEqual([
      'mate.assets.v1 does not carry mate.platform.v1.BackboneProbe, which is declared ignored',
      'mate.assets.v1 is subscribed twice: declare its handlers in one subscription',
      'mate.assets.v1 is subscribed with no handler class',
      'mate.assets.v1 carries mate.assets.v1.AssetCreated: handle it with @OnEvent, or declare it ignored with the reason',
      'mate.assets.v1 carries mate.assets.v1.AssetUpdated: handle it with @OnEvent, or declare it ignored with the reason',
      'mate.assets.v1 carries mate.assets.v1.DowntimeOpened: handle it with @OnEvent, or declare it ignored with the reason',
    ]);
  });
});

describe('withTopicName', () => {
  it('moves a subscription to another topic name, keeping its spec, handlers and ignored types', () => {
    const subscription = subscribe(assetsTopic, { handlers: [AssetHandlers], ignored: [downtimeIgnored] });
    expect(withTopicName(subscription, undefined)).toBe(subscription);
    expect(withTopicName(subscription, 'test.assets.1')).toEqual({
      ...subscription,
      topic: { ...assetsTopic, topic: 'test.assets.1' },
    });
  });
});
