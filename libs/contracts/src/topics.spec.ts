import {
  BackboneProbeSchema,
  DLQ_MIN_RETENTION_MS,
  PRODUCING_SERVICES,
  TOPICS,
  deadLetterSpecOf,
  dlqTopicOf,
  eventSchemaOf,
  topicFor,
  topicSpecFor,
  topicSpecOf,
  topicSpecOfEvent,
  topicsToProvision,
} from './index';

describe('topic registry', () => {
  it('has one topic per producing service, named mate.<service>.v1, with 6 partitions by default', () => {
    for (const service of PRODUCING_SERVICES) {
      const spec = topicSpecFor(service);
      expect(spec.topic).toBe(`mate.${service}.v1`);
      expect(spec.producer).toBe(service);
      expect(spec.partitions).toBe(6);
      expect(spec.retentionMs).toBeGreaterThan(0);
      expect(spec.description).not.toBe('');
    }
  });

  it('has the platform diagnostics topic carrying BackboneProbe', () => {
    const spec = topicSpecFor('platform');
    expect(spec.topic).toBe('mate.platform.v1');
    expect(spec.description).toMatch(/diagnostics/);
    expect(spec.events.map((e) => e.typeName)).toEqual(['mate.platform.v1.BackboneProbe']);
  });

  it('lists topics sorted by name, each name once', () => {
    const names = TOPICS.map((t) => t.topic);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(PRODUCING_SERVICES.length + 1);
  });

  it('puts every event type on exactly one topic, and every one is in the event registry', () => {
    const types = TOPICS.flatMap((t) => t.events.map((e) => e.typeName));
    expect(new Set(types).size).toBe(types.length);
    for (const type of types) expect(eventSchemaOf(type)).toBeDefined();
  });

  it('finds topics by producer, name and event type', () => {
    expect(topicFor('work-orders')).toBe('mate.work-orders.v1');
    expect(topicFor('pm-scheduling')).toBe('mate.pm-scheduling.v1');
    expect(topicSpecOf('mate.assets.v1')?.producer).toBe('assets');
    expect(topicSpecOf('mate.unknown.v1')).toBeUndefined();
    expect(topicSpecOfEvent(BackboneProbeSchema.typeName)?.topic).toBe('mate.platform.v1');
    expect(topicSpecOfEvent('mate.platform.v1.Nope')).toBeUndefined();
  });

  it('rejects an unknown producer at run time', () => {
    // Callers outside TypeScript (configuration, the CLI) can pass anything.
    expect(() => topicFor('billing' as never)).toThrow(/No topic for producer "billing"/);
  });
});

describe('dead-letter topics', () => {
  it('appends .dlq', () => {
    expect(dlqTopicOf('mate.connectors.v1')).toBe('mate.connectors.v1.dlq');
  });

  it('refuses a dead-letter topic of a dead-letter topic, and an empty name', () => {
    expect(() => dlqTopicOf('mate.connectors.v1.dlq')).toThrow(/already a dead-letter topic/);
    expect(() => dlqTopicOf('')).toThrow(/empty/);
  });

  it('keeps dead letters longer than their source, on as many partitions', () => {
    for (const spec of TOPICS) {
      const dlq = deadLetterSpecOf(spec);
      expect(dlq.topic).toBe(`${spec.topic}.dlq`);
      expect(dlq.sourceTopic).toBe(spec.topic);
      expect(dlq.partitions).toBe(spec.partitions);
      expect(dlq.retentionMs).toBeGreaterThan(spec.retentionMs);
      expect(dlq.retentionMs).toBeGreaterThanOrEqual(DLQ_MIN_RETENTION_MS);
    }
    const longLived = { ...topicSpecFor('assets'), retentionMs: 90 * 24 * 3600 * 1000 };
    expect(deadLetterSpecOf(longLived).retentionMs).toBe(180 * 24 * 3600 * 1000);
  });

  it('provisions every topic and its dead-letter topic, sorted', () => {
    const provisioned = topicsToProvision();
    expect(provisioned).toHaveLength(2 * TOPICS.length);
    const names = provisioned.map((t) => t.topic);
    expect(names).toEqual([...names].sort());
    expect(provisioned).toContainEqual({ topic: 'mate.work-orders.v1', partitions: 6, retentionMs: 7 * 24 * 3600 * 1000 });
    expect(provisioned).toContainEqual({ topic: 'mate.work-orders.v1.dlq', partitions: 6, retentionMs: 30 * 24 * 3600 * 1000 });
  });
});
