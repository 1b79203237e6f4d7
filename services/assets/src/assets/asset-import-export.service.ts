import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { OmitType } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import {
  CsvImporter,
  ExportStreamer,
  isBeyondFutureTolerance,
  IsDateTime,
  IsPresentNotNull,
  SERVICE_CONFIG,
  type CsvImportRow,
  type ExportFormat,
  type ImportMode,
  type ImportReport,
  type Principal,
} from '@mate/service-kit';
import type { AssetsConfig } from '../config/assets.config';
import type { EntityManager } from 'typeorm';
import { CustomFieldsService } from '../custom-fields';
import {
  ancestorIdsOf,
  LOCATION_PATH_SEPARATOR,
  locationByReference,
  LocationRepository,
  rowProblem,
  type LocationRef,
  type LocationReferenceColumns,
} from '../locations';
import { Asset, ASSET_STATUSES, type AssetStatusName } from './asset.entity';
import { CreateAssetDto, type ListAssetsQueryDto } from './assets.dto';
import { AssetRepository } from './asset.repository';
import { AssetsService, toAssetDto } from './assets.service';

const IMPORT_COLUMNS = [
  'tag',
  'name',
  'locationId',
  'locationCode',
  'locationPath',
  'parentId',
  'parentTag',
  'description',
  'category',
  'manufacturer',
  'model',
  'serialNumber',
  'criticality',
  'status',
  'installDate',
  'purchaseCost',
  'warrantyExpiry',
  'barcode',
  'decommissionedAt',
] as const;
/** Read-only columns of the export; the import reads past them. */
const READ_ONLY_COLUMNS = ['id', 'version', 'createdAt', 'updatedAt'] as const;
const EXPORT_COLUMNS = ['id', ...IMPORT_COLUMNS, ...READ_ONLY_COLUMNS.slice(1)] as const;

/** Columns naming other rows or records, resolved per tenant by the import (not DTO fields). */
const REFERENCE_COLUMNS = new Set(['locationCode', 'locationPath', 'parentTag']);

const LOCATION_COLUMNS: LocationReferenceColumns = { path: 'locationPath', code: 'locationCode', id: 'locationId', notFoundHint: '' };


/**
 * A row of the import: the create body, except that the location may come by path or code instead
 * of `locationId`, the status may be `decommissioned`, and `decommissionedAt` says since when.
 */
class ImportAssetRowDto extends OmitType(CreateAssetDto, ['locationId', 'status'] as const) {
  @IsPresentNotNull() @IsUUID() locationId?: string;
  @IsPresentNotNull() @IsIn(ASSET_STATUSES) status?: AssetStatusName;
  @IsPresentNotNull() @IsDateTime() decommissionedAt?: string;
}

export interface ImportedAsset {
  id: string;
  tag: string;
}

/** A decommissioned row with components in the file: created in service, decommissioned after them. */
interface DeferredDecommission {
  asset: Asset;
  at: Date | undefined;
}

/**
 * CSV/JSON export and CSV import of the asset register. The CSV names the location by `locationPath`
 * and `locationCode` and the parent by `parentTag` besides the ids, so it imports again, also into
 * another tenant with the same location tree.
 */
@Injectable()
export class AssetImportExportService {
  constructor(
    @Inject(AssetsService) private readonly assets: AssetsService,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
    @Inject(CsvImporter) private readonly importer: CsvImporter,
    @Inject(ExportStreamer) private readonly exporter: ExportStreamer,
    @Inject(SERVICE_CONFIG) private readonly config: AssetsConfig,
    @Inject(AssetRepository) private readonly repository: AssetRepository,
    @Inject(LocationRepository) private readonly locations: LocationRepository,
  ) {}

  /** Every asset matching the list filters (up to EXPORT_MAX_ROWS), by tag, as a JSON `{ items }` or CSV stream. */
  export(principal: Principal, query: ListAssetsQueryDto, format: ExportFormat): Promise<Readable> {
    return this.exporter.open<Asset>(principal, format, async (manager) => {
      const tenantId = principal.tenantId;
      const definitions = await this.customFields.definitions(manager, tenantId, 'asset');
      const qb = await this.assets.query(manager, tenantId, query);
      // Tags of the assets and locations (with their ancestors) seen so far, for the reference columns.
      const tags = new Map<string, string>();
      const locations = new Map<string, LocationRef & { path: string }>();
      const lookUpLocations = async (ids: readonly string[]) => {
        const missing = [...new Set(ids)].filter((id) => !locations.has(id));
        if (missing.length === 0) return;
        const found = await this.locations.refsByIds(manager, tenantId, missing);
        for (const location of found) locations.set(location.id, location);
      };
      return {
        entity: Asset,
        query: this.repository.inExportOrder(qb),
        items: (assets) => assets.map(toAssetDto),
        header: [...EXPORT_COLUMNS, ...definitions.map((d) => `cf.${d.key}`)],
        rows: async (assets) => {
          for (const asset of assets) tags.set(asset.id, asset.tag);
          const parents = [...new Set(assets.flatMap((a) => a.parentId ?? []))].filter((id) => !tags.has(id));
          if (parents.length > 0) {
            const found = await this.repository.tagsByIds(manager, tenantId, parents);
            for (const parent of found) tags.set(parent.id, parent.tag);
          }
          await lookUpLocations(assets.map((a) => a.locationId));
          await lookUpLocations(assets.flatMap((a) => ancestorIdsOf(locations.get(a.locationId)?.path ?? '')));
          return assets.map((asset) => {
            const item = toAssetDto(asset);
            const location = locations.get(asset.locationId);
            const cells: Record<string, unknown> = {
              ...item,
              locationCode: location?.code,
              locationPath: location && [...ancestorIdsOf(location.path), location.id].map((id) => locations.get(id)?.name ?? '').join(LOCATION_PATH_SEPARATOR),
              parentTag: asset.parentId ? tags.get(asset.parentId) : undefined,
            };
            return [...EXPORT_COLUMNS.map((column) => cells[column]), ...definitions.map((d) => item.customFields[d.key])];
          });
        },
      };
    });
  }

  /**
   * Imports assets from CSV. The location by `locationPath` and/or `locationCode` (they win over
   * `locationId`), the parent by `parentTag` (wins over `parentId`): an asset of the register or a
   * row anywhere in the file, as rows are created parents first. Each row goes through the normal
   * create. A `decommissioned` row is registered as decommissioned (one `AssetCreated`), since
   * `decommissionedAt` when given; one with components in the file is decommissioned after them.
   */
  import(principal: Principal, csv: string, mode: ImportMode): Promise<ImportReport<ImportedAsset>> {
    const tenantId = principal.tenantId;
    return this.importer.run<ImportAssetRowDto, ImportedAsset>(principal, csv, mode, async (manager) => {
      const locations = new Map<string, LocationRef>();
      let plan: ParentsFirst = { ordered: [], byTag: new Map(), parentTags: new Set(), cyclic: new Set() };
      const deferred: DeferredDecommission[] = [];
      return {
        noun: 'assets',
        columns: IMPORT_COLUMNS,
        required: ['tag', 'name'],
        requiredOneOf: [['locationId', 'locationPath', 'locationCode']],
        ignored: READ_ONLY_COLUMNS,
        customFields: await this.customFields.definitions(manager, tenantId, 'asset'),
        dto: ImportAssetRowDto,
        toPlain: (cells) => Object.fromEntries(Object.entries(cells).filter(([column]) => !REFERENCE_COLUMNS.has(column))),
        order: (rows) => {
          plan = parentsFirst(rows);
          return plan.ordered;
        },
        create: async (row, { cells }) => {
          const { decommissionedAt, status, ...fields } = row;
          const decommissioned = status === 'decommissioned';
          const at = decommissionedAt === undefined ? undefined : new Date(decommissionedAt);
          if (at && !decommissioned) throw rowProblem('decommissionedAt', `only a decommissioned asset has a decommissionedAt (status is "${status ?? 'operational'}")`);
          if (at && isBeyondFutureTolerance(at, this.config)) throw rowProblem('decommissionedAt', 'decommissionedAt must not be in the future');
          const locationId = (await this.locationOf(manager, tenantId, cells, locations))?.id ?? fields.locationId;
          if (locationId === undefined) throw rowProblem('locationId', 'the location is required: locationPath, locationCode or locationId');
          const parentId = cells.parentTag === undefined ? fields.parentId : (await this.parentOf(manager, tenantId, cells, plan)).id;
          // The register takes no component under a decommissioned asset: one with components in
          // the file stays in service until they exist (finish).
          const later = decommissioned && plan.parentTags.has(fields.tag);
          const body: CreateAssetDto = { ...fields, locationId, parentId, status: later ? undefined : status };
          const asset = await this.assets.createIn(manager, principal, body);
          if (later) deferred.push({ asset, at });
          else if (decommissioned) {
            await this.repository.setDecommissionedAt(manager, asset, at ?? asset.createdAt);
          }
          return { id: asset.id, tag: asset.tag };
        },
        finish: async () => {
          for (const { asset, at } of deferred) {
            await this.assets.changeStatusIn(manager, asset, { status: 'decommissioned', reason: 'imported as decommissioned' }, principal.subject);
            if (at) await this.repository.setDecommissionedAt(manager, asset, at);
          }
        },
      };
    });
  }

  /** The location a row names by `locationPath` and/or `locationCode` (cached: locations do not change during an asset import). */
  private async locationOf(
    manager: EntityManager,
    tenantId: string,
    cells: Readonly<Record<string, string>>,
    cache: Map<string, LocationRef>,
  ): Promise<LocationRef | undefined> {
    const reference = { path: cells.locationPath, code: cells.locationCode };
    if (reference.path === undefined && reference.code === undefined) return undefined;
    const key = JSON.stringify(reference);
    const cached = cache.get(key);
    if (cached) return cached;
    const location = await locationByReference(this.locations, manager, tenantId, reference, LOCATION_COLUMNS);
    if (location) cache.set(key, location);
    return location;
  }

  /** The asset a row names by `parentTag`: registered before, or created from its row of the file (parents go first). */
  private async parentOf(manager: EntityManager, tenantId: string, cells: Readonly<Record<string, string>>, plan: ParentsFirst): Promise<Asset> {
    const tag = cells.parentTag;
    const parent = await this.repository.findByTag(manager, tenantId, tag);
    if (parent?.status === 'decommissioned') throw rowProblem('parentTag', `the asset "${tag}" is decommissioned: components cannot be added to it`);
    if (parent) return parent;
    const row = plan.byTag.get(tag);
    if (row && plan.cyclic.has(row)) throw rowProblem('parentTag', `"${tag}" is its own parent or component in this file (the parent tags form a cycle)`);
    if (row) throw rowProblem('parentTag', `the asset "${tag}" of line ${row.line} was not imported`);
    throw rowProblem('parentTag', `no asset with tag "${tag}" in the register or the file`);
  }
}

interface ParentsFirst {
  /** The rows, each after the row of its parent tag (if that is in the file); otherwise in file order. */
  ordered: CsvImportRow[];
  /** The first row of each tag. */
  byTag: Map<string, CsvImportRow>;
  /** Tags that rows name as their parent. */
  parentTags: Set<string>;
  /** Rows whose parent tags lead back to themselves. */
  cyclic: Set<CsvImportRow>;
}

/** Orders the rows parents first, so a component may come before its parent in the file. */
export function parentsFirst(rows: readonly CsvImportRow[]): ParentsFirst {
  const byTag = new Map<string, CsvImportRow>();
  const parentTags = new Set<string>();
  for (const row of rows) {
    const { tag, parentTag } = row.cells;
    if (tag !== undefined && !byTag.has(tag)) byTag.set(tag, row);
    if (parentTag !== undefined) parentTags.add(parentTag);
  }
  const ordered: CsvImportRow[] = [];
  const placed = new Set<CsvImportRow>();
  const cyclic = new Set<CsvImportRow>();
  for (const row of rows) {
    // Walk up to the first ancestor already placed (or outside the file), then place the chain top down.
    const chain: CsvImportRow[] = [];
    const onChain = new Set<CsvImportRow>();
    let current: CsvImportRow | undefined = row;
    while (current !== undefined && !placed.has(current) && !onChain.has(current)) {
      chain.push(current);
      onChain.add(current);
      const parentTag: string | undefined = current.cells.parentTag;
      current = parentTag === undefined ? undefined : byTag.get(parentTag);
    }
    if (current !== undefined && onChain.has(current)) for (const r of chain.slice(chain.indexOf(current))) cyclic.add(r);
    for (const r of chain.reverse()) {
      placed.add(r);
      ordered.push(r);
    }
  }
  return { ordered, byTag, parentTags, cyclic };
}
