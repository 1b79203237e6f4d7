import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ProblemException,
  TenantTransactions,
  type Page,
  type Principal,
  type SortedPageQuery,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { assertNotDecommissioned, AssetsService } from '../assets';
import { formatDecimal, fromNumeric, numericText, parseDecimal } from '../common/decimal.util';
import { CustomFieldsService } from '../custom-fields';
import { Part, type Reservation, type StockMovement } from './inventory.entities';
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
import { PartRepository } from './part.repository';
import { ReservationRepository } from './reservation.repository';
import { StockLedger, type MovementResult } from './stock-ledger';
import { StockRepository, type LevelRow } from './stock.repository';

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

@Injectable()
export class PartsService {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(StockLedger) private readonly ledger: StockLedger,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
    @Inject(AssetsService) private readonly assets: AssetsService,
    @Inject(PartRepository) private readonly repository: PartRepository,
    @Inject(StockRepository) private readonly stockRepository: StockRepository,
    @Inject(ReservationRepository) private readonly reservationRepository: ReservationRepository,
  ) {}

  /** The filtered query of the list and the export (no order yet). */
  query(manager: EntityManager, tenantId: string, query: ListPartsQueryDto) {
    return this.repository.filtered(manager, tenantId, query, (qb, alias) => this.customFields.applyFilters(manager, tenantId, 'part', qb, alias, query.cf));
  }

  list(principal: Principal, query: ListPartsQueryDto): Promise<Page<PartDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      return this.repository.page(await this.query(manager, principal.tenantId, query), query, toPartDto);
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
    if (await this.repository.skuTaken(manager, tenantId, body.sku)) {
      throw new InventoryException(InventoryExceptionCode.SKU_TAKEN, `a part with SKU "${body.sku}" already exists`);
    }
    const now = new Date();
    const part = Object.assign(new Part(), {
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
    await this.repository.insert(manager, part);
    return part;
  }

  update(principal: Principal, id: string, body: UpdatePartDto, ifMatch: VersionPrecondition): Promise<PartDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const part = await this.ledger.requirePart(manager, tenantId, id, true);
      ifMatch.assertMatches(part.version);
      if (body.sku !== undefined && body.sku !== part.sku && (await this.repository.skuTaken(manager, tenantId, body.sku))) {
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
      await this.repository.save(manager, part);
      return toPartDto(part);
    });
  }

  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const part = await this.ledger.requirePart(manager, tenantId, id, true);
      ifMatch.assertMatches(part.version);
      if (await this.stockRepository.partInUse(manager, tenantId, id)) throw new InventoryException(InventoryExceptionCode.PART_IN_USE, 'the part has stock movements or purchase-order lines: it cannot be deleted');
      await this.stockRepository.deleteLevelsOfPart(manager, tenantId, id);
      await this.repository.delete(manager, part);
    });
  }

  stock(principal: Principal, partId: string): Promise<StockLevelDto[]> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.ledger.requirePart(manager, principal.tenantId, partId);
      return (await this.stockRepository.levelsOfPart(manager, principal.tenantId, partId)).map(toLevelDto);
    });
  }

  storeroomStock(principal: Principal, storeroomId: string): Promise<StockLevelDto[]> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.ledger.requireStoreroom(manager, principal.tenantId, storeroomId);
      return (await this.stockRepository.levelsOfStoreroom(manager, principal.tenantId, storeroomId)).map(toLevelDto);
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
      return this.stockRepository.movementsPage(manager, principal.tenantId, partId, query, query, toMovementDto);
    });
  }

  reservations(principal: Principal, partId: string, query: SortedPageQuery): Promise<Page<ReservationDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.ledger.requirePart(manager, principal.tenantId, partId);
      return this.reservationRepository.pageOfPart(manager, principal.tenantId, partId, query, toReservationDto);
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
    return toLevelDto(await this.stockRepository.level(manager, tenantId, partId, storeroomId));
  }

  private positive(quantity: string, field: string): bigint {
    const value = parseDecimal(quantity);
    if (value <= 0n) throw ProblemException.validation([{ field, message: `${field} must be greater than 0` }]);
    return value;
  }

  private async requireVendor(manager: EntityManager, tenantId: string, vendorId: string): Promise<void> {
    if (!(await this.repository.vendorExists(manager, tenantId, vendorId))) throw new InventoryException(InventoryExceptionCode.VENDOR_NOT_FOUND, `vendor ${vendorId} not found`);
  }
}
