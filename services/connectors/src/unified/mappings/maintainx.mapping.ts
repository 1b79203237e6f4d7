/**
 * MaintainX REST v1: cursor pages with no modified filter (full scan), deleted records vanish;
 * customer fields inside `extraFields`.
 */
import { field, type SystemMapping } from '../mapping';

const SYNC = { incremental: 'full_scan', deletes: 'full_scan_compare' } as const;
const base = { idField: 'id', modifiedField: 'updatedAt', sync: SYNC } as const;

const WO_STATUS = { OPEN: 'open', IN_PROGRESS: 'in_progress', ON_HOLD: 'on_hold', DONE: 'completed' };
const PO_STATUS = { DRAFT: 'draft', PENDING: 'pending_approval', APPROVED: 'approved', DECLINED: 'cancelled', FULFILLED: 'received', CANCELED: 'cancelled' };

export const MAINTAINX_MAPPING: SystemMapping = {
  system: 'maintainx',
  customFieldContainer: { field: 'extraFields', kind: 'object' },
  customTables: 'another REST resource by its path, e.g. a customer resource such as `calibrations` (id field `id`)',
  entities: {
    workOrder: {
      ...base,
      collection: 'workorders',
      fields: [
        field('title', 'title'),
        field('description', 'description'),
        field('status', 'status', 'string', { kind: 'codes', codes: WO_STATUS }),
        field('priority', 'priority'),
        field('assetId', 'assetId'),
        field('locationId', 'locationId'),
        field('dueDate', 'dueDate', 'datetime'),
      ],
    },
    asset: { ...base, collection: 'assets', fields: [field('name', 'name'), field('serialNumber', 'serialNumber'), field('locationId', 'locationId')] },
    location: { ...base, collection: 'locations', fields: [field('name', 'name'), field('address', 'address')] },
    purchaseOrder: {
      ...base,
      collection: 'purchaseorders',
      fields: [field('description', 'title'), field('status', 'status', 'string', { kind: 'codes', codes: PO_STATUS }), field('vendorCode', 'vendorId')],
      lines: { remote: 'items', fields: [field('partNumber', 'partId'), field('quantity', 'quantity', 'number'), field('unitCost', 'unitCost', 'number')] },
    },
    part: {
      ...base,
      collection: 'parts',
      fields: [field('name', 'name'), field('number', 'partNumber'), field('quantityOnHand', 'availableQuantity', 'number'), field('unitCost', 'unitCost', 'number')],
    },
    vendor: { ...base, collection: 'vendors', fields: [field('name', 'name'), field('email', 'email')] },
    user: { ...base, collection: 'users', fields: [field('firstName', 'firstName'), field('lastName', 'lastName'), field('email', 'email'), field('role', 'role')] },
  },
};
