import { UNIFIED_ENTITIES, SYSTEM_KINDS } from '../../adapters';
import { CAPABILITY_MATRIX } from './capability-matrix';
import { checkWrite, lockView, type ReferenceCheck, type WriteAttempt } from './write-rules';

const anyVendor: ReferenceCheck = async () => 'found';
const attempt = (overrides: Partial<WriteAttempt>): WriteAttempt => ({ system: 'maximo', entity: 'workOrder', operation: 'create', fields: {}, customFields: {}, customFieldNames: [], ...overrides });

describe('write rules', () => {
  it('refuses an entity without writes, and an operation the system lacks, with the reason', async () => {
    expect(await checkWrite(attempt({ entity: 'vendor' }), anyVendor)).toEqual([expect.objectContaining({ field: 'entity', code: 'unsupported_operation' })]);
    const [problem] = await checkWrite(attempt({ system: 'upkeep', operation: 'delete', remoteId: '1' } as Partial<WriteAttempt>), anyVendor);
    expect(problem).toMatchObject({ code: 'unsupported_operation', message: expect.stringContaining('no cancelled status') });
  });

  it('lists every problem of a create at once: unknown, read-only, create-only-on-update, types, required', async () => {
    const problems = await checkWrite(attempt({ fields: { title: 7, status: 'APPR', colour: 'red' } }), anyVendor);
    expect(problems.map(({ field, code }) => `${field}:${code}`).sort()).toEqual(['colour:unknown_field', 'siteId:required', 'status:not_writable_on_create', 'title:wrong_type']);
    const update = await checkWrite(attempt({ operation: 'update', fields: { siteId: 'X' }, current: { status: 'WAPPR' } }), anyVendor);
    expect(update).toEqual([expect.objectContaining({ field: 'siteId', code: 'not_writable_on_update' })]);
  });

  it('checks each line of a header-and-lines create, naming the line', async () => {
    const problems = await checkWrite(
      attempt({ entity: 'purchaseOrder', fields: { vendorCode: 'GRAINGER', siteId: 'B', lines: [{ quantity: 1 }, { quantity: 'two', colour: 1 }] } }),
      anyVendor,
    );
    expect(problems.map(({ field, code }) => `${field}:${code}`)).toEqual(['lines[1].quantity:wrong_type', 'lines[1].colour:unknown_field']);
    expect(await checkWrite(attempt({ entity: 'purchaseOrder', fields: { vendorCode: 'GRAINGER', siteId: 'B', lines: [] } }), anyVendor)).toEqual([
      expect.objectContaining({ field: 'lines', code: 'wrong_type' }),
    ]);
  });

  it('refuses a vendor code that is not among the synced vendors', async () => {
    const synced: ReferenceCheck = async (entity, value) => (entity === 'vendor' && value === 'GRAINGER' ? 'found' : 'missing');
    const fields = { siteId: 'B', lines: [{ quantity: 1 }] };
    expect(await checkWrite(attempt({ entity: 'purchaseOrder', fields: { ...fields, vendorCode: 'GRAINGER' } }), synced)).toEqual([]);
    expect(await checkWrite(attempt({ entity: 'purchaseOrder', fields: { ...fields, vendorCode: 'NOBODY' } }), synced)).toEqual([
      expect.objectContaining({ field: 'vendorCode', code: 'unknown_reference' }),
    ]);
    const nothingSynced: ReferenceCheck = async () => 'not_synced';
    expect(await checkWrite(attempt({ entity: 'purchaseOrder', fields: { ...fields, vendorCode: 'GRAINGER' } }), nothingSynced)).toEqual([
      expect.objectContaining({ field: 'vendorCode', code: 'unknown_reference', message: expect.stringContaining('sync vendor first') }),
    ]);
  });

  it('locks a record by its state: every field but the exceptions, and deletes, naming the state', async () => {
    const completed = { status: 'COMP' };
    const update = await checkWrite(attempt({ operation: 'update', fields: { title: 'x', status: 'CLOSE' }, customFields: { cust_safetyclass: 'A' }, customFieldNames: ['cust_safetyclass'], current: completed }), anyVendor);
    expect(update.map(({ field, code, state }) => `${field}:${code}:${state}`)).toEqual(['title:state_locked:COMP', 'custom_fields.cust_safetyclass:state_locked:COMP']);
    expect(await checkWrite(attempt({ operation: 'delete', current: completed }), anyVendor)).toEqual([expect.objectContaining({ field: 'status', code: 'state_locked', state: 'COMP' })]);
    expect(await checkWrite(attempt({ operation: 'update', fields: { title: 'x' }, current: { status: 'APPR' } }), anyVendor)).toEqual([]);
  });

  it("refuses a status change the system's workflow does not allow, and a cancelling delete from a status that cannot be cancelled", async () => {
    const update = await checkWrite(attempt({ operation: 'update', fields: { status: 'completed' }, current: { status: 'WAPPR' } }), anyVendor);
    expect(update).toEqual([expect.objectContaining({ field: 'status', code: 'invalid_transition', state: 'WAPPR' })]);
    expect(await checkWrite(attempt({ operation: 'update', fields: { status: 'in_progress' }, current: { status: 'WAPPR' } }), anyVendor)).toEqual([]);
    expect(await checkWrite(attempt({ operation: 'delete', current: { status: 'INPRG' } }), anyVendor)).toEqual([expect.objectContaining({ code: 'invalid_transition', state: 'INPRG' })]);
    expect(await checkWrite(attempt({ operation: 'delete', current: { status: 'APPR' } }), anyVendor)).toEqual([]);
  });

  it('names a lock\'s state as reads show it, and locks a code the connection maps to a locking status (a customer synonym of COMP)', async () => {
    const update = (status: string, codes?: WriteAttempt['codes']) => checkWrite(attempt({ operation: 'update', fields: { title: 'x' }, current: { status }, ...(codes ? { codes } : {}) }), anyVendor);
    expect(await update('COMP')).toEqual([{ field: 'title', code: 'state_locked', state: 'COMP', unifiedState: 'completed', message: expect.stringContaining('title cannot change while status is COMP (completed)') }]);
    expect(await update('FINISHED')).toEqual([]);
    const synonym = { status: { FINISHED: 'completed', PAUSED: 'on_hold' } };
    expect(await update('FINISHED', synonym)).toEqual([expect.objectContaining({ field: 'title', code: 'state_locked', state: 'FINISHED', unifiedState: 'completed' })]);
    expect(await update('PAUSED', synonym)).toEqual([]);
    // A built-in code keeps the matrix's own rule: WSCH reads as approved, as APPR does, and is not locked.
    expect(await update('WSCH', synonym)).toEqual([]);
    const orders = (state: string, codes?: WriteAttempt['codes']) => checkWrite(attempt({ system: 'limble', entity: 'purchaseOrder', operation: 'delete', current: { state }, ...(codes ? { codes } : {}) }), anyVendor);
    expect(await orders('Signed off', { status: { 'Signed off': 'approved' } })).toEqual([expect.objectContaining({ field: 'state', code: 'state_locked', state: 'Signed off', unifiedState: 'approved' })]);
  });

  it('shows a lock in both vocabularies, with the codes a connection maps to a locking status', () => {
    const [lock] = CAPABILITY_MATRIX.maximo.workOrder?.locks ?? [];
    if (!lock) throw new Error('no Maximo work order lock');
    expect(lockView('maximo', 'workOrder', lock)).toMatchObject({ field: 'status', states: ['COMP', 'CLOSE', 'CAN'], unified_field: 'status', unified_states: ['completed', 'closed', 'cancelled'] });
    expect(lockView('maximo', 'workOrder', lock, { status: { FINISHED: 'completed', PAUSED: 'on_hold' } })).toMatchObject({ states: ['COMP', 'CLOSE', 'CAN', 'FINISHED'], unified_states: ['completed', 'closed', 'cancelled'] });
  });

  it("checks a status as the code it is sent as, through the connection's code overrides (Limble ids are integers)", async () => {
    const limble = (fields: Record<string, unknown>, codes?: WriteAttempt['codes']) => checkWrite(attempt({ system: 'limble', operation: 'update', fields, current: { statusID: 0 }, ...(codes ? { codes } : {}) }), anyVendor);
    expect(await limble({ status: 'completed' })).toEqual([]);
    expect(await limble({ status: '1001' })).toEqual([]);
    expect(await limble({ status: 'on_hold' })).toEqual([{ field: 'status', code: 'wrong_type', message: "must be a value this connection's code table maps (open, in_progress, completed), or a native code that is a whole number (as text or a number)" }]);
    expect(await limble({ status: 'on_hold' }, { status: { '1001': 'on_hold' } })).toEqual([]);
  });

  it("judges a transition on the code an override sends (Maximo: a customer's own synonym of WMATL)", async () => {
    const update = (codes?: WriteAttempt['codes']) => checkWrite(attempt({ operation: 'update', fields: { status: 'on_hold' }, current: { status: 'COMP' }, ...(codes ? { codes } : {}) }), anyVendor);
    expect(await update()).toEqual([expect.objectContaining({ field: 'status', code: 'invalid_transition', message: expect.stringContaining('COMP → WMATL') })]);
    expect(await update({ status: { WMATL: 'in_progress', CLOSE: 'on_hold' } })).toEqual([]);
  });

  it("refuses custom fields the connection's settings do not name", async () => {
    const problems = await checkWrite(attempt({ fields: { title: 'x', siteId: 'B' }, customFields: { safetyClass: 'A', colour: 'red' }, customFieldNames: ['safetyClass'] }), anyVendor);
    expect(problems).toEqual([expect.objectContaining({ field: 'custom_fields.colour', code: 'unknown_field' })]);
  });

  it('refuses custom fields where the system cannot write them', async () => {
    const problems = await checkWrite(attempt({ system: 'upkeep', fields: { title: 'x' }, customFields: { criticality: 'High' }, customFieldNames: ['criticality'] }), anyVendor);
    expect(problems).toEqual([expect.objectContaining({ field: 'custom_fields.criticality', code: 'custom_field_not_writable' })]);
  });

  describe('assets', () => {
    const codes = (problems: { field: string; code: string; state?: string }[]) => problems.map(({ field, code, state }) => `${field}:${code}${state ? `:${state}` : ''}`).sort();
    const locations: ReferenceCheck = async (entity, value) => (entity === 'location' && value === 'BR430' ? 'found' : 'missing');

    it('are writable in every system, as are parts; locations, vendors and users stay read-only', () => {
      for (const system of SYSTEM_KINDS) {
        for (const entity of ['asset', 'part'] as const) expect(CAPABILITY_MATRIX[system][entity]).toMatchObject({ create: { supported: true }, update: { supported: true } });
        for (const entity of ['location', 'vendor', 'user'] as const) expect(CAPABILITY_MATRIX[system][entity]).toBeUndefined();
      }
    });

    it('Maximo: number and site required and create-only, status only through its transitions, location among the synced ones', async () => {
      const create = await checkWrite(attempt({ entity: 'asset', fields: { name: 'Pump', status: 'OPERATING', locationId: 'NOWHERE' } }), locations);
      expect(codes(create)).toEqual(['locationId:unknown_reference', 'number:required', 'siteId:required', 'status:not_writable_on_create']);
      expect(await checkWrite(attempt({ entity: 'asset', fields: { number: 'P-1', siteId: 'BEDFORD', locationId: 'BR430' } }), locations)).toEqual([]);
      const update = await checkWrite(attempt({ entity: 'asset', operation: 'update', fields: { number: 'P-2', status: 'OPERATING' }, current: { status: 'NOT READY' } }), locations);
      expect(codes(update)).toEqual(['number:not_writable_on_update']);
    });

    it('Maximo: a decommissioned asset is locked (naming the state), and a delete decommissions', async () => {
      const decommissioned = { status: 'DECOMMISSIONED' };
      expect(codes(await checkWrite(attempt({ entity: 'asset', operation: 'update', fields: { name: 'x' }, current: decommissioned }), locations))).toEqual(['name:state_locked:DECOMMISSIONED']);
      expect(codes(await checkWrite(attempt({ entity: 'asset', operation: 'delete', current: decommissioned }), locations))).toEqual(['status:state_locked:DECOMMISSIONED']);
      expect(await checkWrite(attempt({ entity: 'asset', operation: 'delete', current: { status: 'OPERATING' } }), locations)).toEqual([]);
      expect(CAPABILITY_MATRIX.maximo.asset?.delete).toMatchObject({ mode: 'cancel_status', cancel: { field: 'status', value: 'DECOMMISSIONED' } });
    });

    it('SAP: the equipment number is system-assigned, the category create-only and required', async () => {
      const problems = await checkWrite(attempt({ system: 'sap', entity: 'asset', fields: { number: '10000009', name: 'Pump' } }), locations);
      expect(codes(problems)).toEqual(['category:required', 'number:read_only']);
      const update = await checkWrite(attempt({ system: 'sap', entity: 'asset', operation: 'update', fields: { category: 'M' }, current: {} }), locations);
      expect(codes(update)).toEqual(['category:not_writable_on_update']);
    });

    it('Fiix: the category is fixed to equipment; Limble: an asset is created in a location and stays there', async () => {
      expect(codes(await checkWrite(attempt({ system: 'fiix', entity: 'asset', fields: { name: 'Pump', siteId: '1', category: '4' } }), locations))).toEqual(['category:read_only']);
      expect(codes(await checkWrite(attempt({ system: 'limble', entity: 'asset', fields: { name: 'Pump' } }), locations))).toEqual(['locationId:required']);
      expect(codes(await checkWrite(attempt({ system: 'limble', entity: 'asset', operation: 'update', fields: { locationId: '3002' }, current: {} }), locations))).toEqual(['locationId:not_writable_on_update']);
    });

    it('custom fields: written where the system can (Maximo, SAP, MaintainX), refused by name elsewhere', async () => {
      const custom = { customFields: { criticality: 'High' }, customFieldNames: ['criticality'] };
      expect(await checkWrite(attempt({ system: 'maintainx', entity: 'asset', fields: { name: 'Pump' }, ...custom }), locations)).toEqual([]);
      expect(codes(await checkWrite(attempt({ system: 'upkeep', entity: 'asset', fields: { name: 'Pump' }, ...custom }), locations))).toEqual(['custom_fields.criticality:custom_field_not_writable']);
    });
  });

  describe('parts', () => {
    const codes = (problems: { field: string; code: string; state?: string }[]) => problems.map(({ field, code, state }) => `${field}:${code}${state ? `:${state}` : ''}`).sort();
    const anywhere: ReferenceCheck = async () => 'found';

    it('Maximo: inventory is an item in a storeroom; balance, average cost and description are not edits; obsolete inventory is locked', async () => {
      const create = await checkWrite(attempt({ entity: 'part', fields: { number: '0-0031', quantityOnHand: 5, unitCost: 2, name: 'Seal' } }), anywhere);
      expect(codes(create)).toEqual(['locationId:required', 'name:read_only', 'quantityOnHand:read_only', 'siteId:required', 'unitCost:read_only']);
      expect(await checkWrite(attempt({ entity: 'part', operation: 'update', fields: { unit: 'BOX' }, current: { status: 'ACTIVE' } }), anywhere)).toEqual([]);
      expect(codes(await checkWrite(attempt({ entity: 'part', operation: 'update', fields: { unit: 'BOX' }, current: { status: 'OBSOLETE' } }), anywhere))).toEqual(['unit:state_locked:OBSOLETE']);
      expect(CAPABILITY_MATRIX.maximo.part?.delete).toMatchObject({ mode: 'cancel_status', cancel: { field: 'status', value: 'OBSOLETE' } });
    });

    it("SAP: the product number is the system's, type and base unit create-only; MaintainX's available quantity is computed", async () => {
      expect(codes(await checkWrite(attempt({ system: 'sap', entity: 'part', fields: { number: 'X', name: 'Seal' } }), anywhere))).toEqual(['number:read_only', 'productType:required', 'unit:required']);
      expect(codes(await checkWrite(attempt({ system: 'sap', entity: 'part', operation: 'update', fields: { unit: 'PC' }, current: {} }), anywhere))).toEqual(['unit:not_writable_on_update']);
      expect(codes(await checkWrite(attempt({ system: 'maintainx', entity: 'part', fields: { name: 'Seal', quantityOnHand: 3 } }), anywhere))).toEqual(['quantityOnHand:read_only']);
      expect(await checkWrite(attempt({ system: 'upkeep', entity: 'part', fields: { name: 'Seal', quantityOnHand: 3, unitCost: 1.5 } }), anywhere)).toEqual([]);
    });
  });

  it('declares every system, and only known entities, with a remote name for each field', () => {
    expect(Object.keys(CAPABILITY_MATRIX).sort()).toEqual([...SYSTEM_KINDS].sort());
    for (const system of SYSTEM_KINDS) {
      for (const [entity, capability] of Object.entries(CAPABILITY_MATRIX[system])) {
        expect(UNIFIED_ENTITIES).toContain(entity);
        for (const field of Object.values(capability?.fields ?? {})) expect(field.remote).not.toBe('');
        if (capability?.delete.supported) expect(capability.delete.mode).toBeDefined();
      }
    }
  });
});
