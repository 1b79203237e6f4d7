import { Injectable } from '@nestjs/common';
import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { KeysetPage, mapPage, sortOrder, type Page, type SortedPageQuery, type SortKey } from '@mate/service-kit';
import { escapeLike } from '@mate/database';
import { Asset, AssetStatusChange, type AssetStatusName, type Criticality } from './asset.entity';

const SORT_FIELDS: Record<string, SortKey> = {
  tag: { sql: 'a.tag', type: 'text' },
  name: { sql: 'a.name', type: 'text' },
  status: { sql: 'a.status', type: 'text' },
  criticality: { sql: 'a.criticality', type: 'text' },
  createdAt: { sql: 'a.created_at', type: 'timestamptz' },
  updatedAt: { sql: 'a.updated_at', type: 'timestamptz' },
};

export interface AssetsFilter {
  status?: AssetStatusName[];
  criticality?: Criticality[];
  category?: string;
  parentId?: string;
  root?: boolean;
  /** The materialised path of a location: assets anywhere in its subtree. */
  locationPath?: string;
  q?: string;
}

/** Narrows a query to the custom-field conditions of a request (CustomFieldsService.applyFilters). */
export type AssetCustomFieldFilter = (qb: SelectQueryBuilder<Asset>, alias: string) => Promise<void>;

/** What an asset has that makes it history (then it is decommissioned, not deleted). */
export interface AssetHistoryCounts {
  children: number;
  meters: number;
  downtimes: number;
  changes: number;
  movements: number;
}

/** Every query of the asset register and its status history; each runs in the caller's (tenant) transaction. */
@Injectable()
export class AssetRepository {
  /** The asset, or null when the tenant has none with that id; `lock` holds its row until the transaction ends. */
  findById(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<Asset | null> {
    return manager.findOne(Asset, { where: { id, tenantId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findByIds(manager: EntityManager, tenantId: string, ids: readonly string[]): Promise<Asset[]> {
    return manager.find(Asset, { where: { tenantId, id: In([...ids]) } });
  }

  findByTag(manager: EntityManager, tenantId: string, tag: string): Promise<Asset | null> {
    return manager.findOneBy(Asset, { tenantId, tag });
  }

  /** The tags of these assets (those that exist). */
  tagsByIds(manager: EntityManager, tenantId: string, ids: readonly string[]): Promise<Array<{ id: string; tag: string }>> {
    return manager.query(`select id, tag from assets where tenant_id = $1 and id = any($2::uuid[])`, [tenantId, ids]);
  }

  async setDecommissionedAt(manager: EntityManager, asset: Asset, at: Date): Promise<void> {
    asset.decommissionedAt = at;
    await manager.update(Asset, { id: asset.id, tenantId: asset.tenantId }, { decommissionedAt: at });
  }

  tagTaken(manager: EntityManager, tenantId: string, tag: string): Promise<boolean> {
    return manager.existsBy(Asset, { tenantId, tag });
  }

  async insert(manager: EntityManager, asset: Asset): Promise<void> {
    await manager.insert(Asset, asset);
  }

  async save(manager: EntityManager, asset: Asset): Promise<void> {
    await manager.save(Asset, asset);
  }

  async updateStatus(manager: EntityManager, asset: Asset): Promise<void> {
    const { status, version, updatedAt, decommissionedAt } = asset;
    await manager.update(Asset, { id: asset.id, tenantId: asset.tenantId }, { status, version, updatedAt, decommissionedAt });
  }

  /** Deletes the asset and its status history (only an asset without other history is deleted). */
  async delete(manager: EntityManager, asset: Asset): Promise<void> {
    await manager.delete(AssetStatusChange, { tenantId: asset.tenantId, assetId: asset.id });
    await manager.delete(Asset, { id: asset.id, tenantId: asset.tenantId });
  }

  async addStatusChange(manager: EntityManager, change: AssetStatusChange): Promise<void> {
    await manager.insert(AssetStatusChange, change);
  }

  async lastStatusChange(manager: EntityManager, tenantId: string, assetId: string): Promise<AssetStatusChange | null> {
    const [last] = await manager.find(AssetStatusChange, { where: { tenantId, assetId }, order: { changedAt: 'DESC' }, take: 1 });
    return last ?? null;
  }

  /** The components (at any depth) of the asset still in service, in tree order. */
  componentsInService(manager: EntityManager, asset: Asset): Promise<Array<{ id: string; tag: string }>> {
    return manager.query(
      `select id, tag from assets where tenant_id = $1 and starts_with(path, $2) and id <> $3 and status <> 'decommissioned' order by path`,
      [asset.tenantId, asset.path, asset.id],
    );
  }

  async historyCounts(manager: EntityManager, tenantId: string, assetId: string): Promise<AssetHistoryCounts> {
    const [counts] = (await manager.query(
      `select (select count(*) from assets where tenant_id = $1 and parent_id = $2)::int as children,
              (select count(*) from meters where tenant_id = $1 and asset_id = $2)::int as meters,
              (select count(*) from downtimes where tenant_id = $1 and asset_id = $2)::int as downtimes,
              (select count(*) from asset_status_changes where tenant_id = $1 and asset_id = $2)::int as changes,
              (select count(*) from stock_movements where tenant_id = $1 and asset_id = $2)::int as movements`,
      [tenantId, assetId],
    )) as AssetHistoryCounts[];
    return counts;
  }

  /** Serialises changes of the tenant's asset tree (reparenting) until the transaction ends. */
  async lockTree(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query(`select pg_advisory_xact_lock(hashtext('mate.assets.asset-tree:' || $1))`, [tenantId]);
  }

  /** Moves the components of an asset with it: their paths start with `newPath` instead of `previousPath`. */
  async movePathPrefix(manager: EntityManager, asset: Asset, previousPath: string, newPath: string): Promise<void> {
    await manager.query(`update assets set path = $3 || substr(path, length($2) + 1) where tenant_id = $1 and starts_with(path, $2) and id <> $4`, [
      asset.tenantId,
      previousPath,
      newPath,
      asset.id,
    ]);
  }

  /** The filtered query of the list and the export (no order yet). */
  async filtered(manager: EntityManager, tenantId: string, filter: AssetsFilter, customFields: AssetCustomFieldFilter): Promise<SelectQueryBuilder<Asset>> {
    const qb = manager.createQueryBuilder(Asset, 'a').where('a.tenant_id = :tenantId', { tenantId });
    if (filter.status?.length) qb.andWhere('a.status IN (:...statuses)', { statuses: filter.status });
    if (filter.criticality?.length) qb.andWhere('a.criticality IN (:...criticalities)', { criticalities: filter.criticality });
    if (filter.category) qb.andWhere('a.category = :category', { category: filter.category });
    if (filter.parentId) qb.andWhere('a.parent_id = :parentId', { parentId: filter.parentId });
    if (filter.root === true) qb.andWhere('a.parent_id IS NULL');
    if (filter.root === false) qb.andWhere('a.parent_id IS NOT NULL');
    if (filter.locationPath !== undefined) {
      qb.andWhere(
        // starts_with, not LIKE: under row-level security only leakproof operators reach the index.
        `a.location_id IN (SELECT l.id FROM locations l WHERE l.tenant_id = :tenantId AND starts_with(l.path, :locationPath))`,
        { locationPath: filter.locationPath },
      );
    }
    if (filter.q) {
      qb.andWhere(
        `(a.tag ILIKE :q ESCAPE '\\' OR a.name ILIKE :q ESCAPE '\\' OR a.description ILIKE :q ESCAPE '\\' OR a.serial_number ILIKE :q ESCAPE '\\' OR a.model ILIKE :q ESCAPE '\\' OR a.barcode ILIKE :q ESCAPE '\\')`,
        { q: `%${escapeLike(filter.q)}%` },
      );
    }
    await customFields(qb, 'a');
    return qb;
  }

  /** The export's order: by tag. */
  inExportOrder(qb: SelectQueryBuilder<Asset>): SelectQueryBuilder<Asset> {
    return qb.orderBy('a.tag', 'ASC');
  }

  async page<T>(qb: SelectQueryBuilder<Asset>, query: SortedPageQuery, map: (asset: Asset) => T): Promise<Page<T>> {
    return mapPage(await new KeysetPage(sortOrder(query.sort ?? 'tag', SORT_FIELDS, 'a.id'), query).fetch(qb), map);
  }
}
