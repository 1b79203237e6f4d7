import type { Fields } from '../../core/store';

const date = (iso: string) => `/Date(${Date.parse(iso)})/`;

/** One maintenance plant (1010) in SAP's OData property names; `YY1_*` are key-user extension fields. */
export const SAP_SEED: Record<string, Fields[]> = {
  MaintenanceOrder: [
    {
      MaintenanceOrderDesc: 'Replace pump seal', OrderType: 'PM01', MaintPriority: '2', MaintenancePlant: '1010', MainWorkCenter: 'MECH-01',
      PlannedStartDate: date('2026-12-07T08:00:00Z'), Equipment: '10000001', FunctionalLocation: '30000001', YY1_SafetyClass_ORD: 'B',
      to_MaintenanceOrderOperation: [{ MaintenanceOrderOperation: '0010', OperationDescription: 'Isolate and drain pump', WorkCenter: 'MECH-01' }],
    },
    {
      MaintenanceOrderDesc: 'Boiler inspection', OrderType: 'PM02', MaintPriority: '3', MaintenancePlant: '1010', MainWorkCenter: 'MECH-02',
      PlannedStartDate: date('2026-12-14T08:00:00Z'), Equipment: '10000002', FunctionalLocation: '30000002', YY1_SafetyClass_ORD: 'A',
      to_MaintenanceOrderOperation: [],
    },
  ],
  Equipment: [
    { EquipmentName: 'Centrifugal pump P-100', MaintenancePlant: '1010', FunctionalLocation: '30000001', EquipmentCategory: 'M' },
    { EquipmentName: 'Fire-tube boiler B-1', MaintenancePlant: '1010', FunctionalLocation: '30000002', EquipmentCategory: 'M' },
  ],
  FunctionalLocation: [
    { FunctionalLocationLabelName: '1010-PUMPHOUSE', FunctionalLocationName: 'Pump house', MaintenancePlant: '1010' },
    { FunctionalLocationLabelName: '1010-BOILER', FunctionalLocationName: 'Boiler room', MaintenancePlant: '1010' },
  ],
  A_PurchaseOrder: [
    {
      PurchaseOrderType: 'NB', Supplier: '17300001', CompanyCode: '1010', PurchasingOrganization: '1010', DocumentCurrency: 'EUR', PurchasingProcessingStatus: '02',
      to_PurchaseOrderItem: [{ PurchaseOrderItem: '10', Material: 'SEAL-100', PurchaseOrderItemText: 'Mechanical seal', OrderQuantity: '2', NetPriceAmount: '145.50', Plant: '1010' }],
    },
  ],
  A_Product: [
    { ProductType: 'ERSA', BaseUnit: 'EA', ProductDescription: 'Mechanical seal', ProductOldID: 'SEAL-100' },
    { ProductType: 'ERSA', BaseUnit: 'EA', ProductDescription: 'Impeller gasket', ProductOldID: 'GASK-045' },
  ],
  A_Supplier: [{ SupplierName: 'Industrial Supply GmbH', SupplierAccountGroup: 'SUPL', Country: 'DE' }],
  A_BusinessUser: [
    { UserID: 'MWILSON', PersonFullName: 'Mike Wilson', DefaultEmailAddress: 'mike.wilson@example.com' },
    { UserID: 'CC_INTEGRATION', PersonFullName: 'Communication user', DefaultEmailAddress: 'integration@example.com' },
  ],
  YY1_Calibration: [{ Equipment: '10000001', DueDate: date('2027-01-15T00:00:00Z'), Result: 'PASS' }],
};
