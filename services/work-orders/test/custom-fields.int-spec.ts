import { randomUUID } from 'node:crypto';
import { WorkOrderUpdatedSchema } from '@mate/contracts';
import type { Role } from '@mate/service-kit';
import type { WorkOrdersConfig } from '../src/config/work-orders.config';
import {
  outboxEvents,
  ownerQuery,
  prepareTestConfig,
  startWorkOrders,
  testTopics,
  tokenFor,
  type WorkOrdersTestApp,
} from './support/work-orders-test-app';

interface FieldErrorBody {
  field: string;
  message: string;
}

const FIELDS = '/api/v1/work-orders/custom-fields';

describe('tenant-defined custom fields of work orders and requests (real PostgreSQL)', () => {
  const tenant = randomUUID();
  const otherTenant = randomUUID();
  const assetId = randomUUID();
  const room = randomUUID();
  let config: WorkOrdersConfig;
  let service: WorkOrdersTestApp;
  const tokens: Record<string, string> = {};
  const definitionIds: Record<string, string> = {};

  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const http = () => service.http();
  const fieldsOf = (body: { errors?: FieldErrorBody[] }) => [...new Set((body.errors ?? []).map((error) => error.field))].sort();

  async function define(body: Record<string, unknown>, who = 'planner'): Promise<string> {
    const response = await http().post(FIELDS).set(as(who)).send(body);
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  async function createWorkOrder(body: Record<string, unknown>) {
    return http().post('/api/v1/work-orders').set(as('planner')).send({ title: 'Inspect the boiler', type: 'inspection', ...body });
  }

  async function titles(query: string): Promise<string[]> {
    const response = await http().get(`/api/v1/work-orders?${query}`).set(as('planner'));
    expect(response.status).toBe(200);
    return (response.body.items as Array<{ title: string }>).map((wo) => wo.title).sort();
  }

  beforeAll(async () => {
    config = await prepareTestConfig('custom-fields');
    service = await startWorkOrders(config, { topics: testTopics('custom-fields'), consume: false, messaging: { relay: { enabled: false } } });
    const token = tokenFor(config);
    const roles: Array<[string, Role[], string, string?]> = [
      ['planner', ['planner'], 'planner-1'],
      ['admin', ['admin'], 'admin-1'],
      ['tech', ['technician'], 'tech-1'],
      ['viewer', ['viewer'], 'viewer-1'],
      ['integration', ['integration'], 'erp'],
      ['requester', ['requester'], 'requester-1'],
      ['otherAdmin', ['admin'], 'admin-x', otherTenant],
    ];
    for (const [name, r, subject, tenantId] of roles) tokens[name] = await token(tenantId ?? tenant, r, subject);
    await ownerQuery(config, `insert into known_locations (tenant_id, location_id, name) values ($1, $2, 'Boiler room')`, [tenant, room]);
    await ownerQuery(
      config,
      `insert into known_assets (tenant_id, asset_id, tag, name, location_id, status) values ($1, $2, 'B-1', 'Boiler', $3, 'operational')`,
      [tenant, assetId, room],
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  describe('definitions', () => {
    it('are created by planners and admins, read by everyone signed in, and kept per tenant under row-level security', async () => {
      const created = await http()
        .post(FIELDS)
        .set(as('planner'))
        .send({ entityType: 'work_order', key: 'shift', label: 'Shift', type: 'enum', required: true, options: ['day', 'night'] });
      expect(created.status).toBe(201);
      expect(created.headers['etag']).toBe('"1"');
      expect(created.headers['location']).toBe(`${FIELDS}/${created.body.id}`);
      expect(created.body).toMatchObject({ entityType: 'work_order', key: 'shift', type: 'enum', required: true, options: ['day', 'night'], unit: null, version: 1 });
      definitionIds['shift'] = created.body.id;
      definitionIds['crew_size'] = await define({ entityType: 'work_order', key: 'crew_size', label: 'Crew size', type: 'number', unit: 'people' }, 'admin');
      definitionIds['permit'] = await define({ entityType: 'work_order', key: 'permit', label: 'Hot-work permit', type: 'boolean' });
      definitionIds['inspected_on'] = await define({ entityType: 'work_order', key: 'inspected_on', label: 'Last inspected', type: 'date' });
      definitionIds['note'] = await define({ entityType: 'work_order', key: 'note', label: 'Note', type: 'text' });
      // The same key on the other entity type is another field.
      definitionIds['request.shift'] = await define({ entityType: 'work_request', key: 'shift', label: 'Shift seen', type: 'enum', options: ['day', 'night'] });
      definitionIds['request.area'] = await define({ entityType: 'work_request', key: 'area', label: 'Area', type: 'enum', required: true, options: ['north', 'south'] });

      const body = { entityType: 'work_order', key: 'colour', label: 'Colour', type: 'text' };
      for (const who of ['tech', 'viewer', 'integration', 'requester']) expect((await http().post(FIELDS).set(as(who)).send(body)).status).toBe(403);

      const requestFields = await http().get(`${FIELDS}?entityType=work_request`).set(as('requester'));
      expect(requestFields.status).toBe(200);
      expect((requestFields.body.items as Array<{ key: string }>).map((d) => d.key)).toEqual(['area', 'shift']);
      const all = await http().get(FIELDS).set(as('tech'));
      expect(all.body.items).toHaveLength(7);
      const one = await http().get(`${FIELDS}/${definitionIds['crew_size']}`).set(as('viewer'));
      expect(one.status).toBe(200);
      expect(one.headers['etag']).toBe('"1"');
      expect(one.body).toMatchObject({ key: 'crew_size', unit: 'people' });

      expect((await http().get(`${FIELDS}/${definitionIds['shift']}`).set(as('otherAdmin'))).status).toBe(404);
      expect((await http().get(FIELDS).set(as('otherAdmin'))).body.items).toEqual([]);
      expect((await http().patch(`${FIELDS}/${definitionIds['shift']}`).set(as('otherAdmin')).send({ label: 'x' })).status).toBe(404);
      expect((await http().delete(`${FIELDS}/${definitionIds['shift']}`).set(as('otherAdmin'))).status).toBe(404);
      const [table] = await ownerQuery<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
        config,
        `select relrowsecurity, relforcerowsecurity from pg_class where relname = 'custom_field_definitions'`,
      );
      expect(table).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
      const rows = await ownerQuery<{ tenant_id: string; created_by: string }>(config, 'select tenant_id, created_by from custom_field_definitions where key = $1', ['crew_size']);
      expect(rows).toEqual([{ tenant_id: tenant, created_by: 'admin-1' }]);
    });

    it('reject bad definitions, naming the field', async () => {
      const post = (body: Record<string, unknown>) => http().post(FIELDS).set(as('admin')).send(body);
      const duplicate = await post({ entityType: 'work_order', key: 'shift', label: 'Again', type: 'text' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('CUSTOM_FIELD_KEY_TAKEN');
      const noOptions = await post({ entityType: 'work_order', key: 'grade', label: 'Grade', type: 'enum' });
      expect(noOptions.status).toBe(422);
      expect(noOptions.body.code).toBe('CUSTOM_FIELD_OPTIONS_REQUIRED');
      expect(fieldsOf((await post({ entityType: 'work_order', key: 'grade', label: 'Grade', type: 'text', options: ['a'] })).body)).toEqual(['options']);
      const bad = await post({ entityType: 'asset', key: 'Bad Key', label: '', type: 'colour', required: 'yes', extra: 1 });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['entityType', 'extra', 'key', 'label', 'required', 'type']);
      // Another tenant may use the same key.
      expect((await http().post(FIELDS).set(as('otherAdmin')).send({ entityType: 'work_order', key: 'shift', label: 'Shift', type: 'text' })).status).toBe(201);
    });

    it('change label, required, options and unit with If-Match; key, entity type and type stay', async () => {
      const id = definitionIds['note'];
      const stale = await http().patch(`${FIELDS}/${id}`).set(as('planner')).set('If-Match', '"7"').send({ label: 'Remarks' });
      expect(stale.status).toBe(412);
      const updated = await http().patch(`${FIELDS}/${id}`).set(as('planner')).set('If-Match', '"1"').send({ label: 'Remarks', unit: 'words' });
      expect(updated.status).toBe(200);
      expect(updated.headers['etag']).toBe('"2"');
      expect(updated.body).toMatchObject({ key: 'note', label: 'Remarks', unit: 'words', version: 2 });
      expect((await http().patch(`${FIELDS}/${id}`).set(as('planner')).send({ unit: null })).body.unit).toBeNull();
      expect(fieldsOf((await http().patch(`${FIELDS}/${id}`).set(as('planner')).send({ type: 'number', key: 'n' })).body)).toEqual(['key', 'type']);
      expect(fieldsOf((await http().patch(`${FIELDS}/${id}`).set(as('planner')).send({ options: ['a'] })).body)).toEqual(['options']);
      expect((await http().patch(`${FIELDS}/${id}`).set(as('tech')).send({ label: 'x' })).status).toBe(403);
      expect((await http().patch(`${FIELDS}/${definitionIds['shift']}`).set(as('planner')).send({ options: [] })).status).toBe(422);
    });
  });

  describe('values on work orders', () => {
    it('are validated on create: unknown key, wrong type, enum option, date and missing required field, all in one answer', async () => {
      const missing = await createWorkOrder({});
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([{ field: 'customFields.shift', message: 'Shift is required' }]);

      const wrong = await createWorkOrder({
        failureCodes: { problem: 'LEAK' }, // not on inspections: reported together with the custom fields
        customFields: { shift: 'evening', crew_size: 'three', permit: 'yes', inspected_on: '2025-02-30', colour: 'red' },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(fieldsOf(wrong.body)).toEqual([
        'customFields.colour',
        'customFields.crew_size',
        'customFields.inspected_on',
        'customFields.permit',
        'customFields.shift',
        'failureCodes',
      ]);
      const messages = Object.fromEntries((wrong.body.errors as FieldErrorBody[]).map((error) => [error.field, error.message]));
      expect(messages).toMatchObject({
        'customFields.colour': 'no custom field "colour" is defined for work orders',
        'customFields.shift': 'Shift must be one of day, night',
        'customFields.crew_size': 'Crew size must be a number',
      });
      expect(fieldsOf((await createWorkOrder({ customFields: ['night'] })).body)).toEqual(['customFields']);
      expect(fieldsOf((await createWorkOrder({ customFields: { note: 'x'.repeat(2001), shift: 'day' } })).body)).toEqual(['customFields.note']);

      const created = await createWorkOrder({ assetId, customFields: { shift: 'night', crew_size: 3, permit: true, inspected_on: '2025-01-31', note: 'bring ladder' } });
      expect(created.status).toBe(201);
      expect(created.body.customFields).toEqual({ shift: 'night', crew_size: 3, permit: true, inspected_on: '2025-01-31', note: 'bring ladder' });
      const read = await http().get(`/api/v1/work-orders/${created.body.id}`).set(as('viewer'));
      expect(read.body.customFields).toEqual(created.body.customFields);
    });

    it('are merged on update: given keys set, null removes, a required value stays; history and events name each key', async () => {
      const created = await createWorkOrder({ assigneeIds: ['tech-1'], customFields: { shift: 'day', crew_size: 2, permit: false } });
      const id = created.body.id as string;
      const patched = await http()
        .patch(`/api/v1/work-orders/${id}`)
        .set(as('planner')) // custom fields are the planners' (technicians: technician-fields.int-spec.ts)
        .set('If-Match', '"1"')
        .send({ customFields: { crew_size: 4, permit: null, note: 'seal replaced' } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ version: 2, customFields: { shift: 'day', crew_size: 4, note: 'seal replaced' } });
      expect(patched.body.customFields).not.toHaveProperty('permit');

      const history = await http().get(`/api/v1/work-orders/${id}/history`).set(as('planner'));
      expect(history.body.items[1]).toMatchObject({
        kind: 'updated',
        changes: {
          'customFields.crew_size': { from: 2, to: 4 },
          'customFields.permit': { from: false, to: null },
          'customFields.note': { from: null, to: 'seal replaced' },
        },
      });
      const [updated] = await outboxEvents(config, WorkOrderUpdatedSchema, id);
      expect([...updated.changedFields].sort()).toEqual(['customFields.crew_size', 'customFields.note', 'customFields.permit']);

      const unchanged = await http().patch(`/api/v1/work-orders/${id}`).set(as('planner')).send({ customFields: { crew_size: 4 } });
      expect(unchanged.body.version).toBe(2);
      const removeRequired = await http().patch(`/api/v1/work-orders/${id}`).set(as('planner')).send({ customFields: { shift: null } });
      expect(removeRequired.status).toBe(400);
      expect(removeRequired.body.errors).toEqual([{ field: 'customFields.shift', message: 'Shift is required' }]);
      const unknown = await http().patch(`/api/v1/work-orders/${id}`).set(as('planner')).send({ customFields: { colour: 'red', crew_size: -1.5 } });
      expect(fieldsOf(unknown.body)).toEqual(['customFields.colour']);
      expect(fieldsOf((await http().patch(`/api/v1/work-orders/${id}`).set(as('planner')).send({ customFields: null })).body)).toEqual(['customFields']);
      expect((await http().get(`/api/v1/work-orders/${id}`).set(as('planner'))).body.version).toBe(2);
    });

    it('follow a definition change at once: a new required field applies to new work orders, not to updates of existing ones', async () => {
      const before = await createWorkOrder({ customFields: { shift: 'day' } });
      expect(before.status).toBe(201);
      const id = await define({ entityType: 'work_order', key: 'risk', label: 'Risk', type: 'enum', required: true, options: ['low', 'high'] });
      const after = await createWorkOrder({ customFields: { shift: 'day' } });
      expect(after.status).toBe(400);
      expect(fieldsOf(after.body)).toEqual(['customFields.risk']);
      expect((await http().patch(`/api/v1/work-orders/${before.body.id}`).set(as('planner')).send({ customFields: { crew_size: 1 } })).status).toBe(200);
      // No longer required: new work goes through again.
      expect((await http().patch(`${FIELDS}/${id}`).set(as('planner')).send({ required: false })).status).toBe(200);
      expect((await createWorkOrder({ customFields: { shift: 'day' } })).status).toBe(201);
      expect((await http().delete(`${FIELDS}/${id}`).set(as('planner'))).status).toBe(204);
    });
  });

  describe('list filter', () => {
    it('filters on custom field values with cf=<key>:<op>:<value>, combined with the other filters and the cursor', async () => {
      const marker = `cf-${randomUUID().slice(0, 8)}`;
      const values: Array<Record<string, unknown>> = [
        { shift: 'day', crew_size: 1, permit: true, inspected_on: '2025-01-10', note: 'North wing 50% done' },
        { shift: 'night', crew_size: 3, permit: false, inspected_on: '2025-02-10', note: 'south wing' },
        { shift: 'night', crew_size: 5, inspected_on: '2025-03-10' },
        { shift: 'day', crew_size: 10.5 },
        { shift: 'day' },
      ];
      for (const [i, customFields] of values.entries()) {
        expect((await createWorkOrder({ title: `${marker} ${i}`, priority: i < 2 ? 'high' : 'low', customFields })).status).toBe(201);
      }
      const q = (cf: string[]) => `q=${marker}&${cf.map((f) => `cf=${encodeURIComponent(f)}`).join('&')}`;
      const t = (...indexes: number[]) => indexes.map((i) => `${marker} ${i}`);
      expect(await titles(q(['shift:eq:night']))).toEqual(t(1, 2));
      expect(await titles(q(['crew_size:gte:3']))).toEqual(t(1, 2, 3));
      expect(await titles(q(['crew_size:gt:3', 'crew_size:lt:10']))).toEqual(t(2));
      expect(await titles(q(['crew_size:eq:10.5']))).toEqual(t(3));
      expect(await titles(q(['permit:eq:true']))).toEqual(t(0));
      // ne includes work without a value, whatever the type.
      expect(await titles(q(['permit:ne:true']))).toEqual(t(1, 2, 3, 4));
      expect(await titles(q(['crew_size:ne:3']))).toEqual(t(0, 2, 3, 4));
      expect(await titles(q(['inspected_on:lt:2025-03-01']))).toEqual(t(0, 1));
      expect(await titles(q(['note:contains:50%']))).toEqual(t(0));
      expect(await titles(q(['note:contains:WING']))).toEqual(t(0, 1));
      expect(await titles(`${q(['shift:eq:night'])}&priority=high`)).toEqual(t(1));

      const first = await http().get(`/api/v1/work-orders?${q(['crew_size:gte:1'])}&sort=number&limit=3`).set(as('planner'));
      expect(first.body.items).toHaveLength(3);
      const second = await http().get(`/api/v1/work-orders?${q(['crew_size:gte:1'])}&sort=number&limit=3&cursor=${first.body.nextCursor}`).set(as('planner'));
      expect((second.body.items as Array<{ title: string }>).map((wo) => wo.title)).toEqual(t(3));

      const exported = await http().get(`/api/v1/work-orders/export?${q(['shift:eq:day'])}`).set(as('viewer'));
      expect((JSON.parse(exported.text) as Array<{ title: string }>).map((wo) => wo.title).sort()).toEqual(t(0, 3, 4));

      const bad = await http().get(`/api/v1/work-orders?${q(['colour:eq:red', 'crew_size:gt:many', 'shift:gt:day', 'note:between:a', 'nonsense'])}`).set(as('planner'));
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['cf', 'cf.colour', 'cf.crew_size', 'cf.note', 'cf.shift']);
      expect((await http().get(`/api/v1/work-orders/export?${q(['colour:eq:red'])}`).set(as('planner'))).status).toBe(400);
    });
  });

  describe('work requests', () => {
    it('validate request fields on submit, filter on them, and carry matching values into the approved work order', async () => {
      const submit = (body: Record<string, unknown>) => http().post('/api/v1/work-requests').set(as('requester')).send({ title: 'Radiator cold', ...body });
      const missing = await submit({});
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([{ field: 'customFields.area', message: 'Area is required' }]);
      // crew_size is a work-order field, not a request field.
      expect(fieldsOf((await submit({ customFields: { area: 'east', crew_size: 2 } })).body)).toEqual(['customFields.area', 'customFields.crew_size']);

      const withShift = await submit({ customFields: { area: 'north', shift: 'night' } });
      expect(withShift.status).toBe(201);
      expect(withShift.body.customFields).toEqual({ area: 'north', shift: 'night' });
      const withoutShift = await submit({ title: 'Door sticks', customFields: { area: 'south' } });
      expect(withoutShift.status).toBe(201);

      const listed = await http().get('/api/v1/work-requests?cf=area:eq:north').set(as('planner'));
      expect((listed.body.items as Array<{ id: string }>).map((r) => r.id)).toEqual([withShift.body.id]);
      expect(fieldsOf((await http().get('/api/v1/work-requests?cf=crew_size:eq:2').set(as('planner'))).body)).toEqual(['cf.crew_size']);

      // The request's shift becomes the work order's (same key, valid value); area has no work-order field.
      const approved = await http().post(`/api/v1/work-requests/${withShift.body.id}/approve`).set(as('planner')).send({ customFields: { crew_size: 2 } });
      expect(approved.status).toBe(200);
      const workOrder = await http().get(`/api/v1/work-orders/${approved.body.workOrder.id}`).set(as('planner'));
      expect(workOrder.body.customFields).toEqual({ shift: 'night', crew_size: 2 });

      const needsShift = await http().post(`/api/v1/work-requests/${withoutShift.body.id}/approve`).set(as('planner')).send({});
      expect(needsShift.status).toBe(400);
      expect(fieldsOf(needsShift.body)).toEqual(['customFields.shift']);
      expect((await http().get(`/api/v1/work-requests/${withoutShift.body.id}`).set(as('planner'))).body.status).toBe('submitted');
      const approvedWithShift = await http().post(`/api/v1/work-requests/${withoutShift.body.id}/approve`).set(as('planner')).send({ customFields: { shift: 'day' } });
      expect(approvedWithShift.status).toBe(200);
    });
  });

  describe('import and export', () => {
    it('checks JSON rows against the definitions, row by row', async () => {
      const rows = [
        { title: 'Imported ok', type: 'inspection', customFields: { shift: 'day', crew_size: 2 } },
        { title: 'Imported unknown', type: 'inspection', customFields: { shift: 'day', colour: 'red' } },
        { title: 'Imported missing', type: 'inspection' },
        { title: 'Imported wrong', type: 'gardening', customFields: { shift: 'dusk', permit: 1 } },
      ];
      const result = await http().post('/api/v1/work-orders/import').set(as('integration')).send({ rows });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ created: 1, invalid: 3 });
      const errors = (result.body.rows as Array<{ errors?: FieldErrorBody[] }>).map((row) => fieldsOf(row));
      expect(errors).toEqual([[], ['customFields.colour'], ['customFields.shift'], ['customFields.permit', 'customFields.shift', 'type']]);
      const created = await http().get(`/api/v1/work-orders/${result.body.rows[0].id}`).set(as('planner'));
      expect(created.body.customFields).toEqual({ shift: 'day', crew_size: 2 });
    });

    it('reads cf.<key> CSV columns as typed values and exports them the same way (the export imports again)', async () => {
      const marker = `csvcf-${randomUUID().slice(0, 8)}`;
      const csv = [
        'title,type,cf.shift,cf.crew_size,cf.permit,cf.inspected_on',
        `${marker} one,inspection,night,3,true,2025-04-01`,
        `${marker} two,corrective,day,,,`,
        `${marker} bad,inspection,day,three,maybe,`,
        `${marker} none,inspection,,2,,`,
      ].join('\r\n');
      const imported = await http().post('/api/v1/work-orders/import').set(as('planner')).set('Content-Type', 'text/csv').send(csv);
      expect(imported.status).toBe(200);
      expect(imported.body).toMatchObject({ created: 2, invalid: 2 });
      expect(fieldsOf(imported.body.rows[2])).toEqual(['customFields.crew_size', 'customFields.permit']);
      expect(fieldsOf(imported.body.rows[3])).toEqual(['customFields.shift']);
      const one = await http().get(`/api/v1/work-orders/${imported.body.rows[0].id}`).set(as('planner'));
      expect(one.body.customFields).toEqual({ shift: 'night', crew_size: 3, permit: true, inspected_on: '2025-04-01' });

      const unknownColumn = await http()
        .post('/api/v1/work-orders/import?dryRun=true')
        .set(as('planner'))
        .set('Content-Type', 'text/csv')
        .send(`title,type,cf.shift,cf.colour\n${marker} x,inspection,day,red`);
      expect(fieldsOf(unknownColumn.body.rows[0])).toEqual(['customFields.colour']);

      const exported = await http().get(`/api/v1/work-orders/export?format=csv&q=${marker}`).set(as('planner'));
      const [header, ...lines] = exported.text.trim().split('\r\n');
      expect(header.split(',').filter((column) => column.startsWith('cf.'))).toEqual(['cf.crew_size', 'cf.inspected_on', 'cf.note', 'cf.permit', 'cf.shift']);
      expect(lines).toHaveLength(2);
      expect(lines.find((line) => line.includes(`${marker} one`))).toMatch(/,3,2025-04-01,,true,night$/);
      const again = await http().post('/api/v1/work-orders/import?dryRun=true').set(as('planner')).set('Content-Type', 'text/csv').send(exported.text);
      expect(again.body).toMatchObject({ invalid: 0, rows: [{ status: 'valid' }, { status: 'valid' }] });
    });
  });

  describe('deleting a definition', () => {
    it('removes its values from every work order of the tenant and its filter with it', async () => {
      const created = await createWorkOrder({ customFields: { shift: 'day', note: 'to be removed' } });
      const otherTenantWork = await http()
        .post('/api/v1/work-orders')
        .set(as('otherAdmin'))
        .send({ title: 'Other tenant', type: 'project', customFields: { shift: 'kept' } });
      expect(otherTenantWork.status).toBe(201);
      const before = await http().get(`/api/v1/work-orders/${created.body.id}`).set(as('planner'));
      const id = definitionIds['note'];
      const version = (await http().get(`${FIELDS}/${id}`).set(as('planner'))).body.version as number;
      expect((await http().delete(`${FIELDS}/${id}`).set(as('planner')).set('If-Match', `"${version + 1}"`)).status).toBe(412);
      expect((await http().delete(`${FIELDS}/${id}`).set(as('tech'))).status).toBe(403);
      expect((await http().delete(`${FIELDS}/${id}`).set(as('planner')).set('If-Match', `"${version}"`)).status).toBe(204);
      expect((await http().get(`${FIELDS}/${id}`).set(as('planner'))).status).toBe(404);

      const after = await http().get(`/api/v1/work-orders/${created.body.id}`).set(as('planner'));
      expect(after.body.customFields).toEqual({ shift: 'day' });
      // A change of the work order like any other: new version (ETag), history, WorkOrderUpdated.
      expect(after.body.version).toBe(before.body.version + 1);
      expect(after.headers['etag']).not.toBe(before.headers['etag']);
      const history = await http().get(`/api/v1/work-orders/${created.body.id}/history`).set(as('planner'));
      expect(history.body.items.at(-1)).toMatchObject({ kind: 'updated', actor: 'planner-1', changes: { 'customFields.note': { from: 'to be removed', to: null } } });
      const events = await outboxEvents(config, WorkOrderUpdatedSchema, created.body.id);
      expect(events.at(-1)).toMatchObject({ changedFields: ['customFields.note'], updatedBy: 'planner-1' });
      const left = await ownerQuery<{ n: string }>(config, `select count(*) as n from work_orders where tenant_id = $1 and custom_fields ? 'note'`, [tenant]);
      expect(Number(left[0].n)).toBe(0);
      expect((await http().get(`/api/v1/work-orders/${otherTenantWork.body.id}`).set(as('otherAdmin'))).body.customFields).toEqual({ shift: 'kept' });
      expect(fieldsOf((await http().get('/api/v1/work-orders?cf=note:contains:x').set(as('planner'))).body)).toEqual(['cf.note']);
      expect(fieldsOf((await createWorkOrder({ customFields: { shift: 'day', note: 'x' } })).body)).toEqual(['customFields.note']);
    });
  });

  it('documents the definitions endpoints in the OpenAPI document', async () => {
    const document = await http().get('/api/v1/work-orders/openapi.json');
    expect(document.status).toBe(200);
    const paths = document.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths[FIELDS])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(paths[`${FIELDS}/{id}`])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    const listParameters = (paths['/api/v1/work-orders']['get'] as { parameters: Array<{ name: string }> }).parameters.map((p) => p.name);
    expect(listParameters).toContain('cf');
  });
});
