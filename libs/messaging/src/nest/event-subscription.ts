import type { DescMessage } from '@bufbuild/protobuf';
import type { TopicSpec } from '@mate/contracts';
import type { Type } from '@nestjs/common';
import { handledEventsOf, type HandledEvent } from './on-event';

/** An event type of a consumed topic that the service deliberately does not handle. */
export interface IgnoredEvent {
  readonly schema: DescMessage;
  /** Why the service has nothing to do with it: written for the next reader. */
  readonly reason: string;
}

/**
 * A topic a service consumes, declared next to its handlers: the topic's registered spec (its
 * name and every event type published to it, libs/contracts/src/topics.ts), the controllers whose
 * `@OnEvent`/`@OnEventBatch` methods handle its events, and the event types it ignores, each with
 * the reason. `subscriptionProblems` finds an event type of the topic that is neither handled nor
 * ignored; each service has a unit test that it finds none.
 */
export interface EventSubscription {
  readonly topic: TopicSpec;
  readonly handlers: readonly Type<unknown>[];
  readonly ignored: readonly IgnoredEvent[];
}

export function subscribe(
  topic: TopicSpec,
  declaration: { handlers: readonly Type<unknown>[]; ignored?: readonly IgnoredEvent[] },
): EventSubscription {
  return { topic, handlers: declaration.handlers, ignored: declaration.ignored ?? [] };
}

/** The same subscription on a topic of another name (tests run on topics of their own). */
export function withTopicName(subscription: EventSubscription, name: string | undefined): EventSubscription {
  return name === undefined ? subscription : { ...subscription, topic: { ...subscription.topic, topic: name } };
}

/** Every event type the subscriptions' handler classes handle, by `ce_type`. */
export function handledEventsByType(subscriptions: readonly EventSubscription[]): Map<string, HandledEvent> {
  return new Map(
    subscriptions.flatMap((subscription) =>
      subscription.handlers.flatMap((handlerClass) => handledEventsOf(handlerClass).map((handled) => [handled.schema.typeName, handled] as const)),
    ),
  );
}

/**
 * What is wrong with a service's subscriptions, one sentence per problem (none: an empty list):
 * an event type of a consumed topic with neither a handler nor an "ignored" entry, a handler or an
 * ignored entry for a type the topic does not carry, a type handled twice or handled and ignored,
 * a topic subscribed twice.
 */
export function subscriptionProblems(subscriptions: readonly EventSubscription[]): string[] {
  const problems: string[] = [];
  const handlerOfType = new Map<string, string>();
  const topics = new Set<string>();
  for (const { topic, handlers, ignored } of subscriptions) {
    if (topics.has(topic.topic)) problems.push(`${topic.topic} is subscribed twice: declare its handlers in one subscription`);
    topics.add(topic.topic);
    const carried = new Set(topic.events.map((schema) => schema.typeName));
    const ignoredTypes = new Set(ignored.map(({ schema }) => schema.typeName));
    const handledTypes = new Set<string>();
    for (const handled of handlers.flatMap((handlerClass) => handledEventsOf(handlerClass))) {
      const type = handled.schema.typeName;
      const other = handlerOfType.get(type);
      if (other) problems.push(`${type} has two handlers, ${other} and ${handled.handler}: a type has one`);
      handlerOfType.set(type, handled.handler);
      handledTypes.add(type);
      if (!carried.has(type)) problems.push(`${handled.handler} handles ${type}, which ${topic.topic} does not carry`);
      if (ignoredTypes.has(type)) problems.push(`${type} is both handled (${handled.handler}) and ignored`);
    }
    for (const type of ignoredTypes) {
      if (!carried.has(type)) problems.push(`${topic.topic} does not carry ${type}, which is declared ignored`);
    }
    if (handlers.length === 0) problems.push(`${topic.topic} is subscribed with no handler class`);
    for (const type of carried) {
      if (!handledTypes.has(type) && !ignoredTypes.has(type)) {
        problems.push(`${topic.topic} carries ${type}: handle it with @OnEvent, or declare it ignored with the reason`);
      }
    }
  }
  return problems;
}
