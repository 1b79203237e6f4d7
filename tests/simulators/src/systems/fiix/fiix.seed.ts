import type { Fields } from '../../core/store';

/**
 * In Fiix locations, equipment and parts are all Assets, told apart by their category
 * (`intCategoryID`: 1 Locations and Facilities, 2 Equipment, 4 Parts and Supplies).
 * `strSafetyClass` on work orders is a field the customer added to the class (named the Fiix way).
 */
export const FIIX_SEED: Record<string, Fields[]> = {
  WorkOrder: [
    { strCode: 'WO-1001', strDescription: 'Replace pump seal', intWorkOrderStatusID: 1, intPriorityID: 2, intSiteID: 1, intMaintenanceTypeID: 2, strSafetyClass: 'B' },
    { strCode: 'WO-1002', strDescription: 'Boiler inspection', intWorkOrderStatusID: 2, intPriorityID: 3, intSiteID: 1, intMaintenanceTypeID: 1, strSafetyClass: 'A' },
  ],
  Asset: [
    { id: 1, strCode: 'PLANT-1', strName: 'Bedford plant', intCategoryID: 1, bolIsSite: 1, bolIsLocation: 1, intSiteID: 1 },
    { id: 2, strCode: 'PUMP-100', strName: 'Centrifugal pump', intCategoryID: 2, bolIsSite: 0, bolIsLocation: 0, intAssetLocationID: 1, intSiteID: 1 },
    { id: 3, strCode: 'SEAL-100', strName: 'Mechanical seal', intCategoryID: 4, bolIsSite: 0, bolIsLocation: 0, qtyStockCount: 6, intSiteID: 1 },
  ],
  CustomCalibration: [
    { intAssetID: 2, strResult: 'pass', dtmDue: '2026-03-01T00:00:00Z' },
    { intAssetID: 2, strResult: 'fail', dtmDue: '2026-06-01T00:00:00Z' },
  ],
  PurchaseOrder: [{ strCode: 'PO-1001', intSupplierID: 1, intPurchaseOrderStatusID: 1, intSiteID: 1 }],
  PurchaseOrderLineItem: [{ intPurchaseOrderID: 1, intStockID: 3, qtyOnOrder: 2, dblUnitPrice: 145.5, strDescription: 'Mechanical seal' }],
  Business: [{ strCode: 'GRAINGER', strName: 'W.W. Grainger', bolIsSupplier: 1 }],
  User: [
    { strUserName: 'mwilson', strFullName: 'Mike Wilson', strEmailAddress: 'mike.wilson@example.com' },
    { strUserName: 'integration', strFullName: 'Integration user', strEmailAddress: 'integration@example.com' },
  ],
};
