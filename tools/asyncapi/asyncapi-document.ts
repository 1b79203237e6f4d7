/**
 * The AsyncAPI 3 document of the platform's events, built from the topic registry
 * (libs/contracts/src/topics.ts) and the proto descriptors with their comments.
 */
import type { DescMessage, FileRegistry } from '@bufbuild/protobuf';
import {
  CLOUDEVENTS_SPEC_VERSION,
  DLQ_HEADER_DESCRIPTIONS,
  DLQ_HEADERS,
  ENVELOPE_HEADER_DESCRIPTIONS,
  ENVELOPE_HEADERS,
  EVENT_CONTENT_TYPE,
  deadLetterSpecOf,
  type DeadLetterTopicSpec,
  type DlqHeaderKey,
  type EnvelopeHeaderKey,
  type TopicSpec,
} from '@mate/contracts';
import { SchemaCollector, type JsonSchema } from './json-schema';
import { commentOf } from './proto-descriptors';

const KAFKA_BINDING_VERSION = '0.5.0';
const UUID_V7 = '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
const TRACEPARENT = '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$';

type Ref = { $ref: string };

export interface AsyncApiMessage {
  name: string;
  title: string;
  summary?: string;
  description?: string;
  contentType: string;
  headers: JsonSchema;
  payload: JsonSchema;
  bindings: { kafka: { key: JsonSchema; bindingVersion: string } };
}

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string; license: { name: string; url: string } };
  defaultContentType: string;
  servers: Record<string, { host: string; protocol: 'kafka'; description: string }>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: { schemas: Record<string, JsonSchema>; messages: Record<string, AsyncApiMessage> };
}

interface AsyncApiChannel {
  address: string;
  title: string;
  description: string;
  messages: Record<string, Ref>;
  bindings: {
    kafka: {
      topic: string;
      partitions: number;
      topicConfiguration: { 'cleanup.policy': ['delete']; 'retention.ms': number };
      bindingVersion: string;
    };
  };
}

interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: Ref;
  title: string;
  description: string;
  messages: Ref[];
}

/** The events of the registry, resolved to the descriptors built from proto/ (which carry comments). */
export function resolveEvents(topic: TopicSpec, registry: FileRegistry): DescMessage[] {
  return [...topic.events]
    .map((event) => {
      const resolved = registry.getMessage(event.typeName);
      if (!resolved) {
        throw new Error(
          `${topic.topic} lists event ${event.typeName}, which proto/ does not define. ` +
            'Was the proto file removed, or is libs/contracts/src/gen stale (npm run proto:generate)?',
        );
      }
      return resolved;
    })
    .sort((a, b) => (a.typeName < b.typeName ? -1 : a.typeName > b.typeName ? 1 : 0));
}

function envelopeHeader(key: EnvelopeHeaderKey, schema: JsonSchema): [string, JsonSchema] {
  return [ENVELOPE_HEADERS[key], { ...schema, description: ENVELOPE_HEADER_DESCRIPTIONS[key] }];
}

/** CloudEvents 1.0 Kafka binary-mode headers of one event type on one topic. */
export function envelopeHeadersSchema(topic: TopicSpec, ceType: string): JsonSchema {
  const platform = topic.producer === 'platform';
  const properties = Object.fromEntries([
    envelopeHeader('specVersion', { type: 'string', const: CLOUDEVENTS_SPEC_VERSION }),
    envelopeHeader('id', { type: 'string', format: 'uuid', pattern: UUID_V7 }),
    envelopeHeader('source', platform ? { type: 'string', pattern: '^/mate/[a-z0-9-]+$' } : { type: 'string', const: `/mate/${topic.producer}` }),
    envelopeHeader('type', { type: 'string', const: ceType }),
    envelopeHeader('time', { type: 'string', format: 'date-time' }),
    envelopeHeader('subject', { type: 'string' }),
    envelopeHeader('tenantId', { type: 'string', format: 'uuid' }),
    envelopeHeader('traceparent', { type: 'string', pattern: TRACEPARENT }),
    envelopeHeader('contentType', { type: 'string', const: EVENT_CONTENT_TYPE }),
  ]);
  // Every event, diagnostics included, belongs to a tenant: consumers set row-level security from it,
  // and the messaging library dead-letters an envelope without it.
  const required: EnvelopeHeaderKey[] = ['specVersion', 'id', 'source', 'type', 'time', 'subject', 'tenantId', 'contentType'];
  return { type: 'object', properties, required: required.map((key) => ENVELOPE_HEADERS[key]) };
}

const DLQ_HEADER_SCHEMAS: Record<DlqHeaderKey, JsonSchema> = {
  error: { type: 'string' },
  attempts: { type: 'string', pattern: '^[1-9][0-9]*$' },
  originalTopic: { type: 'string' },
  originalPartition: { type: 'string', pattern: '^[0-9]+$' },
  originalOffset: { type: 'string', pattern: '^[0-9]+$' },
  consumerGroup: { type: 'string', pattern: '^mate\\.[a-z0-9-]+$' },
  failedAt: { type: 'string', format: 'date-time' },
};

/** The envelope headers plus the DLQ headers a consumer adds when it gives up. */
export function deadLetterHeadersSchema(topic: TopicSpec, ceType: string): JsonSchema {
  const envelope = envelopeHeadersSchema(topic, ceType);
  const keys = Object.keys(DLQ_HEADERS) as DlqHeaderKey[];
  const dlq = keys.map((key): [string, JsonSchema] => [
    DLQ_HEADERS[key],
    { ...DLQ_HEADER_SCHEMAS[key], ...(key === 'originalTopic' ? { const: topic.topic } : {}), description: DLQ_HEADER_DESCRIPTIONS[key] },
  ]);
  return {
    type: 'object',
    properties: { ...envelope.properties, ...Object.fromEntries(dlq) },
    required: [...(envelope.required ?? []), ...keys.map((key) => DLQ_HEADERS[key])],
  };
}

/** The first sentence of a comment, for summaries. */
function firstSentence(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const match = /^(.+?[.!?])(\s|$)/.exec(flat);
  return match ? match[1] : flat;
}

function kafkaKey(): { kafka: { key: JsonSchema; bindingVersion: string } } {
  return {
    kafka: {
      key: { type: 'string', description: 'The aggregate id (equal to `ce_subject`): all events of one aggregate share a partition, in order.' },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  };
}

function eventMessage(topic: TopicSpec, event: DescMessage, payload: JsonSchema): AsyncApiMessage {
  const comment = commentOf(event);
  return {
    name: event.typeName,
    title: event.name,
    ...(comment ? { summary: firstSentence(comment), description: comment } : {}),
    contentType: EVENT_CONTENT_TYPE,
    headers: envelopeHeadersSchema(topic, event.typeName),
    payload,
    bindings: kafkaKey(),
  };
}

function deadLetterMessage(topic: TopicSpec, event: DescMessage, payload: JsonSchema): AsyncApiMessage {
  return {
    name: event.typeName,
    title: `${event.name} (dead letter)`,
    summary: `A ${event.typeName} event that a consumer of ${topic.topic} gave up on.`,
    description: 'Key, value and envelope headers as published on the original topic, plus the `mate_dlq_*` headers.',
    contentType: EVENT_CONTENT_TYPE,
    headers: deadLetterHeadersSchema(topic, event.typeName),
    payload,
    bindings: kafkaKey(),
  };
}

function channel(spec: TopicSpec | DeadLetterTopicSpec, title: string, messages: Record<string, Ref>): AsyncApiChannel {
  return {
    address: spec.topic,
    title,
    description: spec.description,
    messages,
    bindings: {
      kafka: {
        topic: spec.topic,
        partitions: spec.partitions,
        topicConfiguration: { 'cleanup.policy': ['delete'], 'retention.ms': spec.retentionMs },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

const escapeRef = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function buildAsyncApiDocument(topics: readonly TopicSpec[], registry: FileRegistry): AsyncApiDocument {
  const schemas = new SchemaCollector();
  const channels: Record<string, AsyncApiChannel> = {};
  const operations: Record<string, AsyncApiOperation> = {};
  const messages: Record<string, AsyncApiMessage> = {};

  const sortedTopics = [...topics].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  for (const topic of sortedTopics) {
    const events = resolveEvents(topic, registry);
    const dlq = deadLetterSpecOf(topic);
    const topicMessages: Record<string, Ref> = {};
    const dlqMessages: Record<string, Ref> = {};
    for (const event of events) {
      const payload = schemas.messageSchema(event);
      const dlqKey = `${event.typeName}.dlq`;
      messages[event.typeName] = eventMessage(topic, event, payload);
      messages[dlqKey] = deadLetterMessage(topic, event, payload);
      topicMessages[event.typeName] = { $ref: `#/components/messages/${escapeRef(event.typeName)}` };
      dlqMessages[event.typeName] = { $ref: `#/components/messages/${escapeRef(dlqKey)}` };
    }
    const publishers =
      topic.producer === 'platform'
        ? 'Operators checking a deployment, the integration tests and the benchmark publish probe events here, from any service.'
        : `The ${topic.producer} service publishes these events through its transactional outbox, keyed by aggregate id.`;
    channels[topic.topic] = channel(topic, `${topic.topic} (${topic.producer})`, topicMessages);
    channels[dlq.topic] = channel(dlq, `${dlq.topic} (dead letters of ${topic.topic})`, dlqMessages);

    const refsTo = (channelId: string, keys: string[]) =>
      keys.map((key) => ({ $ref: `#/channels/${escapeRef(channelId)}/messages/${escapeRef(key)}` }));
    operations[`${topic.topic}.send`] = {
      action: 'send',
      channel: { $ref: `#/channels/${escapeRef(topic.topic)}` },
      title: `Publish to ${topic.topic}`,
      description: publishers,
      messages: refsTo(topic.topic, Object.keys(topicMessages)),
    };
    operations[`${dlq.topic}.send`] = {
      action: 'send',
      channel: { $ref: `#/channels/${escapeRef(dlq.topic)}` },
      title: `Dead-letter to ${dlq.topic}`,
      description: `A consumer of ${topic.topic} that exhausted its bounded retries on a message moves it here, keeping key, value and headers.`,
      messages: refsTo(dlq.topic, Object.keys(dlqMessages)),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: "Mechanic's Mate events",
      version: '1.0.0',
      description: [
        'Every Kafka topic of the platform and the events on it. Generated by `npm run asyncapi:generate` from the',
        'protobuf files in proto/ and the topic registry in libs/contracts/src/topics.ts: do not edit by hand.',
        '',
        'Events are CloudEvents 1.0 in the Kafka binding\'s binary mode: the value is the protobuf encoding of the',
        'event message (`content-type: application/protobuf`), the context attributes are `ce_*` headers and the key',
        'is the aggregate id. Payload schemas describe the message through its proto3 JSON mapping.',
      ].join('\n'),
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: EVENT_CONTENT_TYPE,
    servers: {
      local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'The single-broker Kafka of local development and CI (`npm run infra:up`).' },
    },
    channels,
    operations,
    components: { schemas: schemas.components(), messages: sortKeys(messages) },
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
