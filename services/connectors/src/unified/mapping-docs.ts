/**
 * docs/connectors-mapping.md, generated from the mapping declarations (never edited by hand):
 * `npm run docs:connectors-mapping` writes it; mapping-docs.spec.ts fails when it is stale.
 */
import { UNIFIED_ENTITIES, type SystemKind, type UnifiedEntity } from '../adapters';
import type { EntityMapping, FieldMapping, SystemMapping, Transform } from './mapping';
import { MAPPINGS } from './mappings';
import { UNIFIED_MODEL, type UnifiedFieldSpec } from './model';

export const MAPPING_DOC_PATH = 'docs/connectors-mapping.md';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function describeTransform(transform: Transform | undefined): string {
  if (!transform) return '';
  if (transform.kind !== 'codes') return transform.kind;
  const listed = transform.listed ? ` (the account's own codes: \`GET ${transform.listed.path}\`)` : '';
  return `codes: ${Object.entries(transform.codes)
    .map(([code, name]) => `\`${code}\`→${name}`)
    .join(', ')}${listed}`;
}

function modelTable(fields: readonly UnifiedFieldSpec[]): string[] {
  return ['| field | type | meaning |', '| --- | --- | --- |', ...fields.map((field) => `| \`${field.name}\` | ${field.type} | ${cell(field.description)} |`)];
}

function modelSection(entity: UnifiedEntity): string[] {
  const spec = UNIFIED_MODEL[entity];
  const lines = spec.lines ? ['', `Lines (\`lines\`):`, '', ...modelTable(spec.lines)] : [];
  return [`### ${entity}`, '', spec.description, '', ...modelTable(spec.fields), ...lines, ''];
}

function fieldTable(fields: readonly FieldMapping[]): string[] {
  return [
    '| unified | remote | type | transform |',
    '| --- | --- | --- | --- |',
    ...fields.map((field) => `| \`${field.unified}\` | \`${cell(field.remote)}\` | ${field.type} | ${cell(describeTransform(field.transform))} |`),
  ];
}

function entitySection(entity: UnifiedEntity, mapping: EntityMapping): string[] {
  const where = mapping.service ? `\`${mapping.service}/${mapping.collection}\`` : `\`${mapping.collection}\``;
  const filter = mapping.filter ? `; only records with ${Object.entries(mapping.filter).map(([key, value]) => `\`${key} = ${value}\``).join(' and ')}` : '';
  const modified = `\`${mapping.modifiedField}\`${mapping.modifiedTransform ? ` (${describeTransform(mapping.modifiedTransform)})` : ''}`;
  const deleted = mapping.deletedField ? ` (flag \`${mapping.deletedField}\`)` : '';
  const lines = mapping.lines
    ? ['', `Lines from \`${mapping.lines.remote}\`${mapping.lines.collection ? ` (class \`${mapping.lines.collection.name}\`, linked by \`${mapping.lines.collection.parentField}\`)` : ''}:`, '', ...fieldTable(mapping.lines.fields)]
    : [];
  return [
    `#### ${entity}`,
    '',
    `Collection ${where}${filter}. Id \`${mapping.idField}\`, modified ${modified}. Sync: \`${mapping.sync.incremental}\`, deletes \`${mapping.sync.deletes}\`${deleted}.`,
    '',
    ...fieldTable(mapping.fields),
    ...lines,
    '',
  ];
}

function systemSection(system: SystemKind, mapping: SystemMapping): string[] {
  const container = mapping.customFieldContainer
    ? `Custom fields are looked up at their name, then inside \`${mapping.customFieldContainer.field}\` (${mapping.customFieldContainer.kind === 'pairs' ? 'a list of `{field, value}` pairs' : 'an object'}).`
    : 'Custom fields are looked up at their name (a dotted path for nested values).';
  const dates = mapping.dates ? ` Custom fields of type datetime are read as ${describeTransform(mapping.dates)}.` : '';
  return [`## ${system}`, '', `${container}${dates} Custom tables: ${mapping.customTables}.`, '', ...UNIFIED_ENTITIES.flatMap((entity) => entitySection(entity, mapping.entities[entity]))];
}

export function renderMappingDocs(): string {
  const systems = Object.entries(MAPPINGS) as [SystemKind, SystemMapping][];
  return [
    '# Connectors: unified model and field mapping',
    '',
    '<!-- Generated from services/connectors/src/unified (npm run docs:connectors-mapping). Do not edit. -->',
    '',
    'Every unified record also carries `remote_id`, `remote_updated_at`, `remote_deleted`, `custom_fields`',
    "(the connection's configured extra fields) and, on request, `remote_data` (the raw record). A remote",
    'field missing on a record leaves the unified field out; a configured custom field missing is `null`.',
    'A code not in a code table passes through as text. A connection may extend or override a code table',
    "in its unified settings (`codes`, e.g. a Limble account's own status ids); a write sends the first",
    'declared code still naming the value, else the first override naming it.',
    '',
    '## Unified model',
    '',
    ...UNIFIED_ENTITIES.flatMap(modelSection),
    ...systems.flatMap(([system, mapping]) => systemSection(system, mapping)),
  ].join('\n');
}
