/**
 * The unified model: the fields every system's record is mapped to, per entity. Each system fills
 * what it has (a field it lacks stays absent); every record also carries `remote_id`,
 * `remote_updated_at`, `remote_deleted`, `custom_fields` and, on request, `remote_data`.
 */
import type { UnifiedEntity } from '../adapters';

export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'datetime', 'json'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface UnifiedFieldSpec {
  name: string;
  type: FieldType;
  description: string;
  /** The values the field may take, where the model normalizes it (statuses): a connection's code overrides must map into these. */
  values?: readonly string[];
}

export interface UnifiedEntitySpec {
  description: string;
  fields: readonly UnifiedFieldSpec[];
  /** Purchase orders carry their lines; the header and lines travel together. */
  lines?: readonly UnifiedFieldSpec[];
}

/** Normalized work order statuses; each system's codes map onto these (tables in its mapping). */
export const WORK_ORDER_STATUSES = ['open', 'approved', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'] as const;
export const PURCHASE_ORDER_STATUSES = ['draft', 'pending_approval', 'approved', 'ordered', 'received', 'closed', 'cancelled'] as const;

const f = (name: string, type: FieldType, description: string, values?: readonly string[]): UnifiedFieldSpec => (values ? { name, type, description, values } : { name, type, description });

export const UNIFIED_MODEL: Readonly<Record<UnifiedEntity, UnifiedEntitySpec>> = {
  workOrder: {
    description: 'A maintenance work order (Maximo work order, SAP maintenance order, Limble task).',
    fields: [
      f('number', 'string', 'The number people use for it (work order number, code).'),
      f('title', 'string', 'Short title.'),
      f('description', 'string', 'Longer description.'),
      f('status', 'string', `Normalized status: ${WORK_ORDER_STATUSES.join(', ')}.`, WORK_ORDER_STATUSES),
      f('priority', 'string', "The system's priority as text (1 is highest where numeric)."),
      f('workType', 'string', 'Work type or maintenance type (corrective, preventive, ...).'),
      f('assetId', 'string', 'remote_id of the asset worked on.'),
      f('locationId', 'string', 'remote_id of the location.'),
      f('siteId', 'string', 'Site or plant.'),
      f('dueDate', 'datetime', 'Due or planned start time.'),
    ],
  },
  asset: {
    description: 'A piece of equipment.',
    fields: [
      f('name', 'string', 'Name or description.'),
      f('number', 'string', 'Asset number or code.'),
      f('status', 'string', "The system's asset status."),
      f('serialNumber', 'string', 'Serial number.'),
      f('model', 'string', 'Model.'),
      f('category', 'string', 'Category or class.'),
      f('locationId', 'string', 'remote_id (or code, where the system links by code) of its location.'),
      f('parentId', 'string', 'remote_id of the parent asset.'),
      f('siteId', 'string', 'Site or plant.'),
    ],
  },
  location: {
    description: 'A place assets stand in (operating location, functional location).',
    fields: [
      f('name', 'string', 'Name or description.'),
      f('number', 'string', 'Location code.'),
      f('type', 'string', 'Location type.'),
      f('status', 'string', "The system's location status."),
      f('address', 'string', 'Street address.'),
      f('siteId', 'string', 'Site or plant.'),
    ],
  },
  purchaseOrder: {
    description: 'A purchase order: header and lines.',
    fields: [
      f('number', 'string', 'Purchase order number.'),
      f('description', 'string', 'Title or description.'),
      f('status', 'string', `Normalized status: ${PURCHASE_ORDER_STATUSES.join(', ')}.`, PURCHASE_ORDER_STATUSES),
      f('vendorCode', 'string', 'remote_id (or code, where the system links by code) of the vendor.'),
      f('currency', 'string', 'ISO currency code.'),
      f('siteId', 'string', 'Site, plant or company code.'),
    ],
    lines: [
      f('lineNumber', 'string', 'Line number.'),
      f('partNumber', 'string', 'remote_id (or item number) of the part ordered.'),
      f('description', 'string', 'Line text.'),
      f('quantity', 'number', 'Quantity ordered.'),
      f('unitCost', 'number', 'Price per unit.'),
    ],
  },
  part: {
    description: 'A spare part or inventory item.',
    fields: [
      f('name', 'string', 'Name or description.'),
      f('number', 'string', 'Part or item number.'),
      f('quantityOnHand', 'number', 'Quantity in stock.'),
      f('unitCost', 'number', 'Cost per unit.'),
      f('unit', 'string', 'Unit of issue.'),
      f('locationId', 'string', 'remote_id (or code) of the storeroom or location.'),
      f('siteId', 'string', 'Site or plant.'),
    ],
  },
  vendor: {
    description: 'A supplier.',
    fields: [
      f('name', 'string', 'Company name.'),
      f('code', 'string', 'Vendor code.'),
      f('email', 'string', 'Order e-mail.'),
      f('currency', 'string', 'ISO currency code.'),
      f('country', 'string', 'Country.'),
    ],
  },
  user: {
    description: 'A person with an account in the system.',
    fields: [
      f('name', 'string', 'Full display name.'),
      f('firstName', 'string', 'First name.'),
      f('lastName', 'string', 'Last name.'),
      f('email', 'string', 'E-mail address.'),
      f('username', 'string', 'Login or person id.'),
      f('role', 'string', 'Role.'),
      f('status', 'string', "The system's user status."),
    ],
  },
};
