import { checkAgainstSamples, checkUnifiedSettings, storedUnifiedSettings, type UnifiedSettings } from './index';

describe('checkUnifiedSettings', () => {
  it('accepts custom fields per entity and custom objects', () => {
    const body = {
      customFields: { workOrder: [{ remote: 'cust_safetyclass', unified: 'safetyClass', type: 'string' }] },
      customObjects: [
        { name: 'calibration', remote: 'custcalibration', idField: 'calibrationid', modifiedField: 'changedate', deletedField: 'isdeleted', fields: [{ remote: 'due', unified: 'due', type: 'datetime' }] },
      ],
    };
    expect(checkUnifiedSettings(body)).toEqual({ settings: body, errors: [] });
  });

  it('names every wrong type, unknown entity and unknown property', () => {
    const { settings, errors } = checkUnifiedSettings({
      customFields: { workorder: [], asset: [{ remote: 'x', unified: '1bad', type: 'text' }], vendor: 'no' },
      customObjects: [{ name: 'cal', remote: 'cust cal', idField: 3, deletedField: false, fields: [], extra: true }],
      colour: 'red',
    });
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
    expect(checkUnifiedSettings({ customFields: { asset: [field, { ...field, remote: 'b' }] } }).errors).toEqual([{ field: 'customFields.asset[1].unified', message: 'same is configured twice' }]);
  });

  it('reads a stored value that is not valid settings as none', () => {
    expect(storedUnifiedSettings(null)).toEqual({ customFields: {}, customObjects: [] });
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
});
