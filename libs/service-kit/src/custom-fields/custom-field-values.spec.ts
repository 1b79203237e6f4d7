import {
  customFieldFilterSql,
  customFieldValueFromText,
  customFieldValueProblem,
  mergeCustomFieldValues,
  parseCustomFieldFilters,
  type CustomFieldSpec,
} from './custom-field-values';

const shift: CustomFieldSpec = { key: 'shift', label: 'Shift', type: 'enum', required: true, options: ['day', 'night'] };
const crew: CustomFieldSpec = { key: 'crew', label: 'Crew size', type: 'number', required: false, options: [] };
const permit: CustomFieldSpec = { key: 'permit', label: 'Permit', type: 'boolean', required: false, options: [] };
const inspected: CustomFieldSpec = { key: 'inspected', label: 'Inspected on', type: 'date', required: false, options: [] };
const note: CustomFieldSpec = { key: 'note', label: 'Note', type: 'text', required: false, options: [] };
const definitions = [shift, crew, permit, inspected, note];

describe('customFieldValueProblem', () => {
  const cases: Array<[string, CustomFieldSpec, unknown, string | undefined]> = [
    ['text of 2000 characters', note, 'x'.repeat(2000), undefined],
    ['text of 2001 characters', note, 'x'.repeat(2001), 'must be a text of at most 2000 characters'],
    ['number', crew, 3.5, undefined],
    ['number as a string', crew, '3', 'must be a number'],
    ['infinite number', crew, Number.POSITIVE_INFINITY, 'must be a number'],
    ['leap day', inspected, '2024-02-29', undefined],
    ['no such day', inspected, '2023-02-29', 'must be a date (YYYY-MM-DD)'],
    ['boolean', permit, false, undefined],
    ['boolean as a string', permit, 'false', 'must be true or false'],
    ['enum option', shift, 'night', undefined],
    ['not an option', shift, 'evening', 'must be one of day, night'],
  ];
  it.each(cases)('%s', (_name, definition, value, problem) => {
    expect(customFieldValueProblem(definition, value)).toBe(problem);
  });
});

describe('mergeCustomFieldValues', () => {
  it('names unknown keys, wrong types and missing required fields as customFields.<key> on creation', () => {
    const { errors } = mergeCustomFieldValues(definitions, { colour: 'red', crew: 'three' }, undefined, 'work orders');
    expect(errors).toEqual([
      { field: 'customFields.colour', message: 'no custom field "colour" is defined for work orders' },
      { field: 'customFields.crew', message: 'Crew size must be a number' },
      { field: 'customFields.shift', message: 'Shift is required' },
    ]);
  });

  it('merges an update into the existing values: null removes, a required field cannot be removed, undefined keys drop out', () => {
    const existing = { shift: 'day', crew: 2, legacy: 'kept nowhere' };
    expect(mergeCustomFieldValues(definitions, { crew: null, permit: true }, existing, 'work orders')).toEqual({
      values: { shift: 'day', permit: true },
      errors: [],
    });
    expect(mergeCustomFieldValues(definitions, { shift: null }, existing, 'work orders').errors).toEqual([
      { field: 'customFields.shift', message: 'Shift is required' },
    ]);
  });
});

describe('customFieldValueFromText', () => {
  it('converts numbers and booleans that look like one and leaves the rest as text', () => {
    expect(customFieldValueFromText(crew, ' 12.5 ')).toBe(12.5);
    expect(customFieldValueFromText(crew, 'twelve')).toBe('twelve');
    expect(customFieldValueFromText(permit, 'true')).toBe(true);
    expect(customFieldValueFromText(permit, 'yes')).toBe('yes');
    expect(customFieldValueFromText(inspected, '2024-01-01')).toBe('2024-01-01');
  });
});

describe('parseCustomFieldFilters and customFieldFilterSql', () => {
  it('parses typed filters and rejects malformed ones, naming cf.<key>', () => {
    const { filters, errors } = parseCustomFieldFilters(definitions, [
      'crew:gte:3',
      'permit:eq:true',
      'note:contains:50%',
      'nokey',
      'colour:eq:red',
      'crew:between:1',
      'crew:gt:many',
      'shift:gt:day',
      'shift:contains:d',
      'inspected:lt:2024-13-01',
    ]);
    expect(filters.map((f) => [f.definition.key, f.operator, f.value])).toEqual([
      ['crew', 'gte', 3],
      ['permit', 'eq', true],
      ['note', 'contains', '50%'],
    ]);
    expect(errors.map((e) => e.field)).toEqual(['cf', 'cf.colour', 'cf.crew', 'cf.crew', 'cf.shift', 'cf.shift', 'cf.inspected']);
  });

  it('builds parameterised SQL: containment for eq, numeric casts for numbers, escaped ILIKE for contains, ne including missing values', () => {
    const [gte, eq, contains] = parseCustomFieldFilters(definitions, ['crew:gte:3', 'shift:eq:night', 'note:contains:50%_']).filters;
    expect(customFieldFilterSql('wo', gte, 'cf0')).toEqual({
      sql: 'CAST((wo.custom_fields ->> :cf0k) AS numeric) >= CAST(:cf0v AS numeric)',
      parameters: { cf0k: 'crew', cf0v: 3 },
    });
    expect(customFieldFilterSql('wo', eq, 'cf1')).toEqual({
      sql: 'wo.custom_fields @> CAST(:cf1v AS jsonb)',
      parameters: { cf1k: 'shift', cf1v: '{"shift":"night"}' },
    });
    expect(customFieldFilterSql('wo', contains, 'cf2').parameters).toEqual({ cf2k: 'note', cf2v: '%50\\%\\_%' });
    const [numberNe, textNe] = parseCustomFieldFilters(definitions, ['crew:ne:3', 'note:ne:x']).filters;
    expect(customFieldFilterSql('a', numberNe, 'p').sql).toBe(
      '((a.custom_fields ->> :pk) IS NULL OR CAST((a.custom_fields ->> :pk) AS numeric) <> CAST(:pv AS numeric))',
    );
    expect(customFieldFilterSql('a', textNe, 'p').sql).toBe('((a.custom_fields ->> :pk) IS NULL OR (a.custom_fields ->> :pk) <> :pv)');
  });
});
