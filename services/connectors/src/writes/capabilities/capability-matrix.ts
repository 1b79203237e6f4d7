/**
 * What each system lets the unified API write, as data: per system × entity × operation, per
 * field (writable on create, on update, never), and the workflow states that lock a record. The
 * write path and the validate endpoint read only this; docs/services/connectors.md describes it.
 * An entity missing here is read-only through the unified API.
 */
import type { UnifiedEntity } from '../../adapters';
import type { CapabilityMatrix, DeleteCapability, EntityCapability, FieldCapability, OperationCapability } from './capability.types';

const both = (remote: string, type: FieldCapability['type'] = 'string', extra: Partial<FieldCapability> = {}): FieldCapability => ({ type, remote, create: true, update: true, ...extra });
const onCreate = (remote: string, reason: string, type: FieldCapability['type'] = 'string', extra: Partial<FieldCapability> = {}): FieldCapability => ({
  type,
  remote,
  create: true,
  update: false,
  reason,
  ...extra,
});
const onUpdate = (remote: string, reason: string, type: FieldCapability['type'] = 'string'): FieldCapability => ({ type, remote, create: false, update: true, reason });
const never = (remote: string, reason: string, type: FieldCapability['type'] = 'string'): FieldCapability => ({ type, remote, create: false, update: false, reason });

const YES: OperationCapability = { supported: true };
const no = (reason: string): OperationCapability => ({ supported: false, reason });
const noDelete = (reason: string): DeleteCapability => ({ supported: false, reason });

/** Whether each system's API writes the custom fields of its records (the same for every entity it writes). */
const FIIX_CUSTOM_FIELDS: EntityCapability['customFields'] = { writable: false, reason: 'Fiix custom fields are not writable through the RPC API' };
const UPKEEP_CUSTOM_FIELDS: EntityCapability['customFields'] = { writable: false, reason: 'UpKeep custom fields cannot be written through its API' };
const MAINTAINX_CUSTOM_FIELDS: EntityCapability['customFields'] = { writable: true, reason: 'written inside extraFields' };
const LIMBLE_CUSTOM_FIELDS: EntityCapability['customFields'] = { writable: false, reason: 'Limble custom fields are written through a separate field API the connector does not use yet' };

const MAXIMO_WORK_ORDER: EntityCapability = {
  create: YES,
  update: { supported: true, reason: 'POST with x-method-override: PATCH, guarded by _rowstamp' },
  delete: { supported: true, mode: 'cancel_status', cancel: { field: 'status', value: 'CAN' }, reason: 'Maximo keeps work orders: a delete cancels it (status CAN)' },
  fields: {
    number: onCreate('wonum', 'the work order number is its key once created'),
    title: both('description'),
    status: onUpdate('status', 'a new work order starts in WAPPR; its status then follows Maximo transitions'),
    priority: both('wopriority', 'string', { native: 'integer' }),
    workType: both('worktype'),
    siteId: onCreate('siteid', 'the site owns the work order', 'string', { requiredOnCreate: true }),
    assetId: both('assetnum'),
    locationId: both('location'),
    dueDate: both('targcompdate', 'datetime'),
  },
  locks: [
    {
      field: 'status',
      states: ['COMP', 'CLOSE', 'CAN'],
      operations: ['update', 'delete'],
      except: ['status'],
      reason: 'a completed, closed or cancelled work order is read-only in Maximo (only its status moves on)',
    },
  ],
  // Maximo's WOSTATUS rules (a subset): refused here rather than by a BMXAA4590E upstream.
  transitions: {
    field: 'status',
    allowed: {
      WAPPR: ['APPR', 'INPRG', 'WMATL', 'CAN'],
      APPR: ['WAPPR', 'INPRG', 'WMATL', 'COMP', 'CAN'],
      WMATL: ['APPR', 'INPRG', 'CAN'],
      INPRG: ['WMATL', 'COMP'],
      COMP: ['CLOSE'],
      CLOSE: [],
      CAN: [],
    },
  },
  createTag: 'externalrefid',
  customFields: { writable: true },
};

const MAXIMO_PURCHASE_ORDER: EntityCapability = {
  create: { supported: true, reason: 'header and lines (poline) in one request' },
  update: { supported: true, reason: 'header fields only, guarded by _rowstamp' },
  delete: { supported: true, mode: 'cancel_status', cancel: { field: 'status', value: 'CAN' }, reason: 'a delete cancels the purchase order (status CAN)' },
  fields: {
    number: onCreate('ponum', 'the purchase order number is its key once created'),
    description: both('description'),
    vendorCode: both('vendor', 'string', { requiredOnCreate: true, references: 'vendor' }),
    currency: both('currencycode'),
    siteId: onCreate('siteid', 'the site owns the purchase order', 'string', { requiredOnCreate: true }),
    status: never('status', 'approval happens in Maximo, not through the API'),
    lines: {
      type: 'lines',
      remote: 'poline',
      create: true,
      update: false,
      reason: 'lines are created with the header; later changes go through Maximo',
      lineFields: {
        partNumber: both('itemnum'),
        description: both('description'),
        quantity: both('orderqty', 'number', { requiredOnCreate: true }),
        unitCost: both('unitcost', 'number'),
      },
    },
  },
  locks: [{ field: 'status', states: ['APPR', 'INPRG', 'CLOSE', 'CAN'], operations: ['update', 'delete'], reason: 'an approved purchase order cannot be edited; revise it in Maximo' }],
  lines: 'deep_insert',
  createTag: 'externalrefid',
  customFields: { writable: true },
};

const SAP_WORK_ORDER: EntityCapability = {
  create: { supported: true, reason: 'CSRF token and session cookie first' },
  update: { supported: true, reason: 'PATCH with the ETag in If-Match' },
  delete: { supported: true, mode: 'soft', reason: 'sets the deletion flag (IsMarkedForDeletion)' },
  fields: {
    title: both('MaintenanceOrderDesc'),
    workType: onCreate('OrderType', 'the order type decides the order number range', 'string', { requiredOnCreate: true }),
    siteId: onCreate('MaintenancePlant', 'the maintenance plant owns the order', 'string', { requiredOnCreate: true }),
    priority: both('MaintPriority'),
    workCenter: both('MainWorkCenter', 'string', { extension: true }),
    dueDate: both('PlannedStartDate', 'datetime'),
    assetId: both('Equipment'),
    locationId: both('FunctionalLocation'),
    status: never('SystemStatus', 'SAP changes order status only through its business functions (release, technically complete)'),
  },
  locks: [],
  createTag: 'YY1_MateWriteKey_ORD',
  customFields: { writable: true },
};

const SAP_PURCHASE_ORDER: EntityCapability = {
  create: { supported: true, reason: 'deep insert: header and items (to_PurchaseOrderItem) in one request' },
  update: { supported: true, reason: 'header fields only, PATCH with the ETag in If-Match' },
  delete: { supported: true, mode: 'soft', reason: 'sets the deletion flag' },
  fields: {
    vendorCode: both('Supplier', 'string', { requiredOnCreate: true, references: 'vendor' }),
    orderType: onCreate('PurchaseOrderType', 'the document type is fixed once created', 'string', { requiredOnCreate: true, extension: true }),
    siteId: onCreate('CompanyCode', 'the company code is fixed once created', 'string', { requiredOnCreate: true }),
    purchasingOrganization: both('PurchasingOrganization', 'string', { extension: true }),
    currency: both('DocumentCurrency'),
    status: never('PurchasingProcessingStatus', 'set by the release workflow in SAP'),
    lines: {
      type: 'lines',
      remote: 'to_PurchaseOrderItem',
      create: true,
      update: false,
      reason: 'items are created with the header (deep insert)',
      lineFields: {
        partNumber: both('Material'),
        description: both('PurchaseOrderItemText'),
        quantity: both('OrderQuantity', 'number', { requiredOnCreate: true, native: 'decimal_text' }),
        unitCost: both('NetPriceAmount', 'number', { native: 'decimal_text' }),
        plant: both('Plant', 'string', { extension: true }),
      },
    },
  },
  locks: [{ field: 'PurchasingProcessingStatus', states: ['05'], operations: ['update'], reason: 'a released purchase order cannot be changed until its release is reset' }],
  lines: 'deep_insert',
  createTag: 'CorrespncExternalReference',
  customFields: { writable: true },
};

const LIMBLE_WORK_ORDER: EntityCapability = {
  create: { supported: true, reason: 'statusID is refused on create: the task is created, then its status PATCHed (deleted again if that fails)' },
  update: YES,
  delete: { supported: true, mode: 'hard' },
  fields: {
    title: both('name', 'string', { requiredOnCreate: true }),
    description: both('description'),
    status: both('statusID', 'string', { native: 'integer', reason: "Limble's status ids are the customer's own (GET /v2/tasks/statuses)" }),
    priority: both('priority', 'string', { native: 'integer' }),
    assetId: both('assetID', 'string', { native: 'integer' }),
    locationId: both('locationID', 'string', { native: 'integer' }),
    dueDate: both('due', 'datetime'),
  },
  locks: [],
  customFields: LIMBLE_CUSTOM_FIELDS,
};

const LIMBLE_PURCHASE_ORDER: EntityCapability = {
  create: { supported: true, reason: 'header and items in one request' },
  update: YES,
  delete: { supported: true, mode: 'hard' },
  fields: {
    number: onCreate('poNumber', 'the PO number is its key once created', 'string', { native: 'integer' }),
    vendorCode: both('vendorID', 'string', { requiredOnCreate: true, references: 'vendor', native: 'integer' }),
    status: never('state', 'approval happens in Limble'),
    lines: {
      type: 'lines',
      remote: 'items',
      create: true,
      update: false,
      reason: 'items are created with the header',
      lineFields: { partNumber: both('partID', 'string', { requiredOnCreate: true, native: 'integer' }), quantity: both('count', 'number', { requiredOnCreate: true }), unitCost: both('rate', 'number') },
    },
  },
  locks: [{ field: 'state', states: ['Approved', 'Ordered', 'Received', 'Closed'], operations: ['update', 'delete'], reason: 'an approved purchase order is locked in Limble' }],
  lines: 'deep_insert',
  customFields: { writable: false, reason: 'not writable through the Limble API' },
};

const FIIX_WORK_ORDER: EntityCapability = {
  create: { supported: true, reason: 'AddRequest' },
  update: { supported: true, reason: 'ChangeRequest naming the changed fields' },
  delete: { supported: true, mode: 'hard', reason: 'RemoveRequest' },
  fields: {
    number: onCreate('strCode', 'the code is the work order key'),
    title: both('strDescription', 'string', { requiredOnCreate: true }),
    status: both('intWorkOrderStatusID', 'string', { native: 'integer' }),
    priority: both('intPriorityID', 'string', { native: 'integer' }),
    siteId: onCreate('intSiteID', 'the site owns the work order', 'string', { requiredOnCreate: true, native: 'integer' }),
  },
  locks: [],
  customFields: FIIX_CUSTOM_FIELDS,
};

const FIIX_PURCHASE_ORDER: EntityCapability = {
  create: { supported: true, reason: 'header, then each line (PurchaseOrderLineItem) one call at a time; a failed line removes the order again (compensation) and is reported; a retry after a lost reply finishes the order' },
  update: { supported: true, reason: 'header fields only (ChangeRequest)' },
  delete: { supported: true, mode: 'hard', reason: 'RemoveRequest' },
  fields: {
    number: onCreate('strCode', 'the code is the purchase order key'),
    vendorCode: both('intSupplierID', 'string', { requiredOnCreate: true, references: 'vendor', native: 'integer' }),
    siteId: onCreate('intSiteID', 'the site owns the purchase order', 'string', { requiredOnCreate: true, native: 'integer' }),
    status: never('intPurchaseOrderStatusID', 'approval happens in Fiix'),
    lines: {
      type: 'lines',
      remote: 'lines',
      create: true,
      update: false,
      reason: 'lines are added with the header',
      lineFields: {
        partNumber: both('intStockID', 'string', { native: 'integer' }),
        description: both('strDescription'),
        quantity: both('qtyOnOrder', 'number', { requiredOnCreate: true }),
        unitCost: both('dblUnitPrice', 'number'),
      },
    },
  },
  locks: [],
  lines: 'compensated',
  customFields: FIIX_CUSTOM_FIELDS,
};

const UPKEEP_WORK_ORDER: EntityCapability = {
  create: YES,
  update: YES,
  delete: noDelete('UpKeep cannot delete work orders and has no cancelled status: set status complete instead'),
  fields: {
    title: both('title', 'string', { requiredOnCreate: true }),
    description: both('description'),
    status: both('status'),
    priority: both('priority', 'string', { native: 'integer' }),
    assetId: both('asset'),
    locationId: both('location'),
  },
  locks: [],
  customFields: UPKEEP_CUSTOM_FIELDS,
};

const MAINTAINX_WORK_ORDER: EntityCapability = {
  create: YES,
  update: YES,
  delete: { supported: true, mode: 'hard' },
  fields: {
    title: both('title', 'string', { requiredOnCreate: true }),
    description: both('description'),
    status: both('status'),
    priority: both('priority'),
    assetId: both('assetId', 'string', { native: 'integer' }),
    locationId: both('locationId', 'string', { native: 'integer' }),
  },
  locks: [],
  customFields: MAINTAINX_CUSTOM_FIELDS,
};

/*
 * Assets. Sources: IBM Maximo MXAPIASSET (object structure `mxasset` here; assetnum + siteid are
 * the key, status changes follow ASSETSTATUS, DECOMMISSIONED is final and an asset with history is
 * decommissioned rather than deleted); SAP API_EQUIPMENT (entity `Equipment`: the number comes
 * from the equipment category's number range, deletion is a flag); Fiix `Asset` RPC class (one
 * class for locations, equipment and parts, told apart by intCategoryID: writes here are
 * equipment); UpKeep `/api/v2/assets`, MaintainX `/v1/assets`, Limble `/v2/assets` (an asset
 * belongs to a location) with their REST create, PATCH and DELETE.
 */

/** Maximo ASSETSTATUS (a subset): a new asset starts NOT READY; DECOMMISSIONED is final. */
const MAXIMO_ASSET_TRANSITIONS = {
  field: 'status',
  allowed: {
    'NOT READY': ['OPERATING', 'DECOMMISSIONED'],
    OPERATING: ['NOT READY', 'DECOMMISSIONED'],
    DECOMMISSIONED: [],
  },
} as const;

const MAXIMO_ASSET: EntityCapability = {
  create: { supported: true, reason: 'POST to MXAPIASSET; a new asset starts NOT READY' },
  update: { supported: true, reason: 'POST with x-method-override: PATCH, guarded by _rowstamp' },
  delete: { supported: true, mode: 'cancel_status', cancel: { field: 'status', value: 'DECOMMISSIONED' }, reason: 'Maximo keeps assets (and their history): a delete decommissions it (status DECOMMISSIONED)' },
  fields: {
    number: onCreate('assetnum', 'the asset number is its key (with the site) once created', 'string', { requiredOnCreate: true }),
    name: both('description'),
    status: onUpdate('status', 'a new asset starts NOT READY; its status then follows Maximo ASSETSTATUS transitions'),
    serialNumber: both('serialnum'),
    category: both('assettype'),
    locationId: both('location', 'string', { references: 'location' }),
    parentId: both('parent'),
    siteId: onCreate('siteid', 'the site owns the asset', 'string', { requiredOnCreate: true }),
  },
  locks: [{ field: 'status', states: ['DECOMMISSIONED'], operations: ['update', 'delete'], reason: 'a decommissioned asset is read-only in Maximo' }],
  transitions: MAXIMO_ASSET_TRANSITIONS,
  createTag: 'externalrefid',
  customFields: { writable: true },
};

const SAP_ASSET: EntityCapability = {
  create: { supported: true, reason: 'POST to API_EQUIPMENT after a CSRF token and session cookie' },
  update: { supported: true, reason: 'PATCH with the ETag in If-Match' },
  delete: { supported: true, mode: 'soft', reason: 'sets the deletion flag (IsMarkedForDeletion); SAP archives equipment, it never removes it' },
  fields: {
    number: never('Equipment', "assigned from the equipment category's number range"),
    name: both('EquipmentName', 'string', { requiredOnCreate: true }),
    category: onCreate('EquipmentCategory', 'the equipment category decides the number range and views', 'string', { requiredOnCreate: true }),
    locationId: both('FunctionalLocation', 'string', { references: 'location' }),
    siteId: both('MaintenancePlant'),
  },
  locks: [],
  createTag: 'YY1_MateWriteKey_EQU',
  customFields: { writable: true },
};

const FIIX_ASSET: EntityCapability = {
  create: { supported: true, reason: 'AddRequest on class Asset with intCategoryID 2 (equipment)' },
  update: { supported: true, reason: 'ChangeRequest naming the changed fields' },
  delete: { supported: true, mode: 'hard', reason: 'RemoveRequest' },
  fields: {
    number: both('strCode'),
    name: both('strName', 'string', { requiredOnCreate: true }),
    category: never('intCategoryID', 'fixed to equipment: in Fiix an Asset of another category is a location or a part'),
    locationId: both('intAssetLocationID', 'string', { native: 'integer', references: 'location' }),
    siteId: onCreate('intSiteID', 'the site owns the asset', 'string', { requiredOnCreate: true, native: 'integer' }),
  },
  locks: [],
  customFields: FIIX_CUSTOM_FIELDS,
};

const UPKEEP_ASSET: EntityCapability = {
  create: YES,
  update: YES,
  delete: { supported: true, mode: 'hard', reason: 'DELETE /assets/{id}' },
  fields: {
    name: both('name', 'string', { requiredOnCreate: true }),
    serialNumber: both('serial'),
    model: both('model'),
    locationId: both('location', 'string', { references: 'location' }),
  },
  locks: [],
  customFields: UPKEEP_CUSTOM_FIELDS,
};

const MAINTAINX_ASSET: EntityCapability = {
  create: YES,
  update: YES,
  delete: { supported: true, mode: 'hard', reason: 'DELETE /assets/{id}' },
  fields: {
    name: both('name', 'string', { requiredOnCreate: true }),
    serialNumber: both('serialNumber'),
    locationId: both('locationId', 'string', { native: 'integer', references: 'location' }),
  },
  locks: [],
  customFields: MAINTAINX_CUSTOM_FIELDS,
};

const LIMBLE_ASSET: EntityCapability = {
  create: { supported: true, reason: 'POST /v2/assets: an asset is created inside a location' },
  update: YES,
  delete: { supported: true, mode: 'hard', reason: 'DELETE /v2/assets/{id}' },
  fields: {
    name: both('name', 'string', { requiredOnCreate: true }),
    locationId: onCreate('locationID', 'an asset belongs to the location it was created in; Limble moves assets only in its own UI', 'string', { requiredOnCreate: true, native: 'integer', references: 'location' }),
    parentId: both('parentAssetID', 'string', { native: 'integer' }),
  },
  locks: [],
  customFields: LIMBLE_CUSTOM_FIELDS,
};

/*
 * Parts and inventory items. Sources: IBM Maximo MXAPIINVENTORY (an inventory record is an item
 * in a storeroom of a site; its balance moves only by issues, receipts and adjustments, its
 * average cost by receipts, its description is the item master's; obsolete inventory is kept);
 * SAP API_PRODUCT_SRV (`A_Product`: the product number from the internal number range, the base
 * unit fixed once stock can exist, deletion a flag); Fiix `Asset` class, category 4 (parts and
 * supplies); UpKeep `/api/v2/parts`, MaintainX `/v1/parts` (available quantity is the sum of the
 * part's stock per location), Limble `/v2/parts` (a part is stocked in a location).
 */

const MAXIMO_PART: EntityCapability = {
  create: { supported: true, reason: 'POST to MXAPIINVENTORY: an existing item put in a storeroom' },
  update: { supported: true, reason: 'POST with x-method-override: PATCH, guarded by _rowstamp' },
  delete: { supported: true, mode: 'cancel_status', cancel: { field: 'status', value: 'OBSOLETE' }, reason: 'Maximo keeps inventory with its transactions: a delete makes it obsolete (status OBSOLETE)' },
  fields: {
    number: onCreate('itemnum', 'the item (from the item master) is the inventory key with its storeroom', 'string', { requiredOnCreate: true }),
    name: never('description', "the item master's description, not the inventory's"),
    quantityOnHand: never('curbal', 'the current balance moves only by issues, receipts and adjustments (not by an edit)', 'number'),
    unitCost: never('avgcost', 'the average cost is computed from receipts', 'number'),
    unit: both('issueunit'),
    locationId: onCreate('location', 'the storeroom is part of the inventory key', 'string', { requiredOnCreate: true }),
    siteId: onCreate('siteid', 'the site owns the storeroom', 'string', { requiredOnCreate: true }),
  },
  locks: [{ field: 'status', states: ['OBSOLETE'], operations: ['update', 'delete'], reason: 'obsolete inventory is read-only in Maximo' }],
  createTag: 'externalrefid',
  customFields: { writable: true },
};

const SAP_PART: EntityCapability = {
  create: { supported: true, reason: 'POST to API_PRODUCT_SRV after a CSRF token and session cookie' },
  update: { supported: true, reason: 'PATCH with the ETag in If-Match' },
  delete: { supported: true, mode: 'soft', reason: 'sets the deletion flag (IsMarkedForDeletion)' },
  fields: {
    number: never('Product', 'assigned from the product number range'),
    name: both('ProductDescription', 'string', { requiredOnCreate: true }),
    productType: onCreate('ProductType', 'the product type (e.g. ERSA spare parts) decides the views and number range', 'string', { requiredOnCreate: true, extension: true }),
    unit: onCreate('BaseUnit', 'the base unit cannot change once stock or documents may exist', 'string', { requiredOnCreate: true }),
  },
  locks: [],
  createTag: 'YY1_MateWriteKey_PRD',
  customFields: { writable: true },
};

const FIIX_PART: EntityCapability = {
  create: { supported: true, reason: 'AddRequest on class Asset with intCategoryID 4 (parts and supplies)' },
  update: { supported: true, reason: 'ChangeRequest naming the changed fields' },
  delete: { supported: true, mode: 'hard', reason: 'RemoveRequest' },
  fields: {
    number: both('strCode'),
    name: both('strName', 'string', { requiredOnCreate: true }),
    quantityOnHand: never('qtyStockCount', 'stock moves through receipts and adjustments of its Stock records', 'number'),
    siteId: onCreate('intSiteID', 'the site owns the part', 'string', { requiredOnCreate: true, native: 'integer' }),
  },
  locks: [],
  customFields: FIIX_CUSTOM_FIELDS,
};

const UPKEEP_PART: EntityCapability = {
  create: YES,
  update: YES,
  delete: { supported: true, mode: 'hard', reason: 'DELETE /parts/{id}' },
  fields: {
    name: both('name', 'string', { requiredOnCreate: true }),
    number: both('partNumber'),
    quantityOnHand: both('quantity', 'number'),
    unitCost: both('cost', 'number'),
  },
  locks: [],
  customFields: UPKEEP_CUSTOM_FIELDS,
};

const MAINTAINX_PART: EntityCapability = {
  create: YES,
  update: YES,
  delete: { supported: true, mode: 'hard', reason: 'DELETE /parts/{id}' },
  fields: {
    name: both('name', 'string', { requiredOnCreate: true }),
    number: both('partNumber'),
    quantityOnHand: never('availableQuantity', "computed from the part's stock per location", 'number'),
    unitCost: both('unitCost', 'number'),
  },
  locks: [],
  customFields: MAINTAINX_CUSTOM_FIELDS,
};

const LIMBLE_PART: EntityCapability = {
  create: { supported: true, reason: 'POST /v2/parts: a part is stocked in a location' },
  update: YES,
  delete: { supported: true, mode: 'hard', reason: 'DELETE /v2/parts/{id}' },
  fields: {
    name: both('name', 'string', { requiredOnCreate: true }),
    number: both('number'),
    quantityOnHand: both('quantity', 'number'),
    unitCost: both('price', 'number'),
    locationId: onCreate('locationID', 'a part belongs to the location it is stocked in', 'string', { requiredOnCreate: true, native: 'integer', references: 'location' }),
  },
  locks: [],
  customFields: LIMBLE_CUSTOM_FIELDS,
};

export const CAPABILITY_MATRIX: CapabilityMatrix = {
  maximo: { workOrder: MAXIMO_WORK_ORDER, purchaseOrder: MAXIMO_PURCHASE_ORDER, asset: MAXIMO_ASSET, part: MAXIMO_PART },
  sap: { workOrder: SAP_WORK_ORDER, purchaseOrder: SAP_PURCHASE_ORDER, asset: SAP_ASSET, part: SAP_PART },
  limble: { workOrder: LIMBLE_WORK_ORDER, purchaseOrder: LIMBLE_PURCHASE_ORDER, asset: LIMBLE_ASSET, part: LIMBLE_PART },
  fiix: { workOrder: FIIX_WORK_ORDER, purchaseOrder: FIIX_PURCHASE_ORDER, asset: FIIX_ASSET, part: FIIX_PART },
  upkeep: { workOrder: UPKEEP_WORK_ORDER, asset: UPKEEP_ASSET, part: UPKEEP_PART },
  maintainx: { workOrder: MAINTAINX_WORK_ORDER, asset: MAINTAINX_ASSET, part: MAINTAINX_PART },
};

/** Why an entity without an entry cannot be written. */
export function readOnlyReason(entity: UnifiedEntity): string {
  return `${entity} is read-only through the unified API for this system`;
}

export const UNSUPPORTED = no;
