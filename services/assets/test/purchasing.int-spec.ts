import { randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { PurchaseOrderCreatedSchema, PurchaseOrderReceivedSchema, PurchaseOrderStatus, PurchaseOrderStatusChangedSchema, topicFor } from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';
import { captureTopic, type TopicCapture } from './kafka-capture';

describe('assets service: vendors and purchase orders', () => {
  let t: AssetsTestApp;
  let capture: TopicCapture;
  const tenant = randomUUID();
  let admin: string;
  let planner: string;
  let technician: string;
  let vendorId: string;
  let store: string;
  let partA: string;
  let partB: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_purchasing' });
    capture = await captureTopic(topicFor('assets'));
    admin = await t.token(tenant, ['admin'], 'boss');
    planner = await t.token(tenant, ['planner'], 'buyer');
    technician = await t.token(tenant, ['technician']);
    vendorId = (await t.http().post('/api/v1/vendors').set(auth(planner)).send({ name: 'Bearings & Co', email: 'sales@bearings.example' })).body.id;
    store = (await t.http().post('/api/v1/locations').set(auth(planner)).send({ name: 'Main store', isStoreroom: true })).body.id;
    partA = (await t.http().post('/api/v1/parts').set(auth(planner)).send({ sku: 'A', name: 'Part A', unitOfMeasure: 'ea', unitCost: '2.5' })).body.id;
    partB = (await t.http().post('/api/v1/parts').set(auth(planner)).send({ sku: 'B', name: 'Part B', unitOfMeasure: 'm', unitCost: '1' })).body.id;
  });

  afterAll(async () => {
    await capture.stop();
    await t.close();
  });

  function auth(token: string) {
    return { Authorization: `Bearer ${token}` };
  }

  const createOrder = async () => {
    const response = await t.http().post('/api/v1/purchase-orders').set(auth(planner)).send({
      vendorId,
      currency: 'EUR',
      storeroomId: store,
      lines: [
        { partId: partA, quantity: '10' },
        { partId: partB, quantity: '4', unitCost: '3.25' },
      ],
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; number: string; lines: Array<{ id: string }>; total: string; version: number };
  };

  it('creates header and lines together, and rejects the whole order for a bad line', async () => {
    const order = await createOrder();
    expect(order).toMatchObject({ status: 'draft', total: '38', currency: 'EUR', locked: false });
    expect(order.number).toMatch(/^PO-\d{6}$/);
    expect(order.lines).toHaveLength(2);

    const before = (await t.owner.query('select count(*)::int as n from purchase_orders')).rows[0].n;
    const bad = await t.http().post('/api/v1/purchase-orders').set(auth(planner)).send({
      vendorId,
      currency: 'EUR',
      lines: [{ partId: partA, quantity: '1' }, { partId: randomUUID(), quantity: '1' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'lines.1.partId' })]);
    const empty = await t.http().post('/api/v1/purchase-orders').set(auth(planner)).send({ vendorId, currency: 'EUR', lines: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('lines');
    expect((await t.owner.query('select count(*)::int as n from purchase_orders')).rows[0].n).toBe(before);

    await expectEventually(() => {
      const message = capture.ofTenant(tenant).find((m) => m.key === order.id && m.headers.ce_type === PurchaseOrderCreatedSchema.typeName);
      if (!message) throw new Error('not yet');
      const event = fromBinary(PurchaseOrderCreatedSchema, message.value);
      expect(event).toMatchObject({ number: order.number, total: '38', status: PurchaseOrderStatus.DRAFT });
      expect(event.lines.map((l) => [l.quantity, l.unitCost])).toEqual([['10', '2.5'], ['4', '3.25']]);
    });
  });

  it('runs the state machine, locks after approval (422 naming the lock) and receives partially through the ledger', async () => {
    const order = await createOrder();
    const post = (action: string, token = planner, body: Record<string, unknown> = {}) =>
      t.http().post(`/api/v1/purchase-orders/${order.id}/${action}`).set(auth(token)).send(body);

    expect((await post('approve', admin)).status).toBe(409); // draft cannot be approved
    expect((await post('submit')).status).toBe(200);
    expect((await post('approve', planner)).status).toBe(403); // admins approve
    const approved = await post('approve', admin);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', locked: true, approvedBy: 'boss' });

    const edit = await t.http().patch(`/api/v1/purchase-orders/${order.id}`).set(auth(planner)).send({ notes: 'late change' });
    expect(edit.status).toBe(422);
    expect(edit.body.code).toBe('PURCHASE_ORDER_LOCKED');
    expect(edit.body.detail).toContain('locked after approval');

    const first = await post('receipts', planner, { lines: [{ lineId: order.lines[0].id, quantity: '6' }] });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('partially_received');
    expect((await post('cancel', planner, { reason: 'too late' })).status).toBe(409);

    const over = await post('receipts', planner, { lines: [{ lineId: order.lines[0].id, quantity: '5' }] });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('PURCHASE_ORDER_OVER_RECEIPT');

    const rest = await post('receipts', planner, { lines: [{ lineId: order.lines[0].id, quantity: '4' }, { lineId: order.lines[1].id, quantity: '4' }] });
    expect(rest.body.status).toBe('received');
    expect((await post('close')).body.status).toBe('closed');

    const stock = await t.http().get(`/api/v1/parts/${partA}/stock`).set(auth(technician));
    expect(stock.body.items[0]).toMatchObject({ storeroomId: store, onHand: '10' });
    const ledger = await t.http().get(`/api/v1/parts/${partA}/movements`).set(auth(technician));
    expect(ledger.body.items.map((m: { kind: string; quantity: string; purchaseOrderId: string }) => [m.kind, m.quantity, m.purchaseOrderId])).toEqual([
      ['receipt', '4', order.id],
      ['receipt', '6', order.id],
    ]);

    await expectEventually(() => {
      const mine = capture.ofTenant(tenant).filter((m) => m.key === order.id);
      const statuses = mine.filter((m) => m.headers.ce_type === PurchaseOrderStatusChangedSchema.typeName).map((m) => fromBinary(PurchaseOrderStatusChangedSchema, m.value).status);
      expect(statuses).toEqual([
        PurchaseOrderStatus.SUBMITTED,
        PurchaseOrderStatus.APPROVED,
        PurchaseOrderStatus.PARTIALLY_RECEIVED,
        PurchaseOrderStatus.RECEIVED,
        PurchaseOrderStatus.CLOSED,
      ]);
      const receipts = mine.filter((m) => m.headers.ce_type === PurchaseOrderReceivedSchema.typeName).map((m) => fromBinary(PurchaseOrderReceivedSchema, m.value));
      expect(receipts).toHaveLength(2);
      expect(receipts[0].lines[0]).toMatchObject({ quantity: '6', quantityReceivedTotal: '6', quantityOrdered: '10' });
    });
  });

  it('cancels before receipt and requires a reason to reject', async () => {
    const order = await createOrder();
    await t.http().post(`/api/v1/purchase-orders/${order.id}/submit`).set(auth(planner)).send({});
    const noReason = await t.http().post(`/api/v1/purchase-orders/${order.id}/reject`).set(auth(admin)).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const cancelled = await t.http().post(`/api/v1/purchase-orders/${order.id}/cancel`).set(auth(planner)).send({ reason: 'budget' });
    expect(cancelled.body.status).toBe('cancelled');
    const receipt = await t.http().post(`/api/v1/purchase-orders/${order.id}/receipts`).set(auth(planner)).send({ lines: [{ lineId: order.lines[0].id, quantity: '1' }] });
    expect(receipt.status).toBe(422);
  });

  it('keeps vendors, parts and purchase orders to planners and admins (403 for a technician; nothing written)', async () => {
    const vendor = await t.http().post('/api/v1/vendors').set(auth(technician)).send({ name: 'Tech Vendor' });
    expect(vendor.status).toBe(403);
    const part = await t.http().post('/api/v1/parts').set(auth(technician)).send({ sku: 'T-1', name: 'Tech part', unitOfMeasure: 'ea', unitCost: '1' });
    expect(part.status).toBe(403);
    const order = await t.http().post('/api/v1/purchase-orders').set(auth(technician)).send({ vendorId, lines: [{ partId: partA, quantity: '1', unitCost: '1' }] });
    expect(order.status).toBe(403);
    const vendors = await t.http().get('/api/v1/vendors').set(auth(planner));
    expect(vendors.body.items.map((v: { name: string }) => v.name)).not.toContain('Tech Vendor');
  });

  it("answers 404 for another tenant's purchase order and vendor", async () => {
    const order = await createOrder();
    const stranger = await t.token(randomUUID(), ['admin']);
    expect((await t.http().get(`/api/v1/purchase-orders/${order.id}`).set(auth(stranger))).status).toBe(404);
    expect((await t.http().post(`/api/v1/purchase-orders/${order.id}/submit`).set(auth(stranger)).send({})).status).toBe(404);
    const foreignVendor = await t.http().post('/api/v1/purchase-orders').set(auth(stranger)).send({ vendorId, currency: 'EUR', lines: [{ partId: partA, quantity: '1' }] });
    expect(foreignVendor.status).toBe(404);
  });
});
