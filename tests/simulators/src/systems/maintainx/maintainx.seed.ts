import type { Fields } from '../../core/store';

/** `extraFields` carries the customer's custom fields, as MaintainX returns them. */
export const MAINTAINX_SEED: Record<string, Fields[]> = {
  workorders: [
    { title: 'Replace pump seal', description: 'Seal leaking at the drive end', status: 'OPEN', priority: 'HIGH', assetId: 2001, locationId: 3001, extraFields: { 'Safety class': 'B' } },
    { title: 'Boiler inspection', description: 'Quarterly', status: 'IN_PROGRESS', priority: 'MEDIUM', assetId: 2002, locationId: 3002, extraFields: {} },
    { title: 'Lubricate conveyor', description: 'Monthly', status: 'DONE', priority: 'LOW', assetId: 2002, locationId: 3002, extraFields: {} },
  ],
  assets: [
    { name: 'Centrifugal pump P-100', serialNumber: 'P100-7731', locationId: 3001, extraFields: { Criticality: 'High' } },
    { name: 'Fire-tube boiler B-1', serialNumber: 'B1-0042', locationId: 3002, extraFields: {} },
  ],
  locations: [
    { name: 'Pump house', address: '1 Plant Road' },
    { name: 'Boiler room', address: '1 Plant Road' },
  ],
  purchaseorders: [
    { title: 'Pump spares', vendorId: 6001, status: 'PENDING', items: [{ partId: 5001, quantity: 2, unitCost: 145.5 }] },
  ],
  parts: [
    { name: 'Mechanical seal', partNumber: 'SEAL-100', availableQuantity: 6, unitCost: 145.5 },
    { name: 'Impeller gasket', partNumber: 'GASK-045', availableQuantity: 20, unitCost: 12.25 },
  ],
  // A customer-defined resource (not one of MaintainX's own): a calibration log the customer keeps per asset.
  calibrations: [
    { assetId: 2001, result: 'PASS', dueDate: '2027-01-15T00:00:00.000Z', extraFields: { Technician: 'Mike Wilson' } },
    { assetId: 2002, result: 'FAIL', dueDate: '2026-11-30T00:00:00.000Z', extraFields: {} },
  ],
  vendors: [{ name: 'W.W. Grainger', email: 'orders@grainger.example.com' }],
  users: [
    { firstName: 'Mike', lastName: 'Wilson', email: 'mike.wilson@example.com', role: 'TECHNICIAN' },
    { firstName: 'Integration', lastName: 'User', email: 'integration@example.com', role: 'ADMIN' },
  ],
};
