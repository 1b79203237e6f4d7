import type { Fields } from '../../core/store';

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Limble names things by its own ids (`locationID`, `assetID`); dates are epoch seconds. */
export const LIMBLE_SEED: Record<string, Fields[]> = {
  tasks: [
    { name: 'Replace pump seal', description: 'Seal leaking', statusID: 0, priority: 2, type: 2, assetID: 2001, locationID: 3001, due: epoch('2026-12-07T08:00:00Z') },
    { name: 'Boiler inspection', description: 'Quarterly', statusID: 1, priority: 3, type: 1, assetID: 2002, locationID: 3002, due: epoch('2026-12-14T08:00:00Z') },
  ],
  assets: [
    { name: 'Centrifugal pump P-100', locationID: 3001, parentAssetID: 0, fields: [{ field: 'Criticality', value: 'High' }] },
    { name: 'Fire-tube boiler B-1', locationID: 3002, parentAssetID: 0, fields: [] },
  ],
  locations: [{ name: 'Pump house' }, { name: 'Boiler room' }],
  pos: [{ poNumber: 1001, vendorID: 6001, state: 'Requested', items: [{ partID: 5001, count: 2, rate: 145.5 }] }],
  parts: [
    { name: 'Mechanical seal', number: 'SEAL-100', quantity: 6, price: 145.5, locationID: 3001 },
    { name: 'Impeller gasket', number: 'GASK-045', quantity: 20, price: 12.25, locationID: 3001 },
  ],
  // A customer-defined table (not one of Limble's own): a calibration log the customer keeps per asset.
  calibrations: [
    { assetID: 2001, result: 'PASS', due: epoch('2027-01-15T00:00:00Z') },
    { assetID: 2002, result: 'FAIL', due: epoch('2026-11-30T00:00:00Z') },
  ],
  vendors: [{ name: 'W.W. Grainger', email: 'orders@grainger.example.com' }],
  users: [
    { firstName: 'Mike', lastName: 'Wilson', email: 'mike.wilson@example.com' },
    { firstName: 'Integration', lastName: 'User', email: 'integration@example.com' },
  ],
};
