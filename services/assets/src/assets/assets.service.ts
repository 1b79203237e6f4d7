import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  isBeyondFutureTolerance,
  SERVICE_CONFIG,
  TenantTransactions,
  type Page,
  type Principal,
  type SortedPageQuery,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { isoDate } from '../common/time.util';
import type { AssetsConfig } from '../config/assets.config';
import { EventPublisher } from '../common/event-publisher';
import { isUniqueViolation } from '@mate/database';
import { numericText } from '../common/decimal.util';
import { CustomFieldsService } from '../custom-fields';
import { LocationRepository, LocationsService, pathIdsOf } from '../locations';
import { Asset, DOWN_STATUSES, Downtime, type DowntimeKindName } from './asset.entity';
import {
  assetCreated,
  assetDecommissioned,
  assetDeleted,
  assetStatusChanged,
  assetUpdated,
  downtimeClosed,
  downtimeOpened,
  type StatusChangeFacts,
} from './asset.events';
import { AssetException, AssetExceptionCode } from './asset.exception';
import { AssetRepository } from './asset.repository';
import { DowntimeRepository } from './downtime.repository';
import { availabilityOf } from './availability.util';
import type { AssetDto, AvailabilityDto, ChangeStatusDto, CreateAssetDto, DowntimeDto, ListAssetsQueryDto, RecordDowntimeDto, StatusChangeResultDto, UpdateAssetDto } from './assets.dto';


export function toAssetDto(asset: Asset): AssetDto {
  return {
    id: asset.id,
    tag: asset.tag,
    name: asset.name,
    description: asset.description,
    category: asset.category,
    manufacturer: asset.manufacturer,
    model: asset.model,
    serialNumber: asset.serialNumber,
    criticality: asset.criticality,
    status: asset.status,
    parentId: asset.parentId,
    ancestorIds: asset.path.split('/').filter(Boolean).slice(0, -1),
    locationId: asset.locationId,
    installDate: isoDate(asset.installDate),
    purchaseCost: asset.purchaseCost === null ? null : numericText(asset.purchaseCost),
    warrantyExpiry: isoDate(asset.warrantyExpiry),
    barcode: asset.barcode,
    customFields: asset.customFields,
    version: asset.version,
    createdAt: asset.createdAt.toISOString(),
    updatedAt: asset.updatedAt.toISOString(),
    decommissionedAt: asset.decommissionedAt?.toISOString() ?? null,
  };
}

export function toDowntimeDto(downtime: Downtime): DowntimeDto {
  return {
    id: downtime.id,
    assetId: downtime.assetId,
    kind: downtime.kind,
    status: downtime.status,
    reason: downtime.reason,
    workOrderId: downtime.workOrderId,
    startedAt: downtime.startedAt.toISOString(),
    endedAt: downtime.endedAt?.toISOString() ?? null,
  };
}

/**
 * Decommissioning is terminal: refuses `refused` (what the caller tried, e.g. "no meter can be
 * added to it") on a decommissioned asset with 409 ASSET_DECOMMISSIONED, saying since when. The
 * one check for the register edit, status change, recorded downtime, new meters and changes to
 * (or deletion of) existing meters.
 */
export function assertNotDecommissioned(asset: Asset, refused: string): void {
  if (asset.status !== 'decommissioned') return;
  const since = asset.decommissionedAt ? ` since ${asset.decommissionedAt.toISOString()}` : '';
  throw new AssetException(AssetExceptionCode.DECOMMISSIONED, `the asset is decommissioned${since} (terminal): ${refused}`);
}

@Injectable()
export class AssetsService implements OnModuleInit {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
    @Inject(LocationsService) private readonly locations: LocationsService,
    @Inject(SERVICE_CONFIG) private readonly config: AssetsConfig,
    @Inject(DowntimeRepository) private readonly downtimeRepository: DowntimeRepository,
    @Inject(AssetRepository) private readonly repository: AssetRepository,
    @Inject(LocationRepository) private readonly locationRepository: LocationRepository,
  ) {}

  onModuleInit(): void {
    this.customFields.onValuesRemoved('asset', (manager, tenantId, ids, changedFields) => this.publishUpdated(manager, tenantId, ids, changedFields));
  }

  /** AssetUpdated for assets changed outside the register edit (a deleted custom field's values removed). */
  private async publishUpdated(manager: EntityManager, tenantId: string, ids: readonly string[], changedFields: string[]): Promise<void> {
    const assets = await this.repository.findByIds(manager, tenantId, ids);
    const locations = await this.locationRepository.findByIdsRootFirst(manager, tenantId, [...new Set(assets.map((a) => a.locationId))]);
    const pathOf = new Map(locations.map((l) => [l.id, pathIdsOf(l.path)]));
    await this.events.publish(manager, assets.map((asset) => assetUpdated(asset, pathOf.get(asset.locationId) ?? [], changedFields)));
  }

  async require(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<Asset> {
    const asset = await this.repository.findById(manager, tenantId, id, lock);
    if (!asset) throw new AssetException(AssetExceptionCode.NOT_FOUND, `asset ${id} not found`);
    return asset;
  }

  /** The filtered query of the list and the export (no order yet). */
  async query(manager: EntityManager, tenantId: string, query: ListAssetsQueryDto) {
    // Like locationId: an id the caller cannot see is a 404, not an empty page.
    if (query.parentId) await this.require(manager, tenantId, query.parentId);
    const location = query.locationId ? await this.locations.require(manager, tenantId, query.locationId) : null;
    return this.repository.filtered(manager, tenantId, { ...query, locationPath: location?.path }, (qb, alias) =>
      this.customFields.applyFilters(manager, tenantId, 'asset', qb, alias, query.cf),
    );
  }

  list(principal: Principal, query: ListAssetsQueryDto): Promise<Page<AssetDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      return this.repository.page(await this.query(manager, principal.tenantId, query), query, toAssetDto);
    });
  }

  get(principal: Principal, id: string): Promise<AssetDto> {
    return this.tenantTransactions.run(principal, async (manager) => toAssetDto(await this.require(manager, principal.tenantId, id)));
  }

  create(principal: Principal, body: CreateAssetDto): Promise<AssetDto> {
    return this.tenantTransactions.run(principal, async (manager) => toAssetDto(await this.createIn(manager, principal, body)));
  }

  /** Creates one asset inside the caller's transaction (also used by the CSV import). */
  async createIn(manager: EntityManager, principal: Principal, body: CreateAssetDto): Promise<Asset> {
    const tenantId = principal.tenantId;
    const location = await this.locations.require(manager, tenantId, body.locationId);
    const parent = body.parentId ? await this.requireParent(manager, tenantId, body.parentId) : null;
    const customFields = await this.customFields.validate(manager, tenantId, 'asset', body.customFields);
    if (await this.repository.tagTaken(manager, tenantId, body.tag)) {
      throw new AssetException(AssetExceptionCode.TAG_TAKEN, `an asset with tag "${body.tag}" already exists`);
    }
    const id = randomUUID();
    const now = new Date();
    const asset = Object.assign(new Asset(), {
      id,
      tenantId,
      tag: body.tag,
      name: body.name,
      description: body.description ?? null,
      category: body.category ?? null,
      manufacturer: body.manufacturer ?? null,
      model: body.model ?? null,
      serialNumber: body.serialNumber ?? null,
      criticality: body.criticality ?? 'C',
      status: body.status ?? 'operational',
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      locationId: location.id,
      installDate: body.installDate ?? null,
      purchaseCost: body.purchaseCost ?? null,
      warrantyExpiry: body.warrantyExpiry ?? null,
      barcode: body.barcode ?? null,
      customFields,
      version: 1,
      createdAt: now,
      updatedAt: now,
      decommissionedAt: null,
    });
    try {
      await this.repository.insert(manager, asset);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AssetException(AssetExceptionCode.TAG_TAKEN, `an asset with tag "${body.tag}" already exists`);
      throw error;
    }
    await this.repository.addStatusChange(manager, {
      id: randomUUID(),
      tenantId,
      assetId: id,
      fromStatus: null,
      toStatus: asset.status,
      reason: 'created',
      workOrderId: null,
      changedBy: principal.subject,
      changedAt: now,
    });
    const events = [assetCreated(asset, pathIdsOf(location.path))];
    if (DOWN_STATUSES.has(asset.status)) {
      const downtime = await this.openDowntime(manager, asset, asset.status === 'maintenance' ? 'planned' : 'unplanned', 'created down', null, now);
      events.push(downtimeOpened(downtime));
    }
    await this.events.publish(manager, events);
    return asset;
  }

  update(principal: Principal, id: string, body: UpdateAssetDto, ifMatch: VersionPrecondition): Promise<AssetDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const asset = await this.require(manager, tenantId, id, true);
      ifMatch.assertMatches(asset.version);
      assertNotDecommissioned(asset, 'its register entry is read-only');
      const changed: string[] = [];
      const set = <K extends keyof Asset>(key: K, value: Asset[K] | undefined) => {
        if (value === undefined) return;
        if (JSON.stringify(asset[key]) !== JSON.stringify(value)) changed.push(String(key));
        asset[key] = value;
      };
      if (body.tag !== undefined && body.tag !== asset.tag && (await this.repository.tagTaken(manager, tenantId, body.tag))) {
        throw new AssetException(AssetExceptionCode.TAG_TAKEN, `an asset with tag "${body.tag}" already exists`);
      }
      set('tag', body.tag);
      set('name', body.name);
      if (body.locationId !== undefined) await this.locations.require(manager, tenantId, body.locationId);
      set('locationId', body.locationId);
      set('description', body.description);
      set('category', body.category);
      set('manufacturer', body.manufacturer);
      set('model', body.model);
      set('serialNumber', body.serialNumber);
      set('criticality', body.criticality);
      set('installDate', body.installDate);
      if (body.purchaseCost !== undefined && (body.purchaseCost === null ? asset.purchaseCost !== null : asset.purchaseCost === null || numericText(asset.purchaseCost) !== numericText(body.purchaseCost))) {
        changed.push('purchaseCost');
        asset.purchaseCost = body.purchaseCost;
      }
      set('warrantyExpiry', body.warrantyExpiry);
      set('barcode', body.barcode);
      if (body.customFields !== undefined) {
        const values = await this.customFields.validate(manager, tenantId, 'asset', body.customFields, asset.customFields);
        for (const key of new Set([...Object.keys(values), ...Object.keys(asset.customFields)])) {
          if (JSON.stringify(values[key]) !== JSON.stringify(asset.customFields[key])) changed.push(`customFields.${key}`);
        }
        asset.customFields = values;
      }
      if (body.parentId !== undefined && body.parentId !== asset.parentId) {
        await this.reparent(manager, asset, body.parentId);
        changed.push('parentId');
      }
      if (changed.length === 0) return toAssetDto(asset);
      asset.version += 1;
      asset.updatedAt = new Date();
      try {
        await this.repository.save(manager, asset);
      } catch (error) {
        if (isUniqueViolation(error)) throw new AssetException(AssetExceptionCode.TAG_TAKEN, `an asset with tag "${asset.tag}" already exists`);
        throw error;
      }
      const location = await this.locations.require(manager, tenantId, asset.locationId);
      await this.events.publish(manager, [assetUpdated(asset, pathIdsOf(location.path), changed)]);
      return toAssetDto(asset);
    });
  }

  /**
   * Changes the operational status. Entering a down-type status opens a downtime interval, leaving
   * it closes the interval; decommissioning is terminal and warns about components still in service.
   */
  changeStatus(principal: Principal, id: string, body: ChangeStatusDto, ifMatch: VersionPrecondition): Promise<StatusChangeResultDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const asset = await this.require(manager, principal.tenantId, id, true);
      ifMatch.assertMatches(asset.version);
      return this.changeStatusIn(manager, asset, body, principal.subject);
    });
  }

  async changeStatusIn(manager: EntityManager, asset: Asset, body: ChangeStatusDto, actor: string): Promise<StatusChangeResultDto> {
    const tenantId = asset.tenantId;
    assertNotDecommissioned(asset, 'its status cannot change');
    if (body.status === asset.status) return { asset: toAssetDto(asset), warnings: [] };
    const at = body.at ? new Date(body.at) : new Date();
    if (isBeyondFutureTolerance(at, this.config)) {
      throw new AssetException(AssetExceptionCode.STATUS_TIME_INVALID, 'at must not be in the future');
    }
    const last = await this.repository.lastStatusChange(manager, tenantId, asset.id);
    if (last && at < last.changedAt) {
      throw new AssetException(AssetExceptionCode.STATUS_TIME_INVALID, `at must not be before the previous status change (${last.changedAt.toISOString()})`);
    }
    const previous = asset.status;
    const events = [];
    const facts: StatusChangeFacts = { previous, reason: body.reason ?? null, workOrderId: body.workOrderId ?? null, at, by: actor };

    const open = await this.downtimeRepository.findOpenForUpdate(manager, tenantId, asset.id);
    if (open) {
      await this.downtimeRepository.close(manager, open, at < open.startedAt ? open.startedAt : at);
      events.push(downtimeClosed(open, body.status));
    }
    asset.status = body.status;
    asset.version += 1;
    asset.updatedAt = new Date();
    if (body.status === 'decommissioned') asset.decommissionedAt = at;
    await this.repository.updateStatus(manager, asset);
    await this.repository.addStatusChange(manager, {
      id: randomUUID(),
      tenantId,
      assetId: asset.id,
      fromStatus: previous,
      toStatus: body.status,
      reason: body.reason ?? null,
      workOrderId: body.workOrderId ?? null,
      changedBy: actor,
      changedAt: at,
    });
    if (DOWN_STATUSES.has(body.status)) {
      const kind: DowntimeKindName = body.downtimeKind ?? (body.status === 'maintenance' ? 'planned' : 'unplanned');
      const downtime = await this.openDowntime(manager, asset, kind, body.reason ?? null, body.workOrderId ?? null, at);
      events.push(downtimeOpened(downtime));
    }
    const location = await this.locations.require(manager, tenantId, asset.locationId);
    const locationPath = pathIdsOf(location.path);
    events.unshift(assetStatusChanged(asset, locationPath, facts));
    const warnings: string[] = [];
    if (body.status === 'decommissioned') {
      const active = await this.repository.componentsInService(manager, asset);
      if (active.length > 0) {
        warnings.push(`${active.length} component(s) are still in service: ${active.slice(0, 20).map((a) => a.tag).join(', ')}${active.length > 20 ? ', …' : ''}`);
      }
      events.push(assetDecommissioned(asset, locationPath, facts, active.map((a) => a.id)));
    }
    await this.events.publish(manager, events);
    return { asset: toAssetDto(asset), warnings };
  }

  /**
   * A downtime interval recorded after the fact (e.g. from a work order); may overlap others. Not on
   * a decommissioned asset (the row lock orders this after a concurrent decommissioning).
   */
  recordDowntime(principal: Principal, id: string, body: RecordDowntimeDto): Promise<DowntimeDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const asset = await this.require(manager, principal.tenantId, id, true);
      assertNotDecommissioned(asset, 'no downtime can be recorded for it');
      const startedAt = new Date(body.startedAt);
      const endedAt = new Date(body.endedAt);
      if (endedAt <= startedAt) throw new AssetException(AssetExceptionCode.DOWNTIME_INVALID, 'endedAt must be after startedAt');
      if (isBeyondFutureTolerance(endedAt, this.config)) throw new AssetException(AssetExceptionCode.DOWNTIME_INVALID, 'endedAt must not be in the future');
      const downtime = Object.assign(new Downtime(), {
        id: randomUUID(),
        tenantId: asset.tenantId,
        assetId: asset.id,
        kind: body.kind,
        status: body.kind === 'planned' ? 'maintenance' : 'down',
        reason: body.reason ?? null,
        workOrderId: body.workOrderId ?? null,
        startedAt,
        endedAt,
        origin: 'asset',
      });
      await this.downtimeRepository.insert(manager, downtime);
      await this.events.publish(manager, [downtimeOpened(downtime), downtimeClosed(downtime, asset.status)]);
      return toDowntimeDto(downtime);
    });
  }

  /** The asset's recorded intervals (unmerged), oldest first, a page at a time. */
  downtimePage(principal: Principal, id: string, query: SortedPageQuery): Promise<Page<DowntimeDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.require(manager, principal.tenantId, id);
      return this.downtimeRepository.page(manager, principal.tenantId, id, query, toDowntimeDto);
    });
  }

  /** Availability over [from, to) (to: now when absent): the asset's intervals clipped, merged and split planned/unplanned. */
  availability(principal: Principal, id: string, from: Date, to?: Date): Promise<AvailabilityDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.require(manager, principal.tenantId, id);
      const now = new Date();
      const end = to ?? now;
      const downtimes = await this.downtimeRepository.within(manager, principal.tenantId, id, from, end);
      const figures = availabilityOf(
        downtimes.map((d) => ({ start: d.startedAt.getTime(), end: d.endedAt ? d.endedAt.getTime() : Math.min(now.getTime(), end.getTime()), planned: d.kind === 'planned' })),
        from.getTime(),
        Math.max(from.getTime(), end.getTime()),
      );
      return {
        from: from.toISOString(),
        to: end.toISOString(),
        availability: figures.availability,
        periodSeconds: figures.periodMs / 1000,
        uptimeSeconds: figures.uptimeMs / 1000,
        downtimeSeconds: figures.downtimeMs / 1000,
        unplannedDowntimeSeconds: figures.unplannedDowntimeMs / 1000,
        plannedDowntimeSeconds: figures.plannedDowntimeMs / 1000,
        mergedDowntime: figures.merged.map((i) => ({ start: new Date(i.start).toISOString(), end: new Date(i.end).toISOString() })),
        formula: 'availability = uptime ÷ (uptime + downtime); downtime intervals clipped to the period and merged (overlaps count once, as unplanned)',
      };
    });
  }

  /** Deleting is only for an asset registered by mistake; anything with history is decommissioned instead. */
  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const asset = await this.require(manager, tenantId, id, true);
      ifMatch.assertMatches(asset.version);
      const counts = await this.repository.historyCounts(manager, tenantId, id);
      if (counts.children > 0 || counts.meters > 0 || counts.downtimes > 0 || counts.changes > 1 || counts.movements > 0) {
        throw new AssetException(
          AssetExceptionCode.HAS_HISTORY,
          'the asset has components, meters or history (status, downtime, parts issued to it): decommission it instead (POST /assets/{id}/status with status "decommissioned")',
        );
      }
      await this.repository.delete(manager, asset);
      await this.events.publish(manager, [assetDeleted(asset, new Date(), principal.subject)]);
    });
  }

  private async openDowntime(manager: EntityManager, asset: Asset, kind: DowntimeKindName, reason: string | null, workOrderId: string | null, at: Date): Promise<Downtime> {
    const downtime = Object.assign(new Downtime(), {
      id: randomUUID(),
      tenantId: asset.tenantId,
      assetId: asset.id,
      kind,
      status: asset.status,
      reason,
      workOrderId,
      startedAt: at,
      endedAt: null,
      origin: 'asset',
    });
    await this.downtimeRepository.insert(manager, downtime);
    return downtime;
  }

  private async requireParent(manager: EntityManager, tenantId: string, parentId: string): Promise<Asset> {
    const parent = await this.repository.findById(manager, tenantId, parentId);
    if (!parent) throw new AssetException(AssetExceptionCode.PARENT_NOT_FOUND, `parent asset ${parentId} not found`);
    if (parent.status === 'decommissioned') {
      throw new AssetException(AssetExceptionCode.PARENT_DECOMMISSIONED, 'the parent asset is decommissioned: components cannot be added to it');
    }
    return parent;
  }

  private async reparent(manager: EntityManager, asset: Asset, parentId: string | null): Promise<void> {
    const tenantId = asset.tenantId;
    await this.repository.lockTree(manager, tenantId);
    const parent = parentId ? await this.requireParent(manager, tenantId, parentId) : null;
    if (parent && parent.path.startsWith(asset.path)) {
      throw new AssetException(AssetExceptionCode.PARENT_IN_OWN_SUBTREE, 'an asset cannot become a component of itself or of one of its components');
    }
    const previousPath = asset.path;
    const newPath = `${parent?.path ?? '/'}${asset.id}/`;
    await this.repository.movePathPrefix(manager, asset, previousPath, newPath);
    asset.parentId = parent?.id ?? null;
    asset.path = newPath;
  }
}
