import { holdsStartedOrder } from './fiix.writes';

describe('holdsStartedOrder: is a listed Fiix order the one a create began?', () => {
  const sent = { strCode: 'PO-1', intSupplierID: '7', lines: [{ intStockID: '3', qtyOnOrder: 2 }, { intStockID: '4', qtyOnOrder: 1 }] };
  const line = (id: number, intStockID: number, qtyOnOrder: number) => ({ id, intStockID, qtyOnOrder, intPurchaseOrderID: 9 });

  it('takes the header alone (the reply lost after the header) and a header with the first lines sent, in the order added', () => {
    expect(holdsStartedOrder({ id: 9, strCode: 'PO-1', intSupplierID: 7, PurchaseOrderLineItem: [] }, sent)).toBe(true);
    expect(holdsStartedOrder({ id: 9, strCode: 'PO-1', intSupplierID: 7, PurchaseOrderLineItem: [line(21, 3, 2)] }, sent)).toBe(true);
    // Listed out of order: the ids say which came first.
    expect(holdsStartedOrder({ id: 9, strCode: 'PO-1', intSupplierID: 7, PurchaseOrderLineItem: [line(22, 4, 1), line(21, 3, 2)] }, sent)).toBe(true);
  });

  it('refuses another header, lines that are not the first sent, and more lines than were sent', () => {
    expect(holdsStartedOrder({ id: 9, strCode: 'PO-2', intSupplierID: 7, PurchaseOrderLineItem: [] }, sent)).toBe(false);
    expect(holdsStartedOrder({ id: 9, strCode: 'PO-1', intSupplierID: 7, PurchaseOrderLineItem: [line(21, 4, 1)] }, sent)).toBe(false);
    expect(holdsStartedOrder({ id: 9, strCode: 'PO-1', intSupplierID: 7, PurchaseOrderLineItem: [line(21, 3, 2), line(22, 4, 1), line(23, 4, 1)] }, sent)).toBe(false);
  });
});
