import { checkAgainstSamples, checkUnifiedSettings, codeListsOf, storedUnifiedSettings, type Sample, type UnifiedSettings } from './index';

describe('checkUnifiedSettings', () => {
  it('accepts custom fields per entity and custom objects', () => {
    const body = {
      customFields: { workOrder: [{ remote: 'cust_safetyclass', unified: 'safetyClass', type: 'string' }] },
      customObjects: [
        { name: 'calibration', remote: 'custcalibration', idField: 'calibrationid', modifiedField: 'changedate', deletedField: 'isdeleted', fields: [{ remote: 'due', unified: 'due', type: 'datetime' }] },
      ],
    };
    expect(checkUnifiedSettings(body, 'maximo')).toEqual({ settings: body, errors: [] });
  });

  it('names every wrong type, unknown entity and unknown property', () => {
    const { settings, errors } = checkUnifiedSettings(
      {
      customFields: { workorder: [], asset: [{ remote: 'x', unified: '1bad', type: 'text' }], vendor: 'no' },
      customObjects: [{ name: 'cal', remote: 'cust cal', idField: 3, deletedField: false, fields: [], extra: true }],
      colour: 'red',
      },
      'maximo',
    );
    expect(settings).toBeUndefined();
    expect(errors.map((error) => error.field).sort()).toEqual(
      [
        'colour',
        'customFields.workorder',
        'customFields.asset[0].unified',
        'customFields.asset[0].type',
        'customFields.vendor',
        'customObjects[0].extra',
        'customObjects[0].remote',
        'customObjects[0].idField',
        'customObjects[0].deletedField',
      ].sort(),
    );
  });

  it('refuses the same unified name twice', () => {
    const field = { remote: 'a', unified: 'same', type: 'string' };
    expect(checkUnifiedSettings({ customFields: { asset: [field, { ...field, remote: 'b' }] } }, 'maximo').errors).toEqual([{ field: 'customFields.asset[1].unified', message: 'same is configured twice' }]);
  });

  it('reads a stored value that is not valid settings as none, and overrides the declarations no longer accept as none', () => {
    expect(storedUnifiedSettings(null, 'limble')).toEqual({ customFields: {}, customObjects: [] });
    const fields = { customFields: { asset: [{ remote: 'Criticality', unified: 'criticality', type: 'string' as const }] }, customObjects: [] };
    expect(storedUnifiedSettings({ ...fields, codes: { asset: { status: { '1': 'open' } } } }, 'limble')).toEqual(fields);
  });
});

describe('checkUnifiedSettings: code overrides', () => {
  it('accepts overrides of a field with a declared code table into the values the model allows', () => {
    const body = { customFields: {}, customObjects: [], codes: { workOrder: { status: { '1001': 'on_hold', '1': 'in_progress' } }, purchaseOrder: { status: { Draft: 'draft' } } } };
    expect(checkUnifiedSettings(body, 'limble')).toEqual({ settings: body, errors: [] });
  });

  it('keeps a code named like an object property (__proto__, constructor) as a code of its own', () => {
    const body = JSON.parse('{"customFields":{},"customObjects":[],"codes":{"workOrder":{"status":{"__proto__":"on_hold","constructor":"open"}}}}') as unknown;
    const { settings, errors } = checkUnifiedSettings(body, 'limble');
    expect(errors).toEqual([]);
    expect(Object.entries(settings?.codes?.workOrder?.status ?? {})).toEqual([['__proto__', 'on_hold'], ['constructor', 'open']]);
  });

  it('names the entity, the field or the code that is wrong, and stores nothing of it', () => {
    // (Integer-like codes come first, as JavaScript orders an object's keys.)
    const { settings, errors } = checkUnifiedSettings(
      {
        codes: {
          task: { status: { '1': 'open' } },
          workOrder: { status: { '1001': 'waiting', '': 'open', '1002': 7 }, colour: { a: 'b' }, priority: { '1': 'high' } },
          asset: { status: { '1': 'active' } },
          purchaseOrder: 'Approved',
        },
      },
      'limble',
    );
    expect(settings).toBeUndefined();
    expect(errors).toEqual([
      { field: 'codes.task', message: 'unknown entity; expected one of workOrder, asset, location, purchaseOrder, part, vendor, user' },
      { field: 'codes.workOrder.status["1001"]', message: 'must be one of open, approved, in_progress, on_hold, completed, closed, cancelled' },
      { field: 'codes.workOrder.status["1002"]', message: 'must be one of open, approved, in_progress, on_hold, completed, closed, cancelled' },
      { field: 'codes.workOrder.status[""]', message: 'a native code must be a non-empty string of at most 100 characters' },
      { field: 'codes.workOrder.colour', message: 'unknown field of workOrder' },
      { field: 'codes.workOrder.priority', message: 'limble maps workOrder.priority without a code table' },
      { field: 'codes.asset.status', message: 'limble maps asset.status without a code table' },
      { field: 'codes.purchaseOrder', message: 'must be an object keyed by field' },
    ]);
  });

  it('knows which fields have a code table per system (SAP maps work order status as text)', () => {
    expect(checkUnifiedSettings({ codes: { workOrder: { status: { X: 'open' } } } }, 'sap').errors).toEqual([{ field: 'codes.workOrder.status', message: 'sap maps workOrder.status without a code table' }]);
    expect(checkUnifiedSettings({ codes: [] }, 'sap').errors).toEqual([{ field: 'codes', message: 'must be an object keyed by unified entity, then field' }]);
  });
});

describe('checkAgainstSamples', () => {
  const settings: UnifiedSettings = {
    customFields: { workOrder: [{ remote: 'cust_safetyclass', unified: 'safetyClass', type: 'string' }, { remote: 'cust_safteyclass', unified: 'typo', type: 'string' }] },
    customObjects: [{ name: 'calibration', remote: 'custcalibration', idField: 'calibrationid', fields: [{ remote: 'result', unified: 'result', type: 'string' }] }],
  };

  it('reports a remote field found in no sampled record by its settings path', () => {
    const samples = new Map([
      ['workOrder', { records: [{ wonum: '1', cust_safetyclass: 'B' }, { wonum: '2' }] }],
      ['custom:calibration', { records: [{ calibrationid: 1, result: 'PASS' }] }],
    ]);
    expect(checkAgainstSamples('maximo', settings, samples)).toEqual({
      sampled: { workOrder: 2, 'custom:calibration': 1 },
      problems: [{ field: 'customFields.workOrder[1].remote', message: 'cust_safteyclass is in none of the 2 record(s) sampled from the system' }],
    });
  });

  it('reports a table the system does not have, and an entity with nothing to check against', () => {
    const samples = new Map([
      ['workOrder', { records: [] }],
      ['custom:calibration', { failure: 'not_found' }],
    ]);
    expect(checkAgainstSamples('maximo', settings, samples).problems).toEqual([
      { field: 'customFields.workOrder', message: 'the system has no record to check these fields against' },
      { field: 'customObjects[0].remote', message: 'no sample could be fetched: not_found' },
    ]);
  });

  it('reports native codes met in sampled records that neither the declared table nor the overrides map', () => {
    const coded: UnifiedSettings = { customFields: {}, customObjects: [], codes: { workOrder: { status: { '1001': 'on_hold' } } } };
    const samples = new Map([['workOrder', { records: [{ statusID: 0 }, { statusID: 1001 }, { statusID: 1002 }, { statusID: 1003 }, { statusID: 1002 }] }]]);
    expect(checkAgainstSamples('limble', coded, samples)).toEqual({
      sampled: { workOrder: 5 },
      problems: [{ field: 'codes.workOrder.status', message: 'statusID 1002, 1003 met in the 5 record(s) sampled map to no unified value (they read as the code itself)' }],
    });
    expect(checkAgainstSamples('limble', { ...coded, codes: { workOrder: {} } }, samples).problems[0]?.message).toMatch(/^statusID 1001, 1002, 1003 met/);
    expect(checkAgainstSamples('limble', coded, new Map([['workOrder', { records: [] }]])).problems).toEqual([{ field: 'codes.workOrder', message: 'the system has no record to check these fields against' }]);
  });

  it('reads the code lists only of the entities named under codes, where the system lists its codes', () => {
    expect(codeListsOf('limble', { customFields: {}, customObjects: [], codes: { workOrder: {} } })).toEqual([{ key: 'codes:workOrder.status', list: { path: '/v2/tasks/statuses', code: 'statusID', name: 'name' } }]);
    expect(codeListsOf('limble', { customFields: {}, customObjects: [], codes: { purchaseOrder: {} } })).toEqual([]);
    expect(codeListsOf('maximo', { customFields: {}, customObjects: [], codes: { workOrder: {} } })).toEqual([]);
  });

  it("names the account's listed codes that no table maps (Limble's task statuses), and a list that could not be read", () => {
    const statuses = { records: [{ statusID: 0, name: 'Open' }, { statusID: 1001, name: 'Waiting on parts' }, { statusID: 1002, name: 'Awaiting permit' }] };
    const settings: UnifiedSettings = { customFields: {}, customObjects: [], codes: { workOrder: { status: { '1001': 'on_hold' } } } };
    const samples = new Map<string, Sample>([
      ['workOrder', { records: [{ statusID: 0 }] }],
      ['codes:workOrder.status', statuses],
    ]);
    expect(checkAgainstSamples('limble', settings, samples)).toEqual({
      sampled: { workOrder: 1, 'codes:workOrder.status': 3 },
      problems: [{ field: 'codes.workOrder.status', message: 'the system lists 1002 (Awaiting permit), which no table maps (they read as the code itself)' }],
    });
    expect(checkAgainstSamples('limble', settings, new Map<string, Sample>([['workOrder', { records: [{ statusID: 0 }] }], ['codes:workOrder.status', { failure: 'permission_denied' }]])).problems).toEqual([
      { field: 'codes.workOrder.status', message: "the system's list of codes could not be read: permission_denied" },
    ]);
  });
});
