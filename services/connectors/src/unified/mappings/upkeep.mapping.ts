/**
 * UpKeep REST v2: ISO `updatedAt`, filterable with `updatedAtGreaterThan`; deleted records vanish;
 * customer fields inside `customFields`.
 */
import { field, type SystemMapping } from '../mapping';

const SYNC = { incremental: 'modified_since', deletes: 'full_scan_compare' } as const;
const base = { idField: 'id', modifiedField: 'updatedAt', sync: SYNC } as const;

const WO_STATUS = { open: 'open', onHold: 'on_hold', inProgress: 'in_progress', complete: 'completed' };
const PO_STATUS = { awaitingApproval: 'pending_approval', approved: 'approved', declined: 'cancelled', fulfilled: 'received', partiallyFulfilled: 'ordered' };

export const UPKEEP_MAPPING: SystemMapping = {
  system: 'upkeep',
  customFieldContainer: { field: 'customFields', kind: 'object' },
  customTables: 'another REST resource by its path, e.g. `meters` or a customer resource such as `calibrations` (id field `id`)',
  entities: {
    workOrder: {
      ...base,
      collection: 'work-orders',
      fields: [
        field('title', 'title'),
        field('description', 'description'),
        field('status', 'status', 'string', { kind: 'codes', codes: WO_STATUS }),
        field('priority', 'priority'),
        field('workType', 'category'),
        field('assetId', 'asset'),
        field('locationId', 'location'),
        field('dueDate', 'dueDate', 'datetime'),
      ],
    },
    asset: { ...base, collection: 'assets', fields: [field('name', 'name'), field('serialNumber', 'serial'), field('model', 'model'), field('locationId', 'location')] },
    location: { ...base, collection: 'locations', fields: [field('name', 'name'), field('address', 'address')] },
    purchaseOrder: {
      ...base,
      collection: 'purchase-orders',
      fields: [field('description', 'title'), field('status', 'status', 'string', { kind: 'codes', codes: PO_STATUS }), field('vendorCode', 'vendor')],
      lines: { remote: 'partsPurchased', fields: [field('partNumber', 'part'), field('quantity', 'quantity', 'number'), field('unitCost', 'price', 'number')] },
    },
    part: { ...base, collection: 'parts', fields: [field('name', 'name'), field('number', 'partNumber'), field('quantityOnHand', 'quantity', 'number'), field('unitCost', 'cost', 'number')] },
    vendor: { ...base, collection: 'vendors', fields: [field('name', 'businessName'), field('email', 'email')] },
    user: { ...base, collection: 'users', fields: [field('firstName', 'firstName'), field('lastName', 'lastName'), field('email', 'email'), field('role', 'role')] },
  },
};
