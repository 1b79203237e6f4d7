import type { Fields } from '../../core/store';

/** A small plant: two sites' worth of records in Maximo's attribute names; `cust_*` are customer-added attributes. */
export const MAXIMO_SEED: Record<string, Fields[]> = {
  mxwo: [
    { wonum: '1001', description: 'Replace pump seal', status: 'WAPPR', siteid: 'BEDFORD', assetnum: '11430', location: 'BR430', wopriority: 2, worktype: 'CM', cust_safetyclass: 'B' },
    { wonum: '1002', description: 'Quarterly boiler inspection', status: 'APPR', siteid: 'BEDFORD', assetnum: '11450', location: 'BR450', wopriority: 3, worktype: 'PM', cust_safetyclass: 'A' },
    { wonum: '1003', description: 'Conveyor belt tracking', status: 'INPRG', siteid: 'BEDFORD', assetnum: '11200', location: 'BR200', wopriority: 1, worktype: 'CM' },
  ],
  mxasset: [
    { assetnum: '11430', description: 'Centrifugal pump 100GPM', siteid: 'BEDFORD', location: 'BR430', status: 'OPERATING', cust_criticality: 'HIGH' },
    { assetnum: '11450', description: 'Fire-tube boiler', siteid: 'BEDFORD', location: 'BR450', status: 'OPERATING' },
    { assetnum: '11200', description: 'Belt conveyor #1', siteid: 'BEDFORD', location: 'BR200', status: 'OPERATING' },
  ],
  mxoperloc: [
    { location: 'BR200', description: 'Packing line', siteid: 'BEDFORD', type: 'OPERATING', status: 'OPERATING' },
    { location: 'BR430', description: 'Pump house', siteid: 'BEDFORD', type: 'OPERATING', status: 'OPERATING' },
    { location: 'BR450', description: 'Boiler room', siteid: 'BEDFORD', type: 'OPERATING', status: 'OPERATING' },
  ],
  mxpo: [
    {
      ponum: '1001', description: 'Pump spares', status: 'WAPPR', siteid: 'BEDFORD', vendor: 'GRAINGER', currencycode: 'USD',
      poline: [
        { polinenum: 1, itemnum: '0-0031', description: 'Mechanical seal', orderqty: 2, unitcost: 145.5 },
        { polinenum: 2, itemnum: '0-0045', description: 'Impeller gasket', orderqty: 4, unitcost: 12.25 },
      ],
    },
  ],
  mxinventory: [
    { itemnum: '0-0031', description: 'Mechanical seal', siteid: 'BEDFORD', location: 'CENTRAL', curbal: 6, issueunit: 'EACH' },
    { itemnum: '0-0045', description: 'Impeller gasket', siteid: 'BEDFORD', location: 'CENTRAL', curbal: 20, issueunit: 'EACH' },
  ],
  mxvendor: [
    { company: 'GRAINGER', name: 'W.W. Grainger', type: 'V', currencycode: 'USD' },
    { company: 'FASTENAL', name: 'Fastenal Company', type: 'V', currencycode: 'USD' },
  ],
  mxperson: [
    { personid: 'WILSON', displayname: 'Mike Wilson', status: 'ACTIVE', primaryemail: 'mike.wilson@example.com' },
    { personid: 'INTEGRATION', displayname: 'Integration user', status: 'ACTIVE', primaryemail: 'integration@example.com' },
  ],
  custcalibration: [
    { calibrationnum: 'CAL-1', assetnum: '11430', due: '2027-01-15', result: 'PASS' },
  ],
};
