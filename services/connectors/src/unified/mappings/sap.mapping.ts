/**
 * SAP S/4HANA PM (OData v2): one service per entity set, `LastChangeDateTime` as `/Date(ms+0000)/`,
 * deleted records stay listed with `IsMarkedForDeletion`; decimals come as strings. Key-user
 * extension fields (`YY1_*`) sit next to the standard properties.
 */
import { field, type EntityMapping, type SystemMapping } from '../mapping';

const SAP_DATE = { kind: 'sapDate' } as const;
const SYNC = { incremental: 'modified_since', deletes: 'deleted_flag' } as const;

/** PurchasingProcessingStatus. */
const PO_STATUS = { '01': 'draft', '02': 'pending_approval', '03': 'pending_approval', '05': 'approved', '08': 'cancelled' };

const entity = (collection: string, service: string, idField: string, fields: EntityMapping['fields'], extra: Partial<EntityMapping> = {}): EntityMapping => ({
  collection,
  service,
  idField,
  modifiedField: 'LastChangeDateTime',
  modifiedTransform: SAP_DATE,
  deletedField: 'IsMarkedForDeletion',
  fields,
  sync: SYNC,
  ...extra,
});

export const SAP_MAPPING: SystemMapping = {
  system: 'sap',
  dates: SAP_DATE,
  customTables: 'a custom business object entity set, e.g. `YY1_Calibration` (service `YY1_CALIBRATION_CDS`, id `SAP_UUID`)',
  entities: {
    workOrder: entity('MaintenanceOrder', 'API_MAINTENANCEORDER', 'MaintenanceOrder', [
      field('number', 'MaintenanceOrder'),
      field('title', 'MaintenanceOrderDesc'),
      field('priority', 'MaintPriority'),
      field('workType', 'OrderType'),
      field('assetId', 'Equipment'),
      field('locationId', 'FunctionalLocation'),
      field('siteId', 'MaintenancePlant'),
      field('dueDate', 'PlannedStartDate', 'datetime', SAP_DATE),
    ]),
    asset: entity('Equipment', 'API_EQUIPMENT', 'Equipment', [
      field('number', 'Equipment'),
      field('name', 'EquipmentName'),
      field('category', 'EquipmentCategory'),
      field('locationId', 'FunctionalLocation'),
      field('siteId', 'MaintenancePlant'),
    ]),
    location: entity('FunctionalLocation', 'API_FUNCTIONALLOCATION_SRV', 'FunctionalLocation', [
      field('number', 'FunctionalLocationLabelName'),
      field('name', 'FunctionalLocationName'),
      field('siteId', 'MaintenancePlant'),
    ]),
    purchaseOrder: entity(
      'A_PurchaseOrder',
      'API_PURCHASEORDER_PROCESS_SRV',
      'PurchaseOrder',
      [
        field('number', 'PurchaseOrder'),
        field('status', 'PurchasingProcessingStatus', 'string', { kind: 'codes', codes: PO_STATUS }),
        field('vendorCode', 'Supplier'),
        field('currency', 'DocumentCurrency'),
        field('siteId', 'CompanyCode'),
      ],
      {
        lines: {
          remote: 'to_PurchaseOrderItem',
          fields: [
            field('lineNumber', 'PurchaseOrderItem'),
            field('partNumber', 'Material'),
            field('description', 'PurchaseOrderItemText'),
            field('quantity', 'OrderQuantity', 'number'),
            field('unitCost', 'NetPriceAmount', 'number'),
          ],
        },
      },
    ),
    part: entity('A_Product', 'API_PRODUCT_SRV', 'Product', [field('number', 'Product'), field('name', 'ProductDescription'), field('unit', 'BaseUnit')]),
    vendor: entity('A_Supplier', 'API_BUSINESS_PARTNER', 'Supplier', [field('code', 'Supplier'), field('name', 'SupplierName'), field('country', 'Country')]),
    user: entity('A_BusinessUser', 'API_BUSINESS_USER', 'BusinessPartner', [field('username', 'UserID'), field('name', 'PersonFullName'), field('email', 'DefaultEmailAddress')]),
  },
};
