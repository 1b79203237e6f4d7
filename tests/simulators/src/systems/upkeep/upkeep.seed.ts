import type { Fields } from '../../core/store';

export const UPKEEP_SEED: Record<string, Fields[]> = {
  'work-orders': [
    { title: 'Replace pump seal', description: 'Seal leaking at the drive end', status: 'open', priority: 2, category: 'Damage', asset: '2001', location: '3001' },
    { title: 'Boiler inspection', description: 'Quarterly', status: 'inProgress', priority: 1, category: 'Preventive', asset: '2002', location: '3002' },
  ],
  assets: [
    { name: 'Centrifugal pump P-100', serial: 'P100-7731', model: 'CP-100', location: '3001', customFields: { criticality: 'High' } },
    { name: 'Fire-tube boiler B-1', serial: 'B1-0042', model: 'FT-2', location: '3002' },
  ],
  locations: [
    { name: 'Pump house', address: '1 Plant Road' },
    { name: 'Boiler room', address: '1 Plant Road' },
  ],
  'purchase-orders': [
    { title: 'Pump spares', vendor: '6001', status: 'awaitingApproval', partsPurchased: [{ part: '5001', quantity: 2, price: 145.5 }] },
  ],
  parts: [
    { name: 'Mechanical seal', partNumber: 'SEAL-100', quantity: 6, cost: 145.5 },
    { name: 'Impeller gasket', partNumber: 'GASK-045', quantity: 20, cost: 12.25 },
  ],
  // A customer-defined resource (not one of UpKeep's own): a calibration log the customer keeps per asset.
  calibrations: [
    { asset: '2001', result: 'PASS', dueDate: '2027-01-15T00:00:00.000Z' },
    { asset: '2002', result: 'FAIL', dueDate: '2026-11-30T00:00:00.000Z' },
  ],
  vendors: [{ businessName: 'W.W. Grainger', email: 'orders@grainger.example.com' }],
  users: [
    { firstName: 'Mike', lastName: 'Wilson', email: 'mike.wilson@example.com', role: 'technician' },
    { firstName: 'Integration', lastName: 'User', email: 'integration@example.com', role: 'administrator' },
  ],
};
