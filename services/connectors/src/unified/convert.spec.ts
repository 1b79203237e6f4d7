/**
 * The mapping declarations against the simulators: every declared collection, id and modified field
 * is the simulator's own, and each system's seeded records map to the unified values a person
 * reading the seed expects (custom fields from the connection's settings included).
 */
import { SYSTEMS } from '@mate/simulators';
import { SYSTEM_KINDS, UNIFIED_ENTITIES, type RemoteRecord, type SystemKind, type UnifiedEntity } from '../adapters';
import type { JsonObject } from '../adapters/upstream-reply';
import { EMPTY_UNIFIED_SETTINGS, MAPPINGS, UNIFIED_MODEL, UnknownUnifiedFieldError, customObjectToUnified, toRemote, toUnified, type UnifiedSettings } from './index';

/** The seeded records of the entity's collection as the simulator numbers them, with the mapping's filter applied. */
function seeded(system: SystemKind, entity: UnifiedEntity): RemoteRecord[] {
  const mapping = MAPPINGS[system].entities[entity];
  const spec = SYSTEMS[system].collections.find((collection) => collection.name === mapping.collection);
  const records = (SYSTEMS[system].seed[mapping.collection] ?? []).map((fields, index) => ({
    [spec?.idField ?? 'id']: (fields as JsonObject)[spec?.idField ?? 'id'] ?? (spec?.firstId ?? 1) + index,
    ...fields,
  }));
  const filter = mapping.filter ?? {};
  return records
    .filter((fields) => Object.entries(filter).every(([key, value]) => fields[key] === value))
    .map((fields) => ({ remoteId: String(fields[mapping.idField]), fields: fields as JsonObject }));
}

describe('mapping declarations', () => {
  it.each(SYSTEM_KINDS.flatMap((system) => UNIFIED_ENTITIES.map((entity) => [system, entity] as const)))('%s %s names the simulator collection, id and modified fields', (system, entity) => {
    const mapping = MAPPINGS[system].entities[entity];
    const spec = SYSTEMS[system].collections.find((collection) => collection.name === mapping.collection);
    expect(spec).toMatchObject({ idField: mapping.idField, modifiedField: mapping.modifiedField });
    // A declared soft-delete flag is exactly where the simulator keeps deleted records listed.
    expect(spec?.deletedField).toBe(mapping.deletedField);
    expect(mapping.sync.deletes).toBe(spec?.deletedField ? 'deleted_flag' : 'full_scan_compare');
    if (mapping.lines && !mapping.lines.collection) expect(spec?.linesField).toBe(mapping.lines.remote);
    expect(seeded(system, entity).length).toBeGreaterThan(0);
  });

  it.each(SYSTEM_KINDS.flatMap((system) => UNIFIED_ENTITIES.map((entity) => [system, entity] as const)))('%s %s maps only to fields of the unified model', (system, entity) => {
    const mapping = MAPPINGS[system].entities[entity];
    const names = UNIFIED_MODEL[entity].fields.map((field) => field.name);
    for (const field of mapping.fields) expect(names).toContain(field.unified);
    const lineNames = UNIFIED_MODEL[entity].lines?.map((field) => field.name) ?? [];
    for (const field of mapping.lines?.fields ?? []) expect(lineNames).toContain(field.unified);
  });

  it('declares a full scan where the system cannot filter by modification time (Limble, MaintainX)', () => {
    expect(MAPPINGS.limble.entities.workOrder.sync).toEqual({ incremental: 'full_scan', deletes: 'full_scan_compare' });
    expect(MAPPINGS.maintainx.entities.asset.sync.incremental).toBe('full_scan');
    expect(MAPPINGS.sap.entities.purchaseOrder.sync).toEqual({ incremental: 'modified_since', deletes: 'deleted_flag' });
  });
});

const first = (system: SystemKind, entity: UnifiedEntity, settings: UnifiedSettings = EMPTY_UNIFIED_SETTINGS) => {
  const [record] = seeded(system, entity);
  if (!record) throw new Error('no seed');
  return toUnified(system, entity, record, settings);
};

describe('toUnified on the Maximo and SAP seeds', () => {
  it('Maximo: work order status from its code table, custom attribute under custom_fields', () => {
    const settings: UnifiedSettings = { customFields: { workOrder: [{ remote: 'cust_safetyclass', unified: 'safetyClass', type: 'string' }] }, customObjects: [] };
    expect(first('maximo', 'workOrder', settings)).toMatchObject({
      remote_id: '1001',
      remote_deleted: false,
      number: '1001',
      title: 'Replace pump seal',
      status: 'open',
      priority: '2',
      assetId: '11430',
      siteId: 'BEDFORD',
      custom_fields: { safetyClass: 'B' },
    });
  });

  it('Maximo: a purchase order with its lines', () => {
    const po = first('maximo', 'purchaseOrder');
    expect(po).toMatchObject({ number: '1001', status: 'pending_approval', vendorCode: 'GRAINGER', currency: 'USD' });
    expect(po.lines).toEqual([
      { lineNumber: '1', partNumber: '0-0031', description: 'Mechanical seal', quantity: 2, unitCost: 145.5 },
      { lineNumber: '2', partNumber: '0-0045', description: 'Impeller gasket', quantity: 4, unitCost: 12.25 },
    ]);
  });

  it('SAP: /Date()/ times, decimals as numbers, expanded items, the deletion flag, YY1 fields', () => {
    const [order] = seeded('sap', 'workOrder');
    const remote = { ...order, fields: { ...order?.fields, LastChangeDateTime: '/Date(1796371618860+0000)/', IsMarkedForDeletion: true } } as RemoteRecord;
    const settings: UnifiedSettings = { customFields: { workOrder: [{ remote: 'YY1_SafetyClass_ORD', unified: 'safetyClass', type: 'string' }] }, customObjects: [] };
    expect(toUnified('sap', 'workOrder', remote, settings)).toMatchObject({
      remote_id: '4000001',
      remote_updated_at: new Date(1796371618860).toISOString(),
      remote_deleted: true,
      dueDate: '2026-12-07T08:00:00.000Z',
      workType: 'PM01',
      custom_fields: { safetyClass: 'B' },
    });
    const [po] = seeded('sap', 'purchaseOrder');
    const expanded = { ...po, fields: { ...po?.fields, to_PurchaseOrderItem: { results: po?.fields.to_PurchaseOrderItem } } } as RemoteRecord;
    expect(toUnified('sap', 'purchaseOrder', expanded, EMPTY_UNIFIED_SETTINGS)).toMatchObject({
      status: 'pending_approval',
      vendorCode: '17300001',
      lines: [{ lineNumber: '10', partNumber: 'SEAL-100', quantity: 2, unitCost: 145.5 }],
    });
  });

});

describe('toUnified on the Fiix, UpKeep, MaintainX and Limble seeds', () => {
  it('Fiix: locations, equipment and parts picked out of Asset by category', () => {
    expect(seeded('fiix', 'location').map((record) => record.remoteId)).toEqual(['1']);
    expect(first('fiix', 'asset')).toMatchObject({ remote_id: '2', number: 'PUMP-100', name: 'Centrifugal pump', locationId: '1' });
    expect(first('fiix', 'part')).toMatchObject({ number: 'SEAL-100', quantityOnHand: 6 });
    expect(first('fiix', 'workOrder')).toMatchObject({ number: 'WO-1001', status: 'open', title: 'Replace pump seal' });
  });

  it('UpKeep: status names, customFields found by name', () => {
    const settings: UnifiedSettings = { customFields: { asset: [{ remote: 'criticality', unified: 'criticality', type: 'string' }] }, customObjects: [] };
    expect(first('upkeep', 'asset', settings)).toMatchObject({ name: 'Centrifugal pump P-100', serialNumber: 'P100-7731', custom_fields: { criticality: 'High' } });
    expect(first('upkeep', 'purchaseOrder')).toMatchObject({ status: 'pending_approval', lines: [{ partNumber: '5001', quantity: 2, unitCost: 145.5 }] });
  });

  it('MaintainX: extraFields by their label, a field missing on a record is null', () => {
    const settings: UnifiedSettings = { customFields: { workOrder: [{ remote: 'Safety class', unified: 'safetyClass', type: 'string' }] }, customObjects: [] };
    const [, second] = seeded('maintainx', 'workOrder');
    expect(first('maintainx', 'workOrder', settings)).toMatchObject({ status: 'open', priority: 'HIGH', assetId: '2001', custom_fields: { safetyClass: 'B' } });
    expect(second && toUnified('maintainx', 'workOrder', second, settings).custom_fields).toEqual({ safetyClass: null });
  });

  it('Limble: epoch seconds, custom fields from the {field, value} list', () => {
    const settings: UnifiedSettings = { customFields: { asset: [{ remote: 'Criticality', unified: 'criticality', type: 'string' }] }, customObjects: [] };
    expect(first('limble', 'workOrder')).toMatchObject({ remote_id: '1001', status: 'open', dueDate: '2026-12-07T08:00:00.000Z', assetId: '2001' });
    expect(first('limble', 'asset', settings)).toMatchObject({ name: 'Centrifugal pump P-100', custom_fields: { criticality: 'High' } });
    const [task] = seeded('limble', 'workOrder');
    const edited = { ...task, fields: { ...task?.fields, lastEdited: 1796371618 } } as RemoteRecord;
    expect(toUnified('limble', 'workOrder', edited, EMPTY_UNIFIED_SETTINGS).remote_updated_at).toBe(new Date(1796371618 * 1000).toISOString());
  });

  it("Limble: an account's own status id reads as the bare id until the connection's codes map it", () => {
    const [task] = seeded('limble', 'workOrder');
    const waiting = { ...task, fields: { ...task?.fields, statusID: 1001 } } as RemoteRecord;
    expect(toUnified('limble', 'workOrder', waiting, EMPTY_UNIFIED_SETTINGS).status).toBe('1001');
    const codes = { workOrder: { status: { '1001': 'on_hold', '0': 'approved' } } };
    expect(toUnified('limble', 'workOrder', waiting, { ...EMPTY_UNIFIED_SETTINGS, codes }).status).toBe('on_hold');
    // An override replaces a declared code's value too; the other declared codes still apply.
    expect(first('limble', 'workOrder', { ...EMPTY_UNIFIED_SETTINGS, codes }).status).toBe('approved');
    expect(seeded('limble', 'workOrder').map((record) => toUnified('limble', 'workOrder', record, { ...EMPTY_UNIFIED_SETTINGS, codes }).status)).toEqual(['approved', 'in_progress']);
  });

  it('a remote code named like an object property (constructor, toString, __proto__) reads as itself, not as the prototype', () => {
    const [task] = seeded('limble', 'workOrder');
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const odd = { ...task, fields: { ...task?.fields, statusID: code } } as RemoteRecord;
      expect(toUnified('limble', 'workOrder', odd, EMPTY_UNIFIED_SETTINGS).status).toBe(code);
    }
    // And with overrides merged over the declared table.
    const codes = { workOrder: { status: { '1001': 'on_hold' } } };
    const odd = { ...task, fields: { ...task?.fields, statusID: 'constructor' } } as RemoteRecord;
    expect(toUnified('limble', 'workOrder', odd, { ...EMPTY_UNIFIED_SETTINGS, codes }).status).toBe('constructor');
  });

  it('a custom object row is remote_deleted where its declared deletedField flags it', () => {
    const object = { name: 'calibration', remote: 'YY1_Calibration', idField: 'SAP_UUID', deletedField: 'IsMarkedForDeletion', fields: [{ remote: 'Result', unified: 'result', type: 'string' as const }] };
    const row = (flag: unknown): RemoteRecord => ({ remoteId: 'c1', fields: { SAP_UUID: 'c1', Result: 'PASS', IsMarkedForDeletion: flag } });
    expect(customObjectToUnified('sap', object, row(true))).toMatchObject({ remote_deleted: true, result: 'PASS' });
    expect(customObjectToUnified('sap', object, row(false)).remote_deleted).toBe(false);
    expect(customObjectToUnified('sap', { ...object, deletedField: undefined }, row(true)).remote_deleted).toBe(false);
  });

  it('carries remote_data only on request', () => {
    const [record] = seeded('maximo', 'vendor');
    if (!record) throw new Error('no seed');
    expect(toUnified('maximo', 'vendor', record, EMPTY_UNIFIED_SETTINGS)).not.toHaveProperty('remote_data');
    expect(toUnified('maximo', 'vendor', record, EMPTY_UNIFIED_SETTINGS, { includeRemoteData: true }).remote_data).toBe(record.fields);
  });
});

describe('toRemote', () => {
  it('reverses code tables and date transforms, lines included', () => {
    expect(toRemote('limble', 'workOrder', { title: 'New', status: 'completed', dueDate: '2026-12-07T08:00:00.000Z' }, EMPTY_UNIFIED_SETTINGS)).toEqual({
      name: 'New',
      statusID: '2',
      due: 1796630400,
    });
    expect(toRemote('maximo', 'purchaseOrder', { vendorCode: 'GRAINGER', lines: [{ partNumber: '0-0031', quantity: 2 }] }, EMPTY_UNIFIED_SETTINGS)).toEqual({
      vendor: 'GRAINGER',
      poline: [{ itemnum: '0-0031', orderqty: 2 }],
    });
    expect(toRemote('sap', 'workOrder', { dueDate: '2026-12-07T08:00:00.000Z' }, EMPTY_UNIFIED_SETTINGS)).toEqual({ PlannedStartDate: `/Date(${Date.parse('2026-12-07T08:00:00Z')})/` });
  });

  it("reverses the connection's code overrides: an override's code, the system's own code where both name a value", () => {
    const codes = { workOrder: { status: { '1001': 'on_hold', '1002': 'in_progress', '2': 'closed' } } };
    const settings: UnifiedSettings = { ...EMPTY_UNIFIED_SETTINGS, codes };
    expect(toRemote('limble', 'workOrder', { status: 'on_hold' }, settings)).toEqual({ statusID: '1001' });
    expect(toRemote('limble', 'workOrder', { status: 'in_progress' }, settings)).toEqual({ statusID: '1' });
    expect(toRemote('limble', 'workOrder', { status: 'closed' }, settings)).toEqual({ statusID: '2' });
    // `2` now means closed for this connection: completed has no code left and passes through.
    expect(toRemote('limble', 'workOrder', { status: 'completed' }, settings)).toEqual({ statusID: 'completed' });
    expect(toRemote('limble', 'workOrder', { status: 'on_hold' }, EMPTY_UNIFIED_SETTINGS)).toEqual({ statusID: 'on_hold' });
    expect(toRemote('maximo', 'workOrder', { status: 'on_hold' }, { ...EMPTY_UNIFIED_SETTINGS, codes: { workOrder: { status: { WAITPARTS: 'on_hold' } } } })).toEqual({ status: 'WMATL' });
  });

  it('a unified value named like an object property is written as given, not as the prototype', () => {
    const codes = { workOrder: { status: { '1001': 'on_hold' } } };
    for (const settings of [EMPTY_UNIFIED_SETTINGS, { ...EMPTY_UNIFIED_SETTINGS, codes }]) {
      expect(toRemote('limble', 'workOrder', { status: 'constructor' }, settings)).toEqual({ statusID: 'constructor' });
      expect(toRemote('limble', 'workOrder', { status: 'toString' }, settings)).toEqual({ statusID: 'toString' });
    }
  });

  it("puts custom fields where the system keeps them and names an unknown field", () => {
    const settings: UnifiedSettings = { customFields: { workOrder: [{ remote: 'Safety class', unified: 'safetyClass', type: 'string' }] }, customObjects: [] };
    expect(toRemote('maintainx', 'workOrder', { title: 'T', custom_fields: { safetyClass: 'A' } }, settings)).toEqual({ title: 'T', extraFields: { 'Safety class': 'A' } });
    expect(() => toRemote('maintainx', 'workOrder', { colour: 'red' }, settings)).toThrow(UnknownUnifiedFieldError);
    expect(() => toRemote('maintainx', 'workOrder', { custom_fields: { nope: 1 } }, settings)).toThrow('custom_fields.nope');
  });
});
