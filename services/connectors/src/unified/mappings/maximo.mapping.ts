/** IBM Maximo (OSLC object structures, `lean=1`): native attribute names; `changedate` is ISO time. */
import { field, type SystemMapping } from '../mapping';

const SYNC = { incremental: 'modified_since', deletes: 'full_scan_compare' } as const;

/** WOSTATUS synonyms. */
const WO_STATUS = { WAPPR: 'open', APPR: 'approved', INPRG: 'in_progress', WMATL: 'on_hold', WSCH: 'approved', COMP: 'completed', CLOSE: 'closed', CAN: 'cancelled' };
/** POSTATUS synonyms. */
const PO_STATUS = { WAPPR: 'pending_approval', APPR: 'approved', INPRG: 'ordered', HOLD: 'draft', REVISE: 'draft', CLOSE: 'closed', CAN: 'cancelled' };

export const MAXIMO_MAPPING: SystemMapping = {
  system: 'maximo',
  customTables: 'a custom object structure over the table, e.g. `custcalibration` (its id attribute, e.g. `calibrationid`)',
  entities: {
    workOrder: {
      collection: 'mxwo',
      idField: 'workorderid',
      modifiedField: 'changedate',
      fields: [
        field('number', 'wonum'),
        field('title', 'description'),
        field('status', 'status', 'string', { kind: 'codes', codes: WO_STATUS }),
        field('priority', 'wopriority'),
        field('workType', 'worktype'),
        field('assetId', 'assetnum'),
        field('locationId', 'location'),
        field('siteId', 'siteid'),
        field('dueDate', 'targcompdate', 'datetime'),
      ],
      sync: SYNC,
    },
    asset: {
      collection: 'mxasset',
      idField: 'assetuid',
      modifiedField: 'changedate',
      fields: [
        field('number', 'assetnum'),
        field('name', 'description'),
        field('status', 'status'),
        field('serialNumber', 'serialnum'),
        field('category', 'assettype'),
        field('locationId', 'location'),
        field('parentId', 'parent'),
        field('siteId', 'siteid'),
      ],
      sync: SYNC,
    },
    location: {
      collection: 'mxoperloc',
      idField: 'locationsid',
      modifiedField: 'changedate',
      fields: [field('number', 'location'), field('name', 'description'), field('type', 'type'), field('status', 'status'), field('siteId', 'siteid')],
      sync: SYNC,
    },
    purchaseOrder: {
      collection: 'mxpo',
      idField: 'poid',
      modifiedField: 'changedate',
      fields: [
        field('number', 'ponum'),
        field('description', 'description'),
        field('status', 'status', 'string', { kind: 'codes', codes: PO_STATUS }),
        field('vendorCode', 'vendor'),
        field('currency', 'currencycode'),
        field('siteId', 'siteid'),
      ],
      lines: {
        remote: 'poline',
        fields: [
          field('lineNumber', 'polinenum'),
          field('partNumber', 'itemnum'),
          field('description', 'description'),
          field('quantity', 'orderqty', 'number'),
          field('unitCost', 'unitcost', 'number'),
        ],
      },
      sync: SYNC,
    },
    part: {
      collection: 'mxinventory',
      idField: 'inventoryid',
      modifiedField: 'changedate',
      fields: [
        field('number', 'itemnum'),
        field('name', 'description'),
        field('quantityOnHand', 'curbal', 'number'),
        field('unitCost', 'avgcost', 'number'),
        field('unit', 'issueunit'),
        field('locationId', 'location'),
        field('siteId', 'siteid'),
      ],
      sync: SYNC,
    },
    vendor: {
      collection: 'mxvendor',
      idField: 'companiesid',
      modifiedField: 'changedate',
      fields: [field('code', 'company'), field('name', 'name'), field('currency', 'currencycode')],
      sync: SYNC,
    },
    user: {
      collection: 'mxperson',
      idField: 'personuid',
      modifiedField: 'changedate',
      fields: [field('username', 'personid'), field('name', 'displayname'), field('firstName', 'firstname'), field('lastName', 'lastname'), field('email', 'primaryemail'), field('status', 'status')],
      sync: SYNC,
    },
  },
};
