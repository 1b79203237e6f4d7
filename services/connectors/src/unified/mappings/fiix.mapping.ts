/**
 * Fiix (RPC classes): locations, equipment and parts are all `Asset`, told apart by `intCategoryID`
 * (1 locations, 2 equipment, 4 parts); purchase order lines are a class of their own. Deleted
 * objects vanish, so only a full scan finds deletes; `dtmDateLastModified` can be filtered.
 */
import { field, type SystemMapping } from '../mapping';

const SYNC = { incremental: 'modified_since', deletes: 'full_scan_compare' } as const;
const base = { idField: 'id', modifiedField: 'dtmDateLastModified', sync: SYNC } as const;

/** Fiix's default work order statuses (ids are per account; a customer's own pass through as text). */
const WO_STATUS = { '1': 'open', '2': 'in_progress', '3': 'on_hold', '4': 'completed', '5': 'closed', '6': 'cancelled' };
const PO_STATUS = { '1': 'draft', '2': 'pending_approval', '3': 'approved', '4': 'ordered', '5': 'received', '6': 'closed', '7': 'cancelled' };

export const FIIX_MAPPING: SystemMapping = {
  system: 'fiix',
  customTables: 'another RPC class by its name, e.g. a customer class such as `CustomCalibration` (its id field is `id`)',
  entities: {
    workOrder: {
      ...base,
      collection: 'WorkOrder',
      fields: [
        field('number', 'strCode'),
        field('title', 'strDescription'),
        field('status', 'intWorkOrderStatusID', 'string', { kind: 'codes', codes: WO_STATUS }),
        field('priority', 'intPriorityID'),
        field('workType', 'intMaintenanceTypeID'),
        field('siteId', 'intSiteID'),
      ],
    },
    asset: {
      ...base,
      collection: 'Asset',
      filter: { intCategoryID: 2 },
      fields: [field('number', 'strCode'), field('name', 'strName'), field('category', 'intCategoryID'), field('locationId', 'intAssetLocationID'), field('siteId', 'intSiteID')],
    },
    location: { ...base, collection: 'Asset', filter: { intCategoryID: 1 }, fields: [field('number', 'strCode'), field('name', 'strName'), field('siteId', 'intSiteID')] },
    purchaseOrder: {
      ...base,
      collection: 'PurchaseOrder',
      fields: [
        field('number', 'strCode'),
        field('status', 'intPurchaseOrderStatusID', 'string', { kind: 'codes', codes: PO_STATUS }),
        field('vendorCode', 'intSupplierID'),
        field('siteId', 'intSiteID'),
      ],
      lines: {
        remote: 'PurchaseOrderLineItem',
        collection: { name: 'PurchaseOrderLineItem', parentField: 'intPurchaseOrderID', idField: 'id' },
        fields: [field('lineNumber', 'id'), field('partNumber', 'intStockID'), field('description', 'strDescription'), field('quantity', 'qtyOnOrder', 'number'), field('unitCost', 'dblUnitPrice', 'number')],
      },
    },
    part: {
      ...base,
      collection: 'Asset',
      filter: { intCategoryID: 4 },
      fields: [field('number', 'strCode'), field('name', 'strName'), field('quantityOnHand', 'qtyStockCount', 'number'), field('siteId', 'intSiteID')],
    },
    vendor: { ...base, collection: 'Business', filter: { bolIsSupplier: 1 }, fields: [field('code', 'strCode'), field('name', 'strName')] },
    user: { ...base, collection: 'User', fields: [field('username', 'strUserName'), field('name', 'strFullName'), field('email', 'strEmailAddress')] },
  },
};
