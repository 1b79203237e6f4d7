import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  KeysetPage,
  mapPage,
  ProblemException,
  sortOrder,
  TenantTransactions,
  type Page,
  type Principal,
  type SortedPageQuery,
  type SortKey,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { assertNotDecommissioned, AssetsService } from '../assets/assets.service';
import { formatDecimal, fromNumeric, numericText, parseDecimal } from '../common/decimal.util';
import { escapeLike } from '@mate/database';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { Part, Reservation, StockMovement } from './inventory.entities';
import { InventoryException, InventoryExceptionCode } from './inventory.exception';
import type {
  AdjustStockDto,
  CreatePartDto,
  IssueStockDto,
  ListMovementsQueryDto,
  ListPartsQueryDto,
  MovementDto,
  MovementResultDto,
  PartDto,
  ReceiveStockDto,
  ReservationDto,
  SetStockLevelsDto,
  StockLevelDto,
  TransferStockDto,
  UpdatePartDto,
} from './parts.dto';
import { StockLedger, type MovementResult } from './stock-ledger.service';

export function toPartDto(part: Part): PartDto {
  return {
    id: part.id,
    sku: part.sku,
    name: part.name,
    description: part.description,
    unitOfMeasure: part.unitOfMeasure,
    unitCost: numericText(part.unitCost),
    preferredVendorId: part.preferredVendorId,
    customFields: part.customFields,
    version: part.version,
    createdAt: part.createdAt.toISOString(),
    updatedAt: part.updatedAt.toISOString(),
  };
}

export function toMovementDto(movement: StockMovement): MovementDto {
  return {
    id: movement.id,
    seq: Number(movement.seq),
    partId: movement.partId,
    storeroomId: movement.storeroomId,
    kind: movement.kind,
    quantity: numericText(movement.quantity),
    reservedChange: numericText(movement.reservedChange),
    onHandAfter: numericText(movement.onHandAfter),
    reservedAfter: numericText(movement.reservedAfter),
    unitCost: movement.unitCost === null ? null : numericText(movement.unitCost),
    workOrderId: movement.workOrderId,
    assetId: movement.assetId,
    purchaseOrderId: movement.purchaseOrderId,
    transferId: movement.transferId,
    reason: movement.reason,
    actor: movement.actor,
    occurredAt: movement.occurredAt.toISOString(),
  };
}

export function toReservationDto(reservation: Reservation): ReservationDto {
  return {
    id: reservation.id,
    workOrderId: reservation.workOrderId,
    lineId: reservation.lineId,
    partId: reservation.partId,
    storeroomId: reservation.storeroomId,
    quantityRequested: numericText(reservation.quantityRequested),
    quantityReserved: numericText(reservation.quantityReserved),
    quantityShort: formatDecimal(fromNumeric(reservation.quantityRequested) - fromNumeric(reservation.quantityReserved)),
    status: reservation.status,
  };
}

interface LevelRow {
  part_id: string;
  sku: string;
  part_name: string;
  storeroom_id: string;
  storeroom_name: string;
  on_hand: string;
  reserved: string;
  minimum: string;
  reorder_point: string;
  below_reorder_point: boolean;
}

function toLevelDto(row: LevelRow): StockLevelDto {
  const available = fromNumeric(row.on_hand) - fromNumeric(row.reserved);
  return {
    partId: row.part_id,
    sku: row.sku,
    partName: row.part_name,
    storeroomId: row.storeroom_id,
    storeroomName: row.storeroom_name,
    onHand: numericText(row.on_hand),
    reserved: numericText(row.reserved),
    available: formatDecimal(available < 0n ? 0n : available),
    minimum: numericText(row.minimum),
    reorderPoint: numericText(row.reorder_point),
    belowReorderPoint: row.below_reorder_point,
  };
}

const PART_SORT: Record<string, SortKey> = {
  sku: { sql: 'p.sku', type: 'text' },
  name: { sql: 'p.name', type: 'text' },
  createdAt: { sql: 'p.created_at', type: 'timestamptz' },
};

const MOVEMENT_SORT: Record<string, SortKey> = {
  seq: { sql: 's.seq', type: 'numeric' },
};

const RESERVATION_SORT: Record<string, SortKey> = {
  createdAt: { sql: 'r.created_at', type: 'timestamptz' },
};

const LEVEL_SQL = `
  select l.part_id, p.sku, p.name as part_name, l.storeroom_id, s.name as storeroom_name,
         l.on_hand::text, l.reserved::text, l.minimum::text, l.reorder_point::text, l.below_reorder_point
    from stock_levels l join parts p on p.id = l.part_id join locations s on s.id = l.storeroom_id
   where l.tenant_id = $1`;

@Injectable()
export class PartsService {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(StockLedger) private readonly ledger: StockLedger,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
    @Inject(AssetsService) private readonly assets: AssetsService,
  ) {}

  /** The filtered query of the list and the export (no order yet). */
  async query(manager: EntityManager, tenantId: string, query: ListPartsQueryDto) {
    const qb = manager.createQueryBuilder(Part, 'p').where('p.tenant_id = :tenantId', { tenantId });
    if (query.q) {
      qb.andWhere(`(p.sku ILIKE :q ESCAPE '\\' OR p.name ILIKE :q ESCAPE '\\' OR p.description ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(query.q)}%` });
    }
    if (query.preferredVendorId) qb.andWhere('p.preferred_vendor_id = :vendor', { vendor: query.preferredVendorId });
    await this.customFields.applyFilters(manager, tenantId, 'part', qb, 'p', query.cf);
    return qb;
  }

  list(principal: Principal, query: ListPartsQueryDto): Promise<Page<PartDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const qb = await this.query(manager, principal.tenantId, query);
      return mapPage(await new KeysetPage(sortOrder(query.sort ?? 'sku', PART_SORT, 'p.id'), query).fetch(qb), toPartDto);
    });
  }

  get(principal: Principal, id: string): Promise<PartDto> {
    return this.tenantTransactions.run(principal, async (manager) => toPartDto(await this.ledger.requirePart(manager, principal.tenantId, id)));
  }

  create(principal: Principal, body: CreatePartDto): Promise<PartDto> {
    return this.tenantTransactions.run(principal, async (manager) => toPartDto(await this.createIn(manager, principal, body)));
  }

  /** Creates one part inside the caller's transaction (also used by the CSV import). */
  async createIn(manager: EntityManager, principal: Principal, body: CreatePartDto): Promise<Part> {
    const tenantId = principal.tenantId;
    if (body.preferredVendorId) await this.requireVendor(manager, tenantId, body.preferredVendorId);
    const customFields = await this.customFields.validate(manager, tenantId, 'part', body.customFields);
    if (await manager.existsBy(Part, { tenantId, sku: body.sku })) {
      throw new InventoryException(InventoryExceptionCode.SKU_TAKEN, `a part with SKU "${body.sku}" already exists`);
    }
    const now = new Date();
    const part = manager.create(Part, {
      id: randomUUID(),
      tenantId,
      sku: body.sku,
      name: body.name,
      description: body.description ?? null,
      unitOfMeasure: body.unitOfMeasure,
      unitCost: body.unitCost ?? '0',
      preferredVendorId: body.preferredVendorId ?? null,
      customFields,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await manager.insert(Part, part);
    return part;
  }

  update(principal: Principal, id: string, body: UpdatePartDto, ifMatch: VersionPrecondition): Promise<PartDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const part = await this.ledger.requirePart(manager, tenantId, id, true);
      ifMatch.assertMatches(part.version);
      if (body.sku !== undefined && body.sku !== part.sku && (await manager.existsBy(Part, { tenantId, sku: body.sku }))) {
        throw new InventoryException(InventoryExceptionCode.SKU_TAKEN, `a part with SKU "${body.sku}" already exists`);
      }
      if (body.preferredVendorId) await this.requireVendor(manager, tenantId, body.preferredVendorId);
      if (body.sku !== undefined) part.sku = body.sku;
      if (body.name !== undefined) part.name = body.name;
      if (body.description !== undefined) part.description = body.description;
      if (body.unitOfMeasure !== undefined) part.unitOfMeasure = body.unitOfMeasure;
      if (body.unitCost !== undefined) part.unitCost = body.unitCost;
      if (body.preferredVendorId !== undefined) part.preferredVendorId = body.preferredVendorId;
      if (body.customFields !== undefined) part.customFields = await this.customFields.validate(manager, tenantId, 'part', body.customFields, part.customFields);
      part.version += 1;
      part.updatedAt = new Date();
      await manager.save(Part, part);
      return toPartDto(part);
    });
  }

  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const part = await this.ledger.requirePart(manager, tenantId, id, true);
      ifMatch.assertMatches(part.version);
      const used = await manager.query(
        `select 1 from stock_movements where tenant_id = $1 and part_id = $2
         union all select 1 from purchase_order_lines where tenant_id = $1 and part_id = $2 limit 1`,
        [tenantId, id],
      );
      if (used.length > 0) throw new InventoryException(InventoryExceptionCode.PART_IN_USE, 'the part has stock movements or purchase-order lines: it cannot be deleted');
      await manager.query(`delete from stock_levels where tenant_id = $1 and part_id = $2`, [tenantId, id]);
      await manager.delete(Part, { id, tenantId });
    });
  }

  stock(principal: Principal, partId: string): Promise<StockLevelDto[]> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.ledger.requirePart(manager, principal.tenantId, partId);
      const rows: LevelRow[] = await manager.query(`${LEVEL_SQL} and l.part_id = $2 order by s.name`, [principal.tenantId, partId]);
      return rows.map(toLevelDto);
    });
  }

  storeroomStock(principal: Principal, storeroomId: string): Promise<StockLevelDto[]> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.ledger.requireStoreroom(manager, principal.tenantId, storeroomId);
      const rows: LevelRow[] = await manager.query(`${LEVEL_SQL} and l.storeroom_id = $2 order by p.sku`, [principal.tenantId, storeroomId]);
      return rows.map(toLevelDto);
    });
  }

  setLevels(principal: Principal, storeroomId: string, partId: string, body: SetStockLevelsDto): Promise<StockLevelDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const part = await this.ledger.requirePart(manager, principal.tenantId, partId);
      await this.ledger.requireStoreroom(manager, principal.tenantId, storeroomId);
      await this.ledger.setLevels(manager, principal.tenantId, part, storeroomId, body.minimum, body.reorderPoint);
      return this.level(manager, principal.tenantId, partId, storeroomId);
    });
  }

  movements(principal: Principal, partId: string, query: ListMovementsQueryDto): Promise<Page<MovementDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.ledger.requirePart(manager, principal.tenantId, partId);
      const qb = manager.createQueryBuilder(StockMovement, 's').where('s.tenant_id = :tenantId AND s.part_id = :partId', { tenantId: principal.tenantId, partId });
      if (query.storeroomId) qb.andWhere('s.storeroom_id = :storeroomId', { storeroomId: query.storeroomId });
      if (query.kind) qb.andWhere('s.kind = :kind', { kind: query.kind });
      if (query.workOrderId) qb.andWhere('s.work_order_id = :workOrderId', { workOrderId: query.workOrderId });
      return mapPage(await new KeysetPage(sortOrder(query.sort ?? '-seq', MOVEMENT_SORT, 's.id'), query).fetch(qb), toMovementDto);
    });
  }

  reservations(principal: Principal, partId: string, query: SortedPageQuery): Promise<Page<ReservationDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.ledger.requirePart(manager, principal.tenantId, partId);
      const qb = manager.createQueryBuilder(Reservation, 'r').where('r.tenant_id = :tenantId AND r.part_id = :partId', { tenantId: principal.tenantId, partId });
      return mapPage(await new KeysetPage(sortOrder(query.sort ?? '-createdAt', RESERVATION_SORT, 'r.id'), query).fetch(qb), toReservationDto);
    });
  }

  receive(principal: Principal, partId: string, body: ReceiveStockDto): Promise<MovementResultDto> {
    return this.operate(principal, partId, async (manager, part) => {
      await this.ledger.requireStoreroom(manager, principal.tenantId, body.storeroomId);
      return [
        await this.ledger.move(manager, {
          tenantId: principal.tenantId,
          part,
          storeroomId: body.storeroomId,
          kind: 'receipt',
          quantity: this.positive(body.quantity, 'quantity'),
          unitCost: body.unitCost ?? null,
          reason: body.reason ?? null,
          actor: principal.subject,
        }),
      ];
    });
  }

  issue(principal: Principal, partId: string, body: IssueStockDto): Promise<MovementResultDto> {
    return this.operate(principal, partId, async (manager, part) => {
      await this.ledger.requireStoreroom(manager, principal.tenantId, body.storeroomId);
      // An asset id in the body is the caller's own asset or 404, like the part and storeroom, and
      // not decommissioned (terminal: 409). Locked, so a concurrent decommission or delete waits.
      if (body.assetId) {
        const asset = await this.assets.require(manager, principal.tenantId, body.assetId, true);
        assertNotDecommissioned(asset, `parts cannot be issued to it (${asset.tag})`);
      }
      return [
        await this.ledger.move(manager, {
          tenantId: principal.tenantId,
          part,
          storeroomId: body.storeroomId,
          kind: 'issue',
          quantity: -this.positive(body.quantity, 'quantity'),
          respectReservations: true,
          unitCost: part.unitCost,
          workOrderId: body.workOrderId ?? null,
          assetId: body.assetId ?? null,
          reason: body.reason ?? null,
          actor: principal.subject,
        }),
      ];
    });
  }

  adjust(principal: Principal, partId: string, body: AdjustStockDto): Promise<MovementResultDto> {
    return this.operate(principal, partId, async (manager, part) => {
      await this.ledger.requireStoreroom(manager, principal.tenantId, body.storeroomId);
      const level = await this.ledger.lockLevel(manager, principal.tenantId, part.id, body.storeroomId);
      const counted = parseDecimal(body.countedQuantity);
      const onHand = fromNumeric(level.onHand);
      const reserved = fromNumeric(level.reserved);
      // Reserved stock is promised to work orders: a count may not take on hand below it (available
      // would go negative). A count that raises stock is always recorded.
      if (counted < onHand && counted < reserved) {
        throw new InventoryException(
          InventoryExceptionCode.INSUFFICIENT_STOCK,
          `counted ${formatDecimal(counted)} ${part.sku} but ${formatDecimal(reserved)} are reserved for work orders (${formatDecimal(onHand)} on hand): on hand cannot go below reserved; release or reduce the reservations first`,
        );
      }
      return [
        await this.ledger.move(manager, {
          tenantId: principal.tenantId,
          part,
          storeroomId: body.storeroomId,
          kind: 'adjustment',
          quantity: counted - onHand,
          reason: body.reason,
          actor: principal.subject,
        }),
      ];
    });
  }

  transfer(principal: Principal, partId: string, body: TransferStockDto): Promise<MovementResultDto> {
    if (body.fromStoreroomId === body.toStoreroomId) {
      return Promise.reject(new InventoryException(InventoryExceptionCode.SAME_STOREROOM, 'a transfer needs two different storerooms'));
    }
    return this.operate(principal, partId, async (manager, part) => {
      await this.ledger.requireStoreroom(manager, principal.tenantId, body.fromStoreroomId);
      await this.ledger.requireStoreroom(manager, principal.tenantId, body.toStoreroomId);
      const quantity = this.positive(body.quantity, 'quantity');
      const transferId = randomUUID();
      const common = { tenantId: principal.tenantId, part, transferId, reason: body.reason ?? null, actor: principal.subject, unitCost: part.unitCost };
      // Lock both levels in a fixed order so opposite transfers cannot deadlock.
      for (const storeroomId of [body.fromStoreroomId, body.toStoreroomId].sort()) {
        await this.ledger.lockLevel(manager, principal.tenantId, part.id, storeroomId);
      }
      const out = await this.ledger.move(manager, { ...common, storeroomId: body.fromStoreroomId, kind: 'transfer_out', quantity: -quantity, respectReservations: true });
      const into = await this.ledger.move(manager, { ...common, storeroomId: body.toStoreroomId, kind: 'transfer_in', quantity });
      return [out, into];
    });
  }

  private operate(
    principal: Principal,
    partId: string,
    work: (manager: EntityManager, part: Part) => Promise<MovementResult[]>,
  ): Promise<MovementResultDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const part = await this.ledger.requirePart(manager, principal.tenantId, partId);
      const results = await work(manager, part);
      // One after the other: a transaction is one connection, and node-postgres deprecates queueing
      // concurrent queries on it.
      const levels: StockLevelDto[] = [];
      for (const result of results) levels.push(await this.level(manager, principal.tenantId, part.id, result.level.storeroomId));
      return { movements: results.map((r) => toMovementDto(r.movement)), levels };
    });
  }

  private async level(manager: EntityManager, tenantId: string, partId: string, storeroomId: string): Promise<StockLevelDto> {
    const [row]: LevelRow[] = await manager.query(`${LEVEL_SQL} and l.part_id = $2 and l.storeroom_id = $3`, [tenantId, partId, storeroomId]);
    return toLevelDto(row);
  }

  private positive(quantity: string, field: string): bigint {
    const value = parseDecimal(quantity);
    if (value <= 0n) throw ProblemException.validation([{ field, message: `${field} must be greater than 0` }]);
    return value;
  }

  private async requireVendor(manager: EntityManager, tenantId: string, vendorId: string): Promise<void> {
    const found = await manager.query(`select 1 from vendors where tenant_id = $1 and id = $2`, [tenantId, vendorId]);
    if (found.length === 0) throw new InventoryException(InventoryExceptionCode.VENDOR_NOT_FOUND, `vendor ${vendorId} not found`);
  }
}
