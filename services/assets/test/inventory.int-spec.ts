import { randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  MeterReadingCapturedSchema,
  PartBelowReorderPointSchema,
  PartsReservationRequestedSchema,
  PartStockChangedSchema,
  StockMovementKind,
  topicFor,
  WorkOrderCancelledSchema,
  WorkOrderCompletedSchema,
  type PartStockChanged,
} from '@mate/contracts';
import { countAfterMarker, expectEventually, uniqueName, type Marker } from '@mate/testing';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';
import { captureTopic, type TopicCapture } from './kafka-capture';
import { WorkOrderPublisher } from './work-order-publisher';

describe('assets service: inventory, ledger and work-order events', () => {
  const woTopic = uniqueName('mate.work-orders.test');
  let t: AssetsTestApp;
  let capture: TopicCapture;
  let publisher: WorkOrderPublisher;
  const tenant = randomUUID();
  let planner: string;
  let technician: string;
  let viewer: string;
  let storeA: string;
  let storeB: string;
  let assetId: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_inventory', consumeTopic: woTopic });
    capture = await captureTopic(topicFor('assets'));
    publisher = await WorkOrderPublisher.connect(woTopic);
    planner = await t.token(tenant, ['planner'], 'planner-1');
    technician = await t.token(tenant, ['technician'], 'tech-1');
    viewer = await t.token(tenant, ['viewer']);
    const site = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${planner}`).send({ name: 'Site' })).body.id;
    storeA = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${planner}`).send({ name: 'Store A', parentId: site, isStoreroom: true })).body.id;
    storeB = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${planner}`).send({ name: 'Store B', parentId: site, isStoreroom: true })).body.id;
    assetId = (await t.http().post('/api/v1/assets').set('Authorization', `Bearer ${planner}`).send({ tag: 'P-1', name: 'Pump', locationId: site })).body.id;
  });

  afterAll(async () => {
    await publisher.close();
    await capture.stop();
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  /**
   * A marker on `key`'s partition: the cancellation of a work order that has nothing reserved (no
   * effect), whose inbox row shows the consumer has handled everything sent before it on that key.
   */
  const markerOn = (key: string): Marker => {
    let eventId = '';
    return {
      send: async () => {
        eventId = await publisher.publish(WorkOrderCancelledSchema, tenant, key, { workOrderId: randomUUID(), number: 'WO-MARKER', reason: 'marker' });
      },
      arrived: async () => expect((await t.owner.query('select 1 from mate_inbox where event_id = $1', [eventId])).rows).toHaveLength(1),
    };
  };
  const part = async (sku: string) => {
    const response = await t.http().post('/api/v1/parts').set(auth(planner)).send({ sku, name: `Part ${sku}`, unitOfMeasure: 'ea', unitCost: '12.5' });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const receive = (partId: string, storeroomId: string, quantity: string) =>
    t.http().post(`/api/v1/parts/${partId}/receipts`).set(auth(planner)).send({ storeroomId, quantity, reason: 'initial stock' });
  const level = async (partId: string, storeroomId: string) => {
    const stock = await t.http().get(`/api/v1/parts/${partId}/stock`).set(auth(viewer));
    return stock.body.items.find((l: { storeroomId: string }) => l.storeroomId === storeroomId) as { onHand: string; reserved: string; available: string };
  };

  it('receives, issues, transfers and adjusts through the ledger; never negative (409)', async () => {
    const id = await part('BRG-1');
    expect((await receive(id, storeA, '10')).status).toBe(201);
    const issue = await t.http().post(`/api/v1/parts/${id}/issues`).set(auth(technician)).send({ storeroomId: storeA, quantity: '3', assetId });
    expect(issue.status).toBe(201);
    expect(issue.body.levels[0]).toMatchObject({ onHand: '7', available: '7' });

    const tooMuch = await t.http().post(`/api/v1/parts/${id}/issues`).set(auth(technician)).send({ storeroomId: storeA, quantity: '8' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('STOCK_INSUFFICIENT');

    const transfer = await t.http().post(`/api/v1/parts/${id}/transfers`).set(auth(technician)).send({ fromStoreroomId: storeA, toStoreroomId: storeB, quantity: '2' });
    expect(transfer.status).toBe(201);
    expect(transfer.body.movements.map((m: { kind: string }) => m.kind)).toEqual(['transfer_out', 'transfer_in']);
    expect(await level(id, storeA)).toMatchObject({ onHand: '5' });
    expect(await level(id, storeB)).toMatchObject({ onHand: '2' });

    const adjust = await t.http().post(`/api/v1/parts/${id}/adjustments`).set(auth(planner)).send({ storeroomId: storeB, countedQuantity: '1.5', reason: 'cycle count' });
    expect(adjust.body.movements[0]).toMatchObject({ kind: 'adjustment', quantity: '-0.5', onHandAfter: '1.5' });
    expect((await t.http().post(`/api/v1/parts/${id}/adjustments`).set(auth(technician)).send({ storeroomId: storeB, countedQuantity: '1', reason: 'x' })).status).toBe(403);

    const ledger = await t.http().get(`/api/v1/parts/${id}/movements`).set(auth(viewer));
    expect(ledger.body.items.map((m: { kind: string }) => m.kind)).toEqual(['adjustment', 'transfer_in', 'transfer_out', 'issue', 'receipt']);
    expect(ledger.body.items[3]).toMatchObject({ actor: 'tech-1', quantity: '-3', assetId });

    // The ledger is append-only, even for the database owner.
    await expect(t.owner.query(`update stock_movements set quantity = 100 where part_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(t.owner.query(`delete from stock_movements where part_id = $1`, [id])).rejects.toThrow(/append-only/);

    // The asset's history shows the issue.
    const history = await t.http().get(`/api/v1/assets/${assetId}/history`).query({ kinds: 'stock' }).set(auth(viewer));
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0].summary).toContain('BRG-1');
  });

  it('emits PartBelowReorderPoint once per crossing', async () => {
    const id = await part('FLT-1');
    await receive(id, storeA, '10');
    const levels = await t.http().put(`/api/v1/storerooms/${storeA}/parts/${id}/levels`).set(auth(planner)).send({ minimum: '2', reorderPoint: '5' });
    expect(levels.status).toBe(200);
    const issue = (quantity: string) => t.http().post(`/api/v1/parts/${id}/issues`).set(auth(technician)).send({ storeroomId: storeA, quantity });
    await issue('6'); // 4: crosses
    await issue('1'); // 3: still below, no new event
    await receive(id, storeA, '5'); // 8: back above, re-armed
    await issue('4'); // 4: crosses again

    await expectEventually(() => {
      const mine = capture.ofTenant(tenant).filter((m) => m.key === id);
      const below = mine.filter((m) => m.headers.ce_type === PartBelowReorderPointSchema.typeName).map((m) => fromBinary(PartBelowReorderPointSchema, m.value));
      expect(below.map((e) => e.onHand)).toEqual(['4', '4']);
      expect(below[0]).toMatchObject({ reorderPoint: '5', minimum: '2', sku: 'FLT-1', storeroomId: storeA });
      const changes = mine.filter((m) => m.headers.ce_type === PartStockChangedSchema.typeName).map((m) => fromBinary(PartStockChangedSchema, m.value));
      expect(changes.map((c) => [c.movementKind, c.quantityDelta, c.onHand])).toEqual([
        [StockMovementKind.RECEIPT, '10', '10'],
        [StockMovementKind.ISSUE, '-6', '4'],
        [StockMovementKind.ISSUE, '-1', '3'],
        [StockMovementKind.RECEIPT, '5', '8'],
        [StockMovementKind.ISSUE, '-4', '4'],
      ]);
    });
  });

  it('reserves for work orders (short when not enough), releases on cancel', async () => {
    const id = await part('SEAL-1');
    await receive(id, storeA, '5');
    const workOrderId = randomUUID();
    await publisher.publish(PartsReservationRequestedSchema, tenant, workOrderId, {
      workOrderId,
      number: 'WO-1',
      lines: [{ lineId: 'l1', partId: id, storeroomId: storeA, quantity: '8' }],
      requestedBy: 'planner-1',
    });
    await expectEventually(async () => expect(await level(id, storeA)).toMatchObject({ onHand: '5', reserved: '5', available: '0' }));
    const reservations = await t.http().get(`/api/v1/parts/${id}/reservations`).set(auth(viewer));
    expect(reservations.body.items[0]).toMatchObject({ workOrderId, quantityRequested: '8', quantityReserved: '5', quantityShort: '3', status: 'active' });
    expect(reservations.body.nextCursor).toBeNull();
    const badCursor = await t.http().get(`/api/v1/parts/${id}/reservations`).query({ cursor: 'x' }).set(auth(viewer));
    expect(badCursor.status).toBe(400);

    // Reserved stock is not available to manual issues.
    expect((await t.http().post(`/api/v1/parts/${id}/issues`).set(auth(technician)).send({ storeroomId: storeA, quantity: '1' })).status).toBe(409);

    await publisher.publish(WorkOrderCancelledSchema, tenant, workOrderId, { workOrderId, number: 'WO-1', reason: 'not needed' });
    await expectEventually(async () => expect(await level(id, storeA)).toMatchObject({ reserved: '0', available: '5' }));
  });

  it('issues stock exactly once for a WorkOrderCompleted delivered twice, consuming its reservation', async () => {
    const id = await part('BELT-1');
    await receive(id, storeA, '10');
    const workOrderId = randomUUID();
    await publisher.publish(PartsReservationRequestedSchema, tenant, workOrderId, {
      workOrderId,
      number: 'WO-2',
      lines: [{ lineId: 'l1', partId: id, storeroomId: storeA, quantity: '3' }],
    });
    await expectEventually(async () => expect(await level(id, storeA)).toMatchObject({ reserved: '3' }));

    const completed = {
      workOrderId,
      number: 'WO-2',
      assetId,
      completedBy: 'tech-1',
      completedAt: timestampFromDate(new Date()),
      partsUsed: [{ lineId: 'l1', partId: id, storeroomId: storeA, quantity: '4', unitCost: '12.5', totalCost: '50' }],
    };
    const eventId = await publisher.publish(WorkOrderCompletedSchema, tenant, workOrderId, completed);
    await publisher.publish(WorkOrderCompletedSchema, tenant, workOrderId, completed, eventId); // redelivery: same ce_id
    await publisher.publish(WorkOrderCompletedSchema, tenant, workOrderId, completed); // republished with a new id
    // Once the marker behind the three copies has been handled, the ledger is final.
    const issues = await countAfterMarker(markerOn(workOrderId), () =>
      t.http().get(`/api/v1/parts/${id}/movements`).query({ kind: 'issue' }).set(auth(viewer)),
    );
    expect(issues.body.items).toHaveLength(1);
    expect(issues.body.items[0]).toMatchObject({ quantity: '-4', reservedChange: '-3', workOrderId, assetId, actor: 'tech-1' });
    expect(await level(id, storeA)).toMatchObject({ onHand: '6', reserved: '0' });
    const reservations = await t.http().get(`/api/v1/parts/${id}/reservations`).set(auth(viewer));
    expect(reservations.body.items[0].status).toBe('consumed');

    // A re-completion with more parts issues only the difference.
    await publisher.publish(WorkOrderCompletedSchema, tenant, workOrderId, { ...completed, recompleted: true, partsUsed: [{ ...completed.partsUsed[0], quantity: '5' }] });
    await expectEventually(async () => expect(await level(id, storeA)).toMatchObject({ onHand: '5' }));
  });

  it('never issues below zero on completion: the shortfall is recorded', async () => {
    const id = await part('GASKET-1');
    await receive(id, storeA, '2');
    const workOrderId = randomUUID();
    await publisher.publish(WorkOrderCompletedSchema, tenant, workOrderId, {
      workOrderId,
      number: 'WO-3',
      partsUsed: [{ lineId: 'l1', partId: id, storeroomId: storeA, quantity: '5', unitCost: '1', totalCost: '5' }],
    });
    await expectEventually(async () => {
      const { rows } = await t.owner.query(`select quantity_issued::text, quantity_short::text from work_order_part_issues where work_order_id = $1`, [workOrderId]);
      expect(rows).toEqual([{ quantity_issued: '2.000000', quantity_short: '3.000000' }]);
    });
    expect(await level(id, storeA)).toMatchObject({ onHand: '0' });
  });

  /** The line's issue record once the completion has been processed. */
  const issuedFor = async (workOrderId: string) => {
    const { rows } = await t.owner.query(
      `select line_id, quantity_issued::text, quantity_short::text from work_order_part_issues where work_order_id = $1 order by line_id`,
      [workOrderId],
    );
    return rows as Array<{ line_id: string; quantity_issued: string; quantity_short: string }>;
  };
  const complete = (workOrderId: string, number: string, partsUsed: Array<{ lineId: string; partId: string; quantity: string }>) =>
    publisher.publish(WorkOrderCompletedSchema, tenant, workOrderId, {
      workOrderId,
      number,
      completedBy: 'tech-1',
      completedAt: timestampFromDate(new Date()),
      partsUsed: partsUsed.map((p) => ({ ...p, storeroomId: storeA, unitCost: '1', totalCost: p.quantity })),
    });
  const reserve = (workOrderId: string, number: string, lines: Array<{ lineId: string; partId: string; quantity: string }>) =>
    publisher.publish(PartsReservationRequestedSchema, tenant, workOrderId, { workOrderId, number, lines: lines.map((l) => ({ ...l, storeroomId: storeA })) });
  /** The part's PartStockChanged events on the broker so far, in order (one key, one partition). */
  const stockChangesOf = (partId: string) =>
    capture
      .ofTenant(tenant)
      .filter((m) => m.key === partId && m.headers.ce_type === PartStockChangedSchema.typeName)
      .map((m) => fromBinary(PartStockChangedSchema, m.value));
  /** One PartStockChanged per ledger line, in order: nothing was published without its movement. */
  const expectOneChangePerMovement = async (partId: string, changes: PartStockChanged[]) => {
    const { rows } = await t.owner.query(`select id from stock_movements where part_id = $1 order by seq`, [partId]);
    expect(changes.map((change) => change.movementId)).toEqual(rows.map((row: { id: string }) => row.id));
  };
  /** Every ledger line of the part, and every PartStockChanged on the broker: reserved never above on hand. */
  const expectNeverOverReserved = async (partId: string) => {
    const { rows } = await t.owner.query(`select on_hand_after::text, reserved_after::text from stock_movements where part_id = $1 order by seq`, [partId]);
    for (const row of rows) expect(Number(row.on_hand_after)).toBeGreaterThanOrEqual(Number(row.reserved_after));
    await expectEventually(() => {
      const changes = capture
        .ofTenant(tenant)
        .filter((m) => m.key === partId && m.headers.ce_type === PartStockChangedSchema.typeName)
        .map((m) => fromBinary(PartStockChangedSchema, m.value));
      expect(changes).toHaveLength(rows.length);
      for (const change of changes) {
        expect(Number(change.available)).toBeGreaterThanOrEqual(0);
        expect(Number(change.onHand)).toBeGreaterThanOrEqual(Number(change.reserved));
      }
    });
  };

  it("completion takes the work order's own reservation, then only available stock: never another work order's reservation (shortfall recorded)", async () => {
    const id = await part('ROTOR-1');
    await receive(id, storeA, '6');
    const woA = randomUUID();
    const woB = randomUUID();
    const woC = randomUUID();
    await reserve(woA, 'WO-A', [{ lineId: 'a1', partId: id, quantity: '4' }]);
    await expectEventually(async () => expect(await level(id, storeA)).toMatchObject({ reserved: '4' }));
    await reserve(woB, 'WO-B', [{ lineId: 'b1', partId: id, quantity: '1' }]);
    await expectEventually(async () => expect(await level(id, storeA)).toMatchObject({ onHand: '6', reserved: '5', available: '1' }));

    // WO-B used 3: its own 1, then the 1 available; WO-A's 4 stay reserved for WO-A; 1 short.
    await complete(woB, 'WO-B', [{ lineId: 'b1', partId: id, quantity: '3' }]);
    await expectEventually(async () => expect(await issuedFor(woB)).toEqual([{ line_id: 'b1', quantity_issued: '2.000000', quantity_short: '1.000000' }]));
    expect(await level(id, storeA)).toMatchObject({ onHand: '4', reserved: '4', available: '0' });
    const issueB = await t.http().get(`/api/v1/parts/${id}/movements`).query({ kind: 'issue', workOrderId: woB }).set(auth(viewer));
    expect(issueB.body.items).toEqual([expect.objectContaining({ quantity: '-2', reservedChange: '-1', onHandAfter: '4', reservedAfter: '4' })]);
    expect(issueB.body.items[0].reason).toContain('short 1');

    // WO-C reserved nothing and everything left is WO-A's: nothing issued, all of it short.
    await complete(woC, 'WO-C', [{ lineId: 'c1', partId: id, quantity: '2' }]);
    await expectEventually(async () => expect(await issuedFor(woC)).toEqual([{ line_id: 'c1', quantity_issued: '0.000000', quantity_short: '2.000000' }]));
    expect(await level(id, storeA)).toMatchObject({ onHand: '4', reserved: '4', available: '0' });
    const issueC = await t.http().get(`/api/v1/parts/${id}/movements`).query({ workOrderId: woC }).set(auth(viewer));
    expect(issueC.body.items).toEqual([]);
    const reservations = await t.http().get(`/api/v1/parts/${id}/reservations`).set(auth(viewer));
    expect(reservations.body.items.find((r: { workOrderId: string }) => r.workOrderId === woA)).toMatchObject({ quantityReserved: '4', status: 'active' });

    // WO-A still gets all it reserved.
    await complete(woA, 'WO-A', [{ lineId: 'a1', partId: id, quantity: '4' }]);
    await expectEventually(async () => expect(await issuedFor(woA)).toEqual([{ line_id: 'a1', quantity_issued: '4.000000', quantity_short: '0.000000' }]));
    expect(await level(id, storeA)).toMatchObject({ onHand: '0', reserved: '0', available: '0' });
    await expectNeverOverReserved(id);
  });

  it("completion: a line that used more than it reserved gets what the work order's other lines reserved and did not use", async () => {
    const id = await part('SHAFT-1');
    await receive(id, storeA, '6');
    const other = randomUUID();
    const workOrderId = randomUUID();
    await reserve(other, 'WO-O', [{ lineId: 'o1', partId: id, quantity: '1' }]);
    await expectEventually(async () => expect(await level(id, storeA)).toMatchObject({ reserved: '1' }));
    await reserve(workOrderId, 'WO-M', [
      { lineId: 'm1', partId: id, quantity: '3' },
      { lineId: 'm2', partId: id, quantity: '1' },
      { lineId: 'm3', partId: id, quantity: '1' },
    ]);
    await expectEventually(async () => expect(await level(id, storeA)).toMatchObject({ onHand: '6', reserved: '6', available: '0' }));

    // m2 (listed first) used 4: its 1, m1's unused 2 and m3's 1 (m3 not used at all). WO-O's 1 stays.
    await complete(workOrderId, 'WO-M', [
      { lineId: 'm2', partId: id, quantity: '4' },
      { lineId: 'm1', partId: id, quantity: '1' },
    ]);
    await expectEventually(async () =>
      expect(await issuedFor(workOrderId)).toEqual([
        { line_id: 'm1', quantity_issued: '1.000000', quantity_short: '0.000000' },
        { line_id: 'm2', quantity_issued: '4.000000', quantity_short: '0.000000' },
      ]),
    );
    expect(await level(id, storeA)).toMatchObject({ onHand: '1', reserved: '1', available: '0' });
    const reservations = await t.http().get(`/api/v1/parts/${id}/reservations`).set(auth(viewer));
    const statuses = Object.fromEntries(reservations.body.items.map((r: { lineId: string; status: string }) => [r.lineId, r.status]));
    expect(statuses).toEqual({ o1: 'active', m1: 'consumed', m2: 'consumed', m3: 'released' });
    await expectNeverOverReserved(id);
  });

  it('refuses an adjustment that would take on hand below reserved (409 naming it); nothing changes', async () => {
    const id = await part('CHAIN-1');
    await receive(id, storeA, '5');
    const workOrderId = randomUUID();
    await reserve(workOrderId, 'WO-ADJ', [{ lineId: 'l1', partId: id, quantity: '3' }]);
    await expectEventually(async () => expect(await level(id, storeA)).toMatchObject({ onHand: '5', reserved: '3', available: '2' }));
    const count = async (sql: string) => Number((await t.owner.query(sql, [id])).rows[0].n);
    const movements = () => count(`select count(*)::int as n from stock_movements where part_id = $1`);
    const movementsBefore = await movements();

    const refused = await t.http().post(`/api/v1/parts/${id}/adjustments`).set(auth(planner)).send({ storeroomId: storeA, countedQuantity: '2', reason: 'cycle count' });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 409, code: 'STOCK_INSUFFICIENT' });
    expect(refused.body.detail).toContain('3 are reserved');
    expect(await movements()).toBe(movementsBefore);
    expect(await level(id, storeA)).toMatchObject({ onHand: '5', reserved: '3', available: '2' });

    // Down to exactly what is reserved is fine (available 0). Its event is also the marker: the
    // same key, so on the broker it comes behind anything the refused adjustment published.
    let markerMovement = '';
    const changes = await countAfterMarker(
      {
        send: async () => {
          const toReserved = await t.http().post(`/api/v1/parts/${id}/adjustments`).set(auth(planner)).send({ storeroomId: storeA, countedQuantity: '3', reason: 'cycle count' });
          expect(toReserved.status).toBe(201);
          expect(toReserved.body.levels[0]).toMatchObject({ onHand: '3', reserved: '3', available: '0' });
          markerMovement = toReserved.body.movements[0].id;
        },
        arrived: () => expect(stockChangesOf(id).map((c) => c.movementId)).toContain(markerMovement),
      },
      () => stockChangesOf(id),
    );
    await expectOneChangePerMovement(id, changes);
    await expectNeverOverReserved(id);
  });

  it('refuses to issue to a decommissioned asset (409 ASSET_DECOMMISSIONED); nothing written', async () => {
    const id = await part('DECOM-1');
    await receive(id, storeA, '5');
    const retired = (await t.http().post('/api/v1/assets').set(auth(planner)).send({ tag: 'RETIRED-1', name: 'Old pump', locationId: storeA })).body.id as string;
    const decommission = await t.http().post(`/api/v1/assets/${retired}/status`).set(auth(planner)).send({ status: 'decommissioned', reason: 'scrapped' });
    expect(decommission.status).toBe(200);
    const count = async (sql: string, param: string) => Number((await t.owner.query(sql, [param])).rows[0].n);
    const movements = () => count(`select count(*)::int as n from stock_movements where part_id = $1`, id);
    const movementsBefore = await movements();

    const refused = await t.http().post(`/api/v1/parts/${id}/issues`).set(auth(technician)).send({ storeroomId: storeA, quantity: '2', assetId: retired });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 409, code: 'ASSET_DECOMMISSIONED' });
    expect(refused.body.detail).toContain('decommissioned');
    expect(await movements()).toBe(movementsBefore);
    expect(await count(`select count(*)::int as n from stock_movements where asset_id = $1`, retired)).toBe(0);
    expect(await level(id, storeA)).toMatchObject({ onHand: '5', available: '5' });
    const history = await t.http().get(`/api/v1/assets/${retired}/history`).query({ kinds: 'stock' }).set(auth(viewer));
    expect(history.body.items).toEqual([]);

    // The same issue to an asset in service goes through. Its event is also the marker: the same
    // key, so on the broker it comes behind anything the refused issue published.
    let markerMovement = '';
    const changes = await countAfterMarker(
      {
        send: async () => {
          const issued = await t.http().post(`/api/v1/parts/${id}/issues`).set(auth(technician)).send({ storeroomId: storeA, quantity: '2', assetId });
          expect(issued.status).toBe(201);
          markerMovement = issued.body.movements[0].id;
        },
        arrived: () => expect(stockChangesOf(id).map((c) => c.movementId)).toContain(markerMovement),
      },
      () => stockChangesOf(id),
    );
    await expectOneChangePerMovement(id, changes);
  });

  it('records meter readings captured on work orders, idempotently', async () => {
    const meterId = (await t.http().post('/api/v1/meters').set(auth(planner)).send({ assetId, name: 'Hours', kind: 'cumulative', unit: 'h' })).body.id;
    const readAt = timestampFromDate(new Date(Date.now() - 60_000));
    const workOrderId = randomUUID();
    const reading = { meterId, assetId, value: '1234.5', readAt, workOrderId, capturedBy: 'tech-1' };
    const first = await publisher.publish(MeterReadingCapturedSchema, tenant, meterId, reading);
    await publisher.publish(MeterReadingCapturedSchema, tenant, meterId, reading, first); // redelivery: same ce_id
    const again = await publisher.publish(MeterReadingCapturedSchema, tenant, meterId, reading); // captured again: a new ce_id
    const readings = await countAfterMarker(markerOn(meterId), () => t.http().get(`/api/v1/meters/${meterId}/readings`).set(auth(viewer)));
    expect(readings.body.items).toHaveLength(1);
    expect(readings.body.items[0]).toMatchObject({ value: '1234.5', workOrderId, source: 'work-order', recordedBy: 'tech-1' });
    // Both events were handled (the repeat as a duplicate), not dead-lettered after failing on the
    // unique (meter, instant) index.
    const handled = await t.owner.query('select event_id from mate_inbox where event_id = any($1::uuid[])', [[first, again]]);
    expect(handled.rows).toHaveLength(2);
  });

  it("answers 404 for another tenant's part and storeroom", async () => {
    const id = await part('MINE-1');
    const stranger = await t.token(randomUUID(), ['admin']);
    expect((await t.http().get(`/api/v1/parts/${id}`).set(auth(stranger))).status).toBe(404);
    expect((await t.http().get(`/api/v1/storerooms/${storeA}/stock`).set(auth(stranger))).status).toBe(404);
    const strangerPart = (await t.http().post('/api/v1/parts').set(auth(stranger)).send({ sku: 'S', name: 'S', unitOfMeasure: 'ea' })).body.id;
    expect((await t.http().post(`/api/v1/parts/${strangerPart}/receipts`).set(auth(stranger)).send({ storeroomId: storeA, quantity: '1' })).status).toBe(404);
  });

  it("refuses to issue to another tenant's or an unknown asset (404 naming the asset); nothing changes", async () => {
    const id = await part('ASSET-CHK-1');
    await receive(id, storeA, '5');
    const stranger = await t.token(randomUUID(), ['admin']);
    const strangerSite = (await t.http().post('/api/v1/locations').set(auth(stranger)).send({ name: 'Elsewhere' })).body.id;
    const strangerAsset = (await t.http().post('/api/v1/assets').set(auth(stranger)).send({ tag: 'X-1', name: 'Their pump', locationId: strangerSite })).body.id as string;
    expect(strangerAsset).toEqual(expect.any(String));
    const movementCount = async () => Number((await t.owner.query(`select count(*)::int as n from stock_movements where part_id = $1`, [id])).rows[0].n);
    expect(await movementCount()).toBe(1);

    for (const foreignId of [strangerAsset, randomUUID()]) {
      const refused = await t.http().post(`/api/v1/parts/${id}/issues`).set(auth(technician)).send({ storeroomId: storeA, quantity: '2', assetId: foreignId });
      expect(refused.status).toBe(404);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 404, code: 'ASSET_NOT_FOUND' });
      expect(refused.body.detail).toContain(foreignId);
    }
    // No ledger line, no stock change (the other tenant's asset has no history either).
    expect(await movementCount()).toBe(1);
    expect(await level(id, storeA)).toMatchObject({ onHand: '5', available: '5' });
    const { rows } = await t.owner.query(`select count(*)::int as n from stock_movements where asset_id = $1`, [strangerAsset]);
    expect(rows[0].n).toBe(0);

    // The caller's own asset still works.
    const issued = await t.http().post(`/api/v1/parts/${id}/issues`).set(auth(technician)).send({ storeroomId: storeA, quantity: '2', assetId });
    expect(issued.status).toBe(201);
    expect(issued.body.movements[0]).toMatchObject({ kind: 'issue', quantity: '-2', assetId });
    expect(issued.body.levels[0]).toMatchObject({ onHand: '3' });
    // Parts issued to an asset are part of its history: it can be decommissioned, not deleted.
    const planner = await t.token(tenant, ['planner']);
    const fresh = (await t.http().post('/api/v1/assets').set(auth(planner)).send({ tag: 'ISSUED-TO', name: 'Issued to', locationId: storeA })).body.id as string;
    expect((await t.http().post(`/api/v1/parts/${id}/issues`).set(auth(technician)).send({ storeroomId: storeA, quantity: '1', assetId: fresh })).status).toBe(201);
    const refused = await t.http().delete(`/api/v1/assets/${fresh}`).set(auth(planner));
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('parts issued to it');
  });
});
