/**
 * Limble CMMS REST v2: page/limit lists with no modified filter (tasks and everything else: full
 * scan), deleted records vanish; `lastEdited` and `due` in epoch seconds; customer fields in the
 * `fields` list of `{field, value}` pairs; task status ids are the customer's.
 */
import { field, type SystemMapping } from '../mapping';

const EPOCH = { kind: 'epochSeconds' } as const;
const SYNC = { incremental: 'full_scan', deletes: 'full_scan_compare' } as const;
const base = { modifiedField: 'lastEdited', modifiedTransform: EPOCH, sync: SYNC } as const;

/**
 * Limble's own statuses 0-2. An account's own status ids (listed by `GET /v2/tasks/statuses`) are
 * mapped per connection in the unified settings' `codes`; until then they read as the bare id.
 */
const TASK_STATUS = { '0': 'open', '1': 'in_progress', '2': 'completed' };
const PO_STATUS = { Requested: 'pending_approval', Approved: 'approved', Ordered: 'ordered', Received: 'received', Closed: 'closed', Rejected: 'cancelled' };

export const LIMBLE_MAPPING: SystemMapping = {
  system: 'limble',
  dates: EPOCH,
  customFieldContainer: { field: 'fields', kind: 'pairs' },
  customTables: 'another v2 resource by its path, e.g. a customer table such as `calibrations` (its id field, e.g. `calibrationID`)',
  entities: {
    workOrder: {
      ...base,
      collection: 'tasks',
      idField: 'taskID',
      fields: [
        field('title', 'name'),
        field('description', 'description'),
        field('status', 'statusID', 'string', { kind: 'codes', codes: TASK_STATUS, listed: { path: '/v2/tasks/statuses', code: 'statusID', name: 'name' } }),
        field('priority', 'priority'),
        field('workType', 'type'),
        field('assetId', 'assetID'),
        field('locationId', 'locationID'),
        field('dueDate', 'due', 'datetime', EPOCH),
      ],
    },
    asset: { ...base, collection: 'assets', idField: 'assetID', fields: [field('name', 'name'), field('locationId', 'locationID'), field('parentId', 'parentAssetID')] },
    location: { ...base, collection: 'locations', idField: 'locationID', fields: [field('name', 'name')] },
    purchaseOrder: {
      ...base,
      collection: 'pos',
      idField: 'poID',
      fields: [field('number', 'poNumber'), field('status', 'state', 'string', { kind: 'codes', codes: PO_STATUS }), field('vendorCode', 'vendorID')],
      lines: { remote: 'items', fields: [field('partNumber', 'partID'), field('quantity', 'count', 'number'), field('unitCost', 'rate', 'number')] },
    },
    part: {
      ...base,
      collection: 'parts',
      idField: 'partID',
      fields: [field('name', 'name'), field('number', 'number'), field('quantityOnHand', 'quantity', 'number'), field('unitCost', 'price', 'number'), field('locationId', 'locationID')],
    },
    vendor: { ...base, collection: 'vendors', idField: 'vendorID', fields: [field('name', 'name'), field('email', 'email')] },
    user: { ...base, collection: 'users', idField: 'userID', fields: [field('firstName', 'firstName'), field('lastName', 'lastName'), field('email', 'email')] },
  },
};
