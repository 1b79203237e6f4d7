/**
 * JSON Schema (the AsyncAPI schema dialect, a superset of draft-07) for protobuf messages, after the
 * proto3 JSON mapping: what `toJson()` of @bufbuild/protobuf produces for the event.
 */
import { ScalarType, type DescEnum, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { commentOf } from './proto-descriptors';

export interface JsonSchema {
  $ref?: string;
  title?: string;
  description?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  format?: string;
  pattern?: string;
  contentEncoding?: string;
  const?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  required?: string[];
  allOf?: JsonSchema[];
  deprecated?: boolean;
}

export const SCHEMA_REF_PREFIX = '#/components/schemas/';

const INT32 = { minimum: -2147483648, maximum: 2147483647 };
const UINT32 = { minimum: 0, maximum: 4294967295 };

/** proto3 JSON of a scalar. 64-bit integers are strings, so JavaScript does not round them. */
export function scalarSchema(scalar: ScalarType): JsonSchema {
  switch (scalar) {
    case ScalarType.STRING:
      return { type: 'string' };
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.BYTES:
      return { type: 'string', contentEncoding: 'base64' };
    case ScalarType.DOUBLE:
      return { type: 'number', format: 'double' };
    case ScalarType.FLOAT:
      return { type: 'number', format: 'float' };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { type: 'integer', format: 'int32', ...INT32 };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: 'integer', ...UINT32 };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { type: 'string', format: 'int64', pattern: '^-?[0-9]+$' };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: 'string', pattern: '^[0-9]+$' };
  }
}

/** Map keys are always JSON strings; integer and bool keys are spelled out. */
function mapKeySchema(key: ScalarType): JsonSchema | undefined {
  switch (key) {
    case ScalarType.STRING:
      return undefined;
    case ScalarType.BOOL:
      return { enum: ['true', 'false'] };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { pattern: '^[0-9]+$' };
    default:
      return { pattern: '^-?[0-9]+$' };
  }
}

/** Well-known types have their own JSON forms; they are inlined, never components. */
function wellKnownSchema(typeName: string): JsonSchema | undefined {
  switch (typeName) {
    case 'google.protobuf.Timestamp':
      return { type: 'string', format: 'date-time' };
    case 'google.protobuf.Duration':
      return { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$' };
    case 'google.protobuf.FieldMask':
      return { type: 'string' };
    case 'google.protobuf.Struct':
    case 'google.protobuf.Empty':
      return { type: 'object' };
    case 'google.protobuf.ListValue':
      return { type: 'array' };
    case 'google.protobuf.Value':
      return {};
    case 'google.protobuf.Any':
      return { type: 'object', properties: { '@type': { type: 'string' } }, required: ['@type'] };
    case 'google.protobuf.DoubleValue':
      return scalarSchema(ScalarType.DOUBLE);
    case 'google.protobuf.FloatValue':
      return scalarSchema(ScalarType.FLOAT);
    case 'google.protobuf.Int64Value':
      return scalarSchema(ScalarType.INT64);
    case 'google.protobuf.UInt64Value':
      return scalarSchema(ScalarType.UINT64);
    case 'google.protobuf.Int32Value':
      return scalarSchema(ScalarType.INT32);
    case 'google.protobuf.UInt32Value':
      return scalarSchema(ScalarType.UINT32);
    case 'google.protobuf.BoolValue':
      return scalarSchema(ScalarType.BOOL);
    case 'google.protobuf.StringValue':
      return scalarSchema(ScalarType.STRING);
    case 'google.protobuf.BytesValue':
      return scalarSchema(ScalarType.BYTES);
    default:
      return undefined;
  }
}

export function isWellKnown(desc: DescMessage): boolean {
  return wellKnownSchema(desc.typeName) !== undefined;
}

/** The enum's comment, then each value's, since JSON Schema has no per-value descriptions. */
export function enumDescription(desc: DescEnum): string {
  const values = desc.values
    .map((v) => ({ name: v.name, comment: commentOf(v).replace(/\s*\n\s*/g, ' ') }))
    .filter((v) => v.comment !== '')
    .map((v) => `- \`${v.name}\`: ${v.comment}`);
  return [commentOf(desc), values.join('\n')].filter((part) => part !== '').join('\n\n');
}

/** The oneof a field is part of, unless it is the synthetic one of a proto3 `optional` field. */
export function realOneofOf(field: DescField) {
  return field.fieldKind !== 'list' && field.fieldKind !== 'map' && field.oneof && !field.proto.proto3Optional
    ? field.oneof
    : undefined;
}

/**
 * Collects the component schemas of messages and their (transitively) referenced messages and enums,
 * keyed by full protobuf name.
 */
export class SchemaCollector {
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly messages = new Map<string, DescMessage>();
  private readonly enums = new Map<string, DescEnum>();

  /** A `$ref` to the message's schema (or the inline form of a well-known type). */
  messageSchema(desc: DescMessage): JsonSchema {
    const wellKnown = wellKnownSchema(desc.typeName);
    if (wellKnown) return wellKnown;
    if (!this.schemas.has(desc.typeName)) {
      this.messages.set(desc.typeName, desc);
      this.schemas.set(desc.typeName, {}); // placeholder: recursive messages refer to themselves
      this.schemas.set(desc.typeName, this.buildMessage(desc));
    }
    return { $ref: `${SCHEMA_REF_PREFIX}${desc.typeName}` };
  }

  private enumSchema(desc: DescEnum): JsonSchema {
    if (!this.schemas.has(desc.typeName)) {
      this.enums.set(desc.typeName, desc);
      const description = enumDescription(desc);
      this.schemas.set(desc.typeName, {
        title: desc.name,
        ...(description ? { description } : {}),
        type: 'string',
        enum: desc.values.map((v) => v.name),
      });
    }
    return { $ref: `${SCHEMA_REF_PREFIX}${desc.typeName}` };
  }

  private buildMessage(desc: DescMessage): JsonSchema {
    const description = commentOf(desc);
    const properties: Record<string, JsonSchema> = {};
    for (const field of desc.fields) properties[field.jsonName] = this.fieldSchema(field);
    return {
      title: desc.name,
      ...(description ? { description } : {}),
      type: 'object',
      properties,
      ...(desc.deprecated ? { deprecated: true } : {}),
    };
  }

  private valueSchema(kind: 'scalar' | 'enum' | 'message', field: DescField): JsonSchema {
    if (kind === 'enum' && field.enum) return this.enumSchema(field.enum);
    if (kind === 'message' && field.message) return this.messageSchema(field.message);
    if (kind === 'scalar' && field.scalar !== undefined) return scalarSchema(field.scalar);
    throw new Error(`${field.parent.typeName}.${field.name}: unexpected ${kind} field`);
  }

  private fieldSchema(field: DescField): JsonSchema {
    let schema: JsonSchema;
    switch (field.fieldKind) {
      case 'scalar':
      case 'enum':
      case 'message':
        schema = this.valueSchema(field.fieldKind, field);
        break;
      case 'list':
        schema = { type: 'array', items: this.valueSchema(field.listKind, field) };
        break;
      case 'map': {
        const keys = mapKeySchema(field.mapKey);
        schema = {
          type: 'object',
          ...(keys ? { propertyNames: keys } : {}),
          additionalProperties: this.valueSchema(field.mapKind, field),
        };
        break;
      }
    }
    const description = fieldDescription(field);
    if (description === '' && !field.deprecated) return schema;
    // A $ref takes no siblings in draft-07: wrap it to carry the description.
    const base = schema.$ref ? { allOf: [schema] } : schema;
    return { ...base, ...(description ? { description } : {}), ...(field.deprecated ? { deprecated: true } : {}) };
  }

  /** Component schemas sorted by name. */
  components(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.schemas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Every message and enum that got a component schema, sorted by name. */
  types(): { messages: DescMessage[]; enums: DescEnum[] } {
    const byName = <T extends { typeName: string }>(a: T, b: T) => (a.typeName < b.typeName ? -1 : a.typeName > b.typeName ? 1 : 0);
    return { messages: [...this.messages.values()].sort(byName), enums: [...this.enums.values()].sort(byName) };
  }
}

/** The field's comment, plus the rule of its oneof when it is in one. */
export function fieldDescription(field: DescField): string {
  const oneof = realOneofOf(field);
  const note = oneof
    ? `Part of oneof \`${oneof.name}\`: at most one of ${oneof.fields.map((f) => `\`${f.jsonName}\``).join(', ')} is set.`
    : '';
  return [commentOf(field), note].filter((part) => part !== '').join('\n\n');
}
