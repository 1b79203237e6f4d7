import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileRegistry } from '@bufbuild/protobuf';
import { TOPICS, topicSpecFor, type TopicSpec } from '@mate/contracts';
import { parse } from 'yaml';
import { buildAsyncApiDocument, resolveEvents, type AsyncApiDocument } from './asyncapi-document';
import { EVENTS_END_MARKER, EVENTS_START_MARKER, formatRetention, spliceEventsSection } from './events-markdown';
import { asyncApiErrors, firstDifference, generateDocs, renderAsyncApiYaml } from './generate';
import { SchemaCollector } from './json-schema';
import { commentOf, loadProtoRegistry } from './proto-descriptors';

describe('AsyncAPI document from proto/ and the topic registry', () => {
  let registry: FileRegistry;
  let yamlText: string;
  let doc: AsyncApiDocument;

  beforeAll(() => {
    registry = loadProtoRegistry();
    yamlText = renderAsyncApiYaml(TOPICS, registry);
    doc = buildAsyncApiDocument(TOPICS, registry);
  });

  it('is a valid AsyncAPI 3 document', async () => {
    expect(await asyncApiErrors(yamlText)).toEqual([]);
  });

  it('writes the document as YAML, unchanged', () => {
    const parsed: unknown = parse(yamlText);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('has a channel per topic and per dead-letter topic, addressed by topic name', () => {
    for (const topic of TOPICS) {
      expect(doc.channels[topic.topic].address).toBe(topic.topic);
      expect(doc.channels[topic.topic].bindings.kafka.partitions).toBe(topic.partitions);
      expect(doc.channels[`${topic.topic}.dlq`].address).toBe(`${topic.topic}.dlq`);
      expect(doc.operations[`${topic.topic}.send`].action).toBe('send');
    }
  });

  it('describes BackboneProbe with its proto comments, envelope headers and Kafka key', () => {
    const message = doc.components.messages['mate.platform.v1.BackboneProbe'];
    expect(message.name).toBe('mate.platform.v1.BackboneProbe');
    expect(message.contentType).toBe('application/protobuf');
    expect(message.description).toMatch(/^BackboneProbe exercises the event backbone end to end/);
    expect(message.headers.properties?.ce_type.const).toBe('mate.platform.v1.BackboneProbe');
    expect(Object.keys(message.headers.properties ?? {})).toEqual([
      'ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject', 'ce_tenantid', 'traceparent', 'content-type',
    ]);
    expect(message.bindings.kafka.key.type).toBe('string');
    expect(doc.channels['mate.platform.v1'].messages['mate.platform.v1.BackboneProbe'].$ref).toBe(
      '#/components/messages/mate.platform.v1.BackboneProbe',
    );

    const payload = doc.components.schemas['mate.platform.v1.BackboneProbe'];
    const props = payload.properties ?? {};
    expect(props.probeId).toEqual({
      type: 'string',
      description: 'Identifies one probe run; the aggregate id (Kafka key) of its events.',
    });
    expect(props.sequence).toMatchObject({ type: 'string', format: 'int64', description: 'Position of this event within its probe run, starting at 1.' });
    expect(props.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(props.padding).toMatchObject({ type: 'string', contentEncoding: 'base64' });
    expect(props.failure.allOf).toEqual([{ $ref: '#/components/schemas/mate.platform.v1.ProbeFailure' }]);
    expect(doc.components.schemas['mate.platform.v1.ProbeFailure'].enum).toEqual([
      'PROBE_FAILURE_UNSPECIFIED', 'PROBE_FAILURE_ALWAYS', 'PROBE_FAILURE_ONCE',
    ]);
  });

  it('gives dead letters the DLQ headers on top of the envelope', () => {
    const dead = doc.components.messages['mate.platform.v1.BackboneProbe.dlq'];
    expect(dead.name).toBe('mate.platform.v1.BackboneProbe');
    expect(dead.headers.required).toEqual(expect.arrayContaining([
      'ce_id', 'mate_dlq_error', 'mate_dlq_attempts', 'mate_dlq_original_topic', 'mate_dlq_original_partition',
      'mate_dlq_original_offset', 'mate_dlq_consumer_group', 'mate_dlq_failed_at',
    ]));
    expect(dead.headers.properties?.mate_dlq_original_topic.const).toBe('mate.platform.v1');
  });

  it('requires a tenant on every event, diagnostics included', () => {
    const withEvent = (producer: 'platform' | 'assets'): TopicSpec => ({ ...topicSpecFor(producer), events: topicSpecFor('platform').events });
    const required = (producer: 'platform' | 'assets') =>
      buildAsyncApiDocument([withEvent(producer)], registry).components.messages['mate.platform.v1.BackboneProbe'].headers.required;
    expect(required('platform')).toContain('ce_tenantid');
    expect(required('assets')).toContain('ce_tenantid');
  });

  it('is the same text every time', () => {
    expect(renderAsyncApiYaml(TOPICS, loadProtoRegistry())).toBe(yamlText);
  });

  it('fails clearly for an event that proto/ does not define (stale generated code)', () => {
    const ghost = { ...topicSpecFor('platform').events[0], typeName: 'mate.platform.v1.Ghost' };
    const topic: TopicSpec = { ...topicSpecFor('platform'), events: [ghost] };
    expect(() => resolveEvents(topic, registry)).toThrow(/lists event mate.platform.v1.Ghost, which proto\/ does not define/);
  });

  it('reports an invalid document', async () => {
    const errors = await asyncApiErrors('asyncapi: 3.0.0\ninfo:\n  title: x\nchannels:\n  a:\n    address: 1\n');
    expect(errors.length).toBeGreaterThan(0);
  });

  it('generates docs/events.md with every topic and BackboneProbe field', () => {
    const { eventsMd } = generateDocs();
    for (const topic of TOPICS) expect(eventsMd).toContain(`## \`${topic.topic}\``);
    expect(eventsMd).toContain(
      '| 2 | `sequence` (`sequence`) | `int64` | Position of this event within its probe run, starting at 1. |',
    );
    expect(eventsMd).toContain('| 1 | `PROBE_FAILURE_ALWAYS` | Fails every attempt: the event ends in the dead-letter topic. |');
    expect(eventsMd).toContain('| `mate_dlq_original_offset` |');
  });
});

describe('JSON Schema of the proto3 JSON mapping', () => {
  let dir: string;
  let registry: FileRegistry;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mate-asyncapi-'));
    writeFileSync(
      path.join(dir, 'sink.proto'),
      `syntax = "proto3";
package test.v1;
import "google/protobuf/duration.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";

// Every kind of field.
message Sink {
  int32 i32 = 1;
  uint64 u64 = 2;
  sint64 s64 = 3;
  double d = 4;
  bool flag = 5;
  // Raw bytes.
  bytes raw = 6;
  google.protobuf.Timestamp at = 7;
  google.protobuf.Duration took = 8;
  google.protobuf.StringValue maybe = 9;
  repeated string tags = 10;
  repeated Part parts = 11;
  map<int32, Part> by_number = 12;
  map<string, Color> colors = 13;
  oneof choice {
    string by_name = 14;
    int64 by_id = 15;
  }
  optional string nickname = 16;
  string old = 17 [deprecated = true];
  Sink child = 18;
  string custom = 19 [json_name = "customName"];

  // A nested part.
  message Part {
    string name = 1; // Trailing comment.
  }
}

enum Color {
  COLOR_UNSPECIFIED = 0;
  // Like the sky.
  COLOR_BLUE = 1;
}
`,
    );
    registry = loadProtoRegistry({ cwd: dir, input: '.' });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps every field kind', () => {
    const sink = registry.getMessage('test.v1.Sink');
    if (!sink) throw new Error('test.v1.Sink not built');
    const collector = new SchemaCollector();
    expect(collector.messageSchema(sink)).toEqual({ $ref: '#/components/schemas/test.v1.Sink' });
    const schemas = collector.components();
    expect(Object.keys(schemas)).toEqual(['test.v1.Color', 'test.v1.Sink', 'test.v1.Sink.Part']);

    const s = schemas['test.v1.Sink'];
    expect(s.description).toBe('Every kind of field.');
    const p = s.properties ?? {};
    expect(p.i32).toEqual({ type: 'integer', format: 'int32', minimum: -2147483648, maximum: 2147483647 });
    expect(p.u64).toEqual({ type: 'string', pattern: '^[0-9]+$' });
    expect(p.s64).toEqual({ type: 'string', format: 'int64', pattern: '^-?[0-9]+$' });
    expect(p.d).toEqual({ type: 'number', format: 'double' });
    expect(p.flag).toEqual({ type: 'boolean' });
    expect(p.raw).toEqual({ type: 'string', contentEncoding: 'base64', description: 'Raw bytes.' });
    expect(p.at).toEqual({ type: 'string', format: 'date-time' });
    expect(p.took).toEqual({ type: 'string', pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$' });
    expect(p.maybe).toEqual({ type: 'string' });
    expect(p.tags).toEqual({ type: 'array', items: { type: 'string' } });
    expect(p.parts).toEqual({ type: 'array', items: { $ref: '#/components/schemas/test.v1.Sink.Part' } });
    expect(p.byNumber).toEqual({
      type: 'object',
      propertyNames: { pattern: '^-?[0-9]+$' },
      additionalProperties: { $ref: '#/components/schemas/test.v1.Sink.Part' },
    });
    expect(p.colors).toEqual({ type: 'object', additionalProperties: { $ref: '#/components/schemas/test.v1.Color' } });
    expect(p.byName.description).toBe('Part of oneof `choice`: at most one of `byName`, `byId` is set.');
    expect(p.byId).toMatchObject({ type: 'string', format: 'int64' });
    expect(p.nickname).toEqual({ type: 'string' });
    expect(p.old).toEqual({ type: 'string', deprecated: true });
    expect(p.child).toEqual({ $ref: '#/components/schemas/test.v1.Sink' });
    expect(p.customName).toEqual({ type: 'string' });

    expect(schemas['test.v1.Sink.Part'].properties?.name.description).toBe('Trailing comment.');
    expect(schemas['test.v1.Color']).toEqual({
      title: 'Color',
      description: '- `COLOR_BLUE`: Like the sky.',
      type: 'string',
      enum: ['COLOR_UNSPECIFIED', 'COLOR_BLUE'],
    });
  });

  it('reads comments of nested messages and enum values', () => {
    const part = registry.getMessage('test.v1.Sink.Part');
    expect(part && commentOf(part)).toBe('A nested part.');
    expect(registry.getEnum('test.v1.Color')?.values.map((v) => commentOf(v))).toEqual(['', 'Like the sky.']);
  });
});

describe('docs/events.md splicing', () => {
  const section = `${EVENTS_START_MARKER}\nnew\n${EVENTS_END_MARKER}`;

  it('replaces only the text between the markers', () => {
    const current = `# Events\n\nHand-written.\n\n${EVENTS_START_MARKER}\nold\n${EVENTS_END_MARKER}\n\nFooter.\n`;
    expect(spliceEventsSection(current, section)).toBe(`# Events\n\nHand-written.\n\n${section}\n\nFooter.\n`);
  });

  it('creates the file with a stub heading, or appends the section when the markers are missing', () => {
    expect(spliceEventsSection(undefined, section)).toBe(`# Events\n\n${section}\n`);
    expect(spliceEventsSection('# Events\nProse.\n', section)).toBe(`# Events\nProse.\n\n${section}\n`);
  });

  it('refuses a lone or misordered marker', () => {
    expect(() => spliceEventsSection(`${EVENTS_END_MARKER}\n${EVENTS_START_MARKER}`, section)).toThrow(/expected/);
    expect(() => spliceEventsSection(`${EVENTS_START_MARKER}\n`, section)).toThrow(/expected/);
  });

  it('formats retention and differences for humans', () => {
    expect(formatRetention(86_400_000)).toBe('1 day');
    expect(formatRetention(7 * 86_400_000)).toBe('7 days');
    expect(formatRetention(2 * 3_600_000)).toBe('2 hours');
    expect(formatRetention(1500)).toBe('1500 ms');
    expect(firstDifference('a\nb\n', 'a\nc\n')).toBe('line 2: expected "b", found "c"');
    expect(firstDifference('a', 'a\nb')).toBe('line 2: expected (end of file), found "b"');
  });
});
