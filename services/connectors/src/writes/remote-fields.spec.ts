import { SYSTEM_KINDS } from '../adapters';
import { EMPTY_UNIFIED_SETTINGS, MAPPINGS, UNIFIED_MODEL } from '../unified';
import { CAPABILITY_MATRIX } from './capabilities/capability-matrix';
import type { EntityCapability } from './capabilities/capability.types';
import { toNativeFields } from './remote-fields';

describe('unified write fields to native ones', () => {
  it('names each field as the read mapping does, wherever both declare it (one mapping, two directions)', () => {
    for (const system of SYSTEM_KINDS) {
      for (const [entity, capability] of Object.entries(CAPABILITY_MATRIX[system]) as [keyof NonNullable<(typeof MAPPINGS)['maximo']>['entities'], EntityCapability][]) {
        const mapping = MAPPINGS[system]?.entities[entity];
        if (!mapping) continue;
        for (const mapped of mapping.fields) {
          const declared = capability.fields[mapped.unified];
          if (declared) expect(`${system}.${entity}.${mapped.unified}=${declared.remote}`).toBe(`${system}.${entity}.${mapped.unified}=${mapped.remote}`);
        }
        for (const mapped of mapping.lines?.fields ?? []) {
          const declared = capability.fields.lines?.lineFields?.[mapped.unified];
          if (declared) expect(`${system}.${entity}.lines.${mapped.unified}=${declared.remote}`).toBe(`${system}.${entity}.lines.${mapped.unified}=${mapped.remote}`);
        }
      }
    }
  });

  it('uses only the unified model\'s field names, but for declared extensions', () => {
    for (const system of SYSTEM_KINDS) {
      for (const [entity, capability] of Object.entries(CAPABILITY_MATRIX[system]) as [keyof typeof UNIFIED_MODEL, EntityCapability][]) {
        const model = UNIFIED_MODEL[entity];
        const known = new Set(model.fields.map(({ name }) => name));
        const knownLines = new Set((model.lines ?? []).map(({ name }) => name));
        for (const [name, field] of Object.entries(capability.fields)) {
          if (field.type === 'lines') {
            for (const [line, lineField] of Object.entries(field.lineFields ?? {})) if (!lineField.extension) expect(`${system}.${entity}.lines.${line}: ${knownLines.has(line)}`).toBe(`${system}.${entity}.lines.${line}: true`);
          } else if (!field.extension) expect(`${system}.${entity}.${name}: ${known.has(name)}`).toBe(`${system}.${entity}.${name}: true`);
        }
      }
    }
  });

  it("writes a normalized status as the system's code, numbers where the system keeps them, and the tag of a create", () => {
    const workOrders = CAPABILITY_MATRIX.maximo.workOrder as EntityCapability;
    expect(toNativeFields('maximo', 'workOrder', workOrders, { fields: { status: 'completed', priority: '2', dueDate: '2026-12-20T08:00:00Z' }, customFields: { safetyClass: 'A' }, settings: { customFields: { workOrder: [{ unified: 'safetyClass', remote: 'cust_safetyclass', type: 'string' }] }, customObjects: [] } }, 'mate-1')).toEqual({
      status: 'COMP',
      wopriority: 2,
      targcompdate: '2026-12-20T08:00:00Z',
      cust_safetyclass: 'A',
      externalrefid: 'mate-1',
    });
    const orders = CAPABILITY_MATRIX.sap.purchaseOrder as EntityCapability;
    expect(toNativeFields('sap', 'purchaseOrder', orders, { fields: { lines: [{ quantity: 2, unitCost: 1.5 }] }, customFields: {}, settings: EMPTY_UNIFIED_SETTINGS })).toEqual({ to_PurchaseOrderItem: [{ OrderQuantity: '2', NetPriceAmount: '1.5' }] });
    const tasks = CAPABILITY_MATRIX.limble.workOrder as EntityCapability;
    const maintainx = CAPABILITY_MATRIX.maintainx.workOrder as EntityCapability;
    const settings = { customFields: { workOrder: [{ unified: 'safetyClass', remote: 'Safety class', type: 'string' as const }] }, customObjects: [] };
    expect(toNativeFields('maintainx', 'workOrder', maintainx, { fields: { title: 'x' }, customFields: { safetyClass: 'B' }, settings })).toEqual({ title: 'x', extraFields: { 'Safety class': 'B' } });
    expect(toNativeFields('limble', 'workOrder', tasks, { fields: { dueDate: '2026-12-21T08:00:00Z', assetId: '2001' }, customFields: {}, settings: EMPTY_UNIFIED_SETTINGS })).toEqual({ due: Date.parse('2026-12-21T08:00:00Z') / 1000, assetID: 2001 });
  });

  it("writes a status through the connection's code overrides (a Limble account's own status id, as the integer Limble keeps)", () => {
    const tasks = CAPABILITY_MATRIX.limble.workOrder as EntityCapability;
    const settings = { ...EMPTY_UNIFIED_SETTINGS, codes: { workOrder: { status: { '1001': 'on_hold' } } } };
    expect(toNativeFields('limble', 'workOrder', tasks, { fields: { status: 'on_hold' }, customFields: {}, settings })).toEqual({ statusID: 1001 });
    expect(toNativeFields('limble', 'workOrder', tasks, { fields: { status: 'completed' }, customFields: {}, settings })).toEqual({ statusID: 2 });
  });
});
