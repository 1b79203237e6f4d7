/**
 * Asset and part (inventory item) writes to each of the six simulated systems, against the real
 * PostgreSQL and Kafka: a create and an update land upstream in the system's own fields (checked
 * at the simulator), a field the matrix refuses is a 422 with nothing written upstream (request log
 * behind a marker) and the same problem from `validate`, an Idempotency-Key retry makes one record,
 * and a delete is the system's own (Maximo decommissions an asset and makes inventory obsolete,
 * SAP flags, the others remove). Locations are synced first: an asset's (or a Limble part's)
 * location must be among them.
 */
import { randomUUID } from 'node:crypto';
import type { RunningSimulator, SystemKind } from '@mate/simulators';
import type { ConnectorsTestApp } from './connectors-test-app';
import { requestsBehindMarker, startWriteSystems, syncEntity, writesAmong } from './writes-support';

const DATABASE = 'mate_connectors_writes_master_data_test';

type Fields = Record<string, unknown>;

interface WriteCase {
  system: SystemKind;
  entity: 'asset' | 'part';
  /** The simulator's collection. */
  collection: string;
  /** A unified create body carrying `unique` (a name, or Maximo's number) so the test finds its record. */
  create: (unique: string) => Fields;
  /** What the create must have stored upstream, in the system's own fields. */
  stored: (unique: string) => Fields;
  update: Fields;
  updated: Fields;
  /** A write the matrix refuses, and the problem it names. */
  refused: { operation: 'create' | 'update'; fields: Fields; problem: { field: string; code: string } };
  /** The record after a delete: decommissioned, obsolete, flagged or gone. */
  deleted: { mode: string; check: (record: { fields: Fields; deleted: boolean } | undefined) => void };
}

const removed = (record: { deleted: boolean } | undefined) => expect(record?.deleted).toBe(true);
const statusIs = (status: string) => (record: { fields: Fields } | undefined) => expect(record?.fields.status).toBe(status);

const ASSETS: WriteCase[] = [
  {
    system: 'maximo',
    entity: 'asset',
    collection: 'mxasset',
    // Maximo keys an asset by its number (unique per site): each create brings its own.
    create: (unique) => ({ number: unique, name: `Pump ${unique}`, siteId: 'BEDFORD', locationId: 'BR430', serialNumber: 'SN-1', category: 'PUMP' }),
    stored: (unique) => ({ assetnum: unique, description: `Pump ${unique}`, siteid: 'BEDFORD', location: 'BR430', serialnum: 'SN-1', assettype: 'PUMP', status: 'NOT READY' }),
    update: { name: 'Renamed pump', status: 'OPERATING' },
    updated: { description: 'Renamed pump', status: 'OPERATING' },
    refused: { operation: 'update', fields: { siteId: 'NASHUA' }, problem: { field: 'siteId', code: 'not_writable_on_update' } },
    deleted: { mode: 'cancel_status', check: statusIs('DECOMMISSIONED') },
  },
  {
    system: 'sap',
    entity: 'asset',
    collection: 'Equipment',
    create: (unique) => ({ name: unique, category: 'M', siteId: '1010', locationId: '30000001' }),
    stored: (unique) => ({ EquipmentName: unique, EquipmentCategory: 'M', MaintenancePlant: '1010', FunctionalLocation: '30000001' }),
    update: { name: 'Renamed pump', locationId: '30000002' },
    updated: { EquipmentName: 'Renamed pump', FunctionalLocation: '30000002' },
    refused: { operation: 'create', fields: { name: 'Numbered', category: 'M', number: '10000099' }, problem: { field: 'number', code: 'read_only' } },
    deleted: { mode: 'soft', check: removed },
  },
  {
    system: 'fiix',
    entity: 'asset',
    collection: 'Asset',
    create: (unique) => ({ name: unique, siteId: '1', locationId: '1', number: 'PUMP-200' }),
    stored: (unique) => ({ strName: unique, intSiteID: 1, intAssetLocationID: 1, strCode: 'PUMP-200', intCategoryID: 2 }),
    update: { name: 'Renamed pump' },
    updated: { strName: 'Renamed pump', intCategoryID: 2 },
    // A create: Fiix reads a record with a POST too, so an update's refusal could not be told from a write in the request log.
    refused: { operation: 'create', fields: { name: 'Part, not equipment', siteId: '1', category: '4' }, problem: { field: 'category', code: 'read_only' } },
    deleted: { mode: 'hard', check: removed },
  },
  {
    system: 'upkeep',
    entity: 'asset',
    collection: 'assets',
    create: (unique) => ({ name: unique, serialNumber: 'SN-1', model: 'CP-100', locationId: '3001' }),
    stored: (unique) => ({ name: unique, serial: 'SN-1', model: 'CP-100', location: '3001' }),
    update: { model: 'CP-200' },
    updated: { model: 'CP-200' },
    refused: { operation: 'create', fields: { name: 'Nowhere', locationId: '9999' }, problem: { field: 'locationId', code: 'unknown_reference' } },
    deleted: { mode: 'hard', check: removed },
  },
  {
    system: 'maintainx',
    entity: 'asset',
    collection: 'assets',
    create: (unique) => ({ name: unique, serialNumber: 'SN-1', locationId: '3001' }),
    stored: (unique) => ({ name: unique, serialNumber: 'SN-1', locationId: 3001 }),
    update: { serialNumber: 'SN-2', locationId: '3002' },
    updated: { serialNumber: 'SN-2', locationId: 3002 },
    refused: { operation: 'create', fields: { name: 'Nowhere', locationId: '9999' }, problem: { field: 'locationId', code: 'unknown_reference' } },
    deleted: { mode: 'hard', check: removed },
  },
  {
    system: 'limble',
    entity: 'asset',
    collection: 'assets',
    create: (unique) => ({ name: unique, locationId: '3001' }),
    stored: (unique) => ({ name: unique, locationID: 3001 }),
    update: { name: 'Renamed pump', parentId: '2001' },
    updated: { name: 'Renamed pump', parentAssetID: 2001 },
    refused: { operation: 'update', fields: { locationId: '3002' }, problem: { field: 'locationId', code: 'not_writable_on_update' } },
    deleted: { mode: 'hard', check: removed },
  },
];

const PARTS: WriteCase[] = [
  {
    system: 'maximo',
    entity: 'part',
    collection: 'mxinventory',
    // Inventory is an item in a storeroom, once: each create brings its own item number.
    create: (unique) => ({ number: unique, locationId: 'CENTRAL', siteId: 'BEDFORD', unit: 'EACH' }),
    stored: (unique) => ({ itemnum: unique, location: 'CENTRAL', siteid: 'BEDFORD', issueunit: 'EACH', status: 'ACTIVE' }),
    update: { unit: 'BOX' },
    updated: { issueunit: 'BOX' },
    refused: { operation: 'update', fields: { quantityOnHand: 10 }, problem: { field: 'quantityOnHand', code: 'read_only' } },
    deleted: { mode: 'cancel_status', check: statusIs('OBSOLETE') },
  },
  {
    system: 'sap',
    entity: 'part',
    collection: 'A_Product',
    create: (unique) => ({ name: unique, productType: 'ERSA', unit: 'EA' }),
    stored: (unique) => ({ ProductDescription: unique, ProductType: 'ERSA', BaseUnit: 'EA' }),
    update: { name: 'Renamed seal' },
    updated: { ProductDescription: 'Renamed seal' },
    refused: { operation: 'update', fields: { unit: 'PC' }, problem: { field: 'unit', code: 'not_writable_on_update' } },
    deleted: { mode: 'soft', check: removed },
  },
  {
    system: 'fiix',
    entity: 'part',
    collection: 'Asset',
    create: (unique) => ({ name: unique, siteId: '1', number: 'SEAL-200' }),
    stored: (unique) => ({ strName: unique, intSiteID: 1, strCode: 'SEAL-200', intCategoryID: 4 }),
    update: { number: 'SEAL-201' },
    updated: { strCode: 'SEAL-201', intCategoryID: 4 },
    refused: { operation: 'create', fields: { name: 'Counted', siteId: '1', quantityOnHand: 4 }, problem: { field: 'quantityOnHand', code: 'read_only' } },
    deleted: { mode: 'hard', check: removed },
  },
  {
    system: 'upkeep',
    entity: 'part',
    collection: 'parts',
    create: (unique) => ({ name: unique, number: 'SEAL-200', quantityOnHand: 4, unitCost: 10.5 }),
    stored: (unique) => ({ name: unique, partNumber: 'SEAL-200', quantity: 4, cost: 10.5 }),
    update: { quantityOnHand: 7 },
    updated: { quantity: 7 },
    // UpKeep writes every part field the model has; a field it has not is refused by name.
    refused: { operation: 'create', fields: { name: 'Sited', siteId: '1' }, problem: { field: 'siteId', code: 'unknown_field' } },
    deleted: { mode: 'hard', check: removed },
  },
  {
    system: 'maintainx',
    entity: 'part',
    collection: 'parts',
    create: (unique) => ({ name: unique, number: 'SEAL-200', unitCost: 10.5 }),
    stored: (unique) => ({ name: unique, partNumber: 'SEAL-200', unitCost: 10.5 }),
    update: { unitCost: 11 },
    updated: { unitCost: 11 },
    refused: { operation: 'update', fields: { quantityOnHand: 3 }, problem: { field: 'quantityOnHand', code: 'read_only' } },
    deleted: { mode: 'hard', check: removed },
  },
  {
    system: 'limble',
    entity: 'part',
    collection: 'parts',
    create: (unique) => ({ name: unique, number: 'SEAL-200', quantityOnHand: 4, unitCost: 10.5, locationId: '3001' }),
    stored: (unique) => ({ name: unique, number: 'SEAL-200', quantity: 4, price: 10.5, locationID: 3001 }),
    update: { quantityOnHand: 9 },
    updated: { quantity: 9 },
    refused: { operation: 'update', fields: { locationId: '3002' }, problem: { field: 'locationId', code: 'not_writable_on_update' } },
    deleted: { mode: 'hard', check: removed },
  },
];

const SYSTEMS = ASSETS.map(({ system }) => system);

let service: ConnectorsTestApp;
let admin: string;
const sims = new Map<SystemKind, RunningSimulator>();
const connections = new Map<SystemKind, string>();

beforeAll(async () => {
  ({ service, admin } = await startWriteSystems(DATABASE, SYSTEMS, { sims, connections }, (app, _system, connectionId) => syncEntity(app.service, app.admin, connectionId, 'location')));
});
afterAll(async () => {
  await service?.close();
  for (const sim of sims.values()) await sim.close();
});

describe.each([...ASSETS, ...PARTS])('$system $entity', ({ system, entity, collection, create, stored, update, updated, refused, deleted }) => {
  const sim = () => sims.get(system) as RunningSimulator;
  const records = (path: string) => `/api/v1/connections/${connections.get(system)}/records/${entity}${path}`;
  const write = (method: 'post' | 'patch' | 'delete', path: string, body?: object, key = randomUUID()) =>
    service.http()[method](records(path)).set('Authorization', admin).set('Idempotency-Key', key).send(body);
  const storedRecord = async (id: string) => (await sim().admin.records(collection)).find((record) => String(record.id) === id);
  const unique = () => `U-${randomUUID().slice(0, 8)}`;

  it(`publishes ${entity} writes in the capabilities, with the delete mode`, async () => {
    const { body: capabilities } = await service.http().get(`/api/v1/connectors/${system}/capabilities`).set('Authorization', admin).expect(200);
    const view = capabilities.entities.find((candidate: { entity: string }) => candidate.entity === entity);
    expect(view).toMatchObject({ create: { supported: true }, update: { supported: true }, delete: { supported: true, mode: deleted.mode } });
  });

  it(`creates a ${entity} upstream in the system fields, then updates it`, async () => {
    const mark = unique();
    const created = await write('post', '', create(mark)).expect(201);
    expect(created.body).toMatchObject({ entity, operation: 'create', fields: create(mark) });
    const id = String(created.body.remote_id);
    expect((await storedRecord(id))?.fields).toMatchObject(stored(mark));
    await write('patch', `/${id}`, update).expect(200);
    expect((await storedRecord(id))?.fields).toMatchObject(updated);
  });

  it(`refuses ${refused.problem.field} (${refused.problem.code}) with 422, the dry run lists it, and nothing reaches ${system}`, async () => {
    const { body: target } = await write('post', '', create(unique())).expect(201);
    const path = refused.operation === 'create' ? '' : `/${target.remote_id}`;
    const query = refused.operation === 'create' ? '' : `?operation=update&remote_id=${target.remote_id}`;
    const requests = await requestsBehindMarker(service, admin, sim(), connections.get(system) ?? '', async () => {
      const answer = await write(refused.operation === 'create' ? 'post' : 'patch', path, refused.fields).expect(422);
      expect(answer.body.errors).toEqual([expect.objectContaining(refused.problem)]);
      const dryRun = await service.http().post(`${records('/validate')}${query}`).set('Authorization', admin).send(refused.fields).expect(200);
      expect(dryRun.body).toMatchObject({ valid: false, problems: [expect.objectContaining(refused.problem)] });
    });
    expect(writesAmong(requests)).toEqual([]);
  });

  it('makes one record when a create is retried with the same Idempotency-Key, and deletes it the system way', async () => {
    const mark = unique();
    const key = randomUUID();
    const first = await write('post', '', create(mark), key).expect(201);
    const again = await write('post', '', create(mark), key).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.remote_id).toBe(first.body.remote_id);
    const marked = (await sim().admin.records(collection)).filter((record) => Object.values(record.fields).includes(mark));
    expect(marked.map((record) => String(record.id))).toEqual([String(first.body.remote_id)]);
    const removal = await write('delete', `/${first.body.remote_id}`).expect(200);
    expect(removal.body.delete_mode).toBe(deleted.mode);
    deleted.check(await storedRecord(String(first.body.remote_id)));
  });
});

describe('maximo asset state', () => {
  it('refuses any change to a decommissioned asset naming the state, and sends nothing', async () => {
    const sim = sims.get('maximo') as RunningSimulator;
    const connectionId = connections.get('maximo') ?? '';
    const [asset] = await sim.admin.seed('mxasset', [{ assetnum: `D-${randomUUID().slice(0, 6)}`, description: 'Old boiler', siteid: 'BEDFORD', status: 'DECOMMISSIONED' }]);
    const url = `/api/v1/connections/${connectionId}/records/asset/${asset?.id}`;
    const requests = await requestsBehindMarker(service, admin, sim, connectionId, async () => {
      const update = await service.http().patch(url).set('Authorization', admin).set('Idempotency-Key', randomUUID()).send({ name: 'Revived' }).expect(422);
      expect(update.body.errors).toEqual([expect.objectContaining({ field: 'name', code: 'state_locked', state: 'DECOMMISSIONED' })]);
      const removal = await service.http().delete(url).set('Authorization', admin).set('Idempotency-Key', randomUUID()).expect(422);
      expect(removal.body.errors).toEqual([expect.objectContaining({ field: 'status', code: 'state_locked', state: 'DECOMMISSIONED' })]);
    });
    expect(writesAmong(requests)).toEqual([]);
  });
});
