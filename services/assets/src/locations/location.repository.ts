import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { KeysetPage, mapPage, sortOrder, type Page, type SortedPageQuery, type SortKey } from '@mate/service-kit';
import { escapeLike } from '@mate/database';
import { Location } from './location.entity';

const SORT_FIELDS: Record<string, SortKey> = {
  name: { sql: 'l.name', type: 'text' },
  path: { sql: 'l.path', type: 'text' },
  createdAt: { sql: 'l.created_at', type: 'timestamptz' },
  updatedAt: { sql: 'l.updated_at', type: 'timestamptz' },
};

export interface LocationsFilter {
  parentId?: string;
  root?: boolean;
  /** The materialised path of a location: its whole subtree, itself included. */
  subtreePath?: string;
  kind?: string;
  isStoreroom?: boolean;
  q?: string;
}

/** Narrows a query to the custom-field conditions of a request (CustomFieldsService.applyFilters). */
export type LocationCustomFieldFilter = (qb: SelectQueryBuilder<Location>, alias: string) => Promise<void>;

/** A location as the CSV files name it. */
export interface LocationRef {
  id: string;
  name: string;
  code: string | null;
}

/** What a location holds that keeps it from being deleted. */
export interface LocationContents {
  children: number;
  assets: number;
  /** Stock levels and purchase orders delivering to it. */
  stock: number;
}

/** Every query of the location tree; each runs in the caller's (tenant) transaction. */
@Injectable()
export class LocationRepository {
  /** The location, or null when the tenant has none with that id; `lock` holds its row until the transaction ends. */
  findById(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<Location | null> {
    return manager.findOne(Location, { where: { id, tenantId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** The location if it is one of the tenant's storerooms. */
  findStoreroom(manager: EntityManager, tenantId: string, id: string): Promise<Location | null> {
    return manager.findOneBy(Location, { id, tenantId, isStoreroom: true });
  }

  /** These locations, root first. */
  findByIdsRootFirst(manager: EntityManager, tenantId: string, ids: readonly string[]): Promise<Location[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.createQueryBuilder(Location, 'l').where('l.tenant_id = :tenantId AND l.id IN (:...ids)', { tenantId, ids }).orderBy('l.depth', 'ASC').getMany();
  }

  /** The names, codes and paths of these locations (those that exist). */
  refsByIds(manager: EntityManager, tenantId: string, ids: readonly string[]): Promise<Array<LocationRef & { path: string }>> {
    return manager.query(`select id, name, code, path from locations where tenant_id = $1 and id = any($2::uuid[])`, [tenantId, ids]);
  }

  /** Up to two locations at this path of names from the root (two: the path is ambiguous). */
  refsAtNamePath(manager: EntityManager, tenantId: string, names: readonly string[]): Promise<LocationRef[]> {
    return manager.query(
      `with recursive walk (id, name, code, level) as (
         select l.id, l.name, l.code, 1 from locations l
          where l.tenant_id = $1 and l.parent_id is null and l.name = ($2::text[])[1]
         union all
         select l.id, l.name, l.code, w.level + 1 from walk w
           join locations l on l.tenant_id = $1 and l.parent_id = w.id and l.name = ($2::text[])[w.level + 1]
          where w.level < cardinality($2::text[])
       )
       select id, name, code from walk where level = cardinality($2::text[]) limit 2`,
      [tenantId, names],
    );
  }

  /** Up to two locations with this code (codes repeat across parents). */
  refsWithCode(manager: EntityManager, tenantId: string, code: string): Promise<Location[]> {
    return manager.find(Location, { where: { tenantId, code }, take: 2 });
  }

  async insert(manager: EntityManager, location: Location): Promise<void> {
    await manager.insert(Location, location);
  }

  async save(manager: EntityManager, location: Location): Promise<void> {
    await manager.save(Location, location);
  }

  async delete(manager: EntityManager, location: Location): Promise<void> {
    await manager.delete(Location, { id: location.id, tenantId: location.tenantId });
  }

  /** Whether the storeroom still holds stock (on hand or reserved). */
  async holdsStock(manager: EntityManager, tenantId: string, storeroomId: string): Promise<boolean> {
    const stocked = await manager.query(`select 1 from stock_levels where tenant_id = $1 and storeroom_id = $2 and (on_hand > 0 or reserved > 0) limit 1`, [tenantId, storeroomId]);
    return stocked.length > 0;
  }

  async contents(manager: EntityManager, tenantId: string, id: string): Promise<LocationContents> {
    const [contents] = (await manager.query(
      `select (select count(*) from locations where tenant_id = $1 and parent_id = $2)::int as children,
              (select count(*) from assets where tenant_id = $1 and location_id = $2)::int as assets,
              (select count(*) from stock_levels where tenant_id = $1 and storeroom_id = $2)::int
                + (select count(*) from purchase_orders where tenant_id = $1 and storeroom_id = $2)::int as stock`,
      [tenantId, id],
    )) as LocationContents[];
    return contents;
  }

  /** Serialises moves in the tenant's tree until the transaction ends (concurrent moves could build a cycle). */
  async lockTree(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query(`select pg_advisory_xact_lock(hashtext('mate.assets.location-tree:' || $1))`, [tenantId]);
  }

  /**
   * Moves the location and its subtree under a new parent: one rewrite of the path prefix (and
   * depth); the location itself gets its new parent and version. Returns how many locations moved.
   */
  async moveSubtree(manager: EntityManager, location: Location, move: { newPath: string; depthChange: number; parentId: string | null; at: Date }): Promise<number> {
    // An UPDATE through manager.query answers [rows, rowCount], not the rows.
    const [moved] = (await manager.query(
      `update locations
          set path = $3 || substr(path, length($2) + 1), depth = depth + $4,
              parent_id = case when id = $5 then $6::uuid else parent_id end,
              version = case when id = $5 then version + 1 else version end,
              updated_at = case when id = $5 then $7::timestamptz else updated_at end
        where tenant_id = $1 and starts_with(path, $2)
        returning id`,
      [location.tenantId, location.path, move.newPath, move.depthChange, location.id, move.parentId, move.at.toISOString()],
    )) as [unknown[], number];
    return moved.length;
  }

  /** The filtered query of the list and the export (no order yet). */
  async filtered(manager: EntityManager, tenantId: string, filter: LocationsFilter, customFields: LocationCustomFieldFilter): Promise<SelectQueryBuilder<Location>> {
    const qb = manager.createQueryBuilder(Location, 'l').where('l.tenant_id = :tenantId', { tenantId });
    if (filter.parentId) qb.andWhere('l.parent_id = :parentId', { parentId: filter.parentId });
    if (filter.root === true) qb.andWhere('l.parent_id IS NULL');
    if (filter.root === false) qb.andWhere('l.parent_id IS NOT NULL');
    // starts_with, not LIKE: under row-level security only leakproof operators reach the index.
    if (filter.subtreePath !== undefined) qb.andWhere('starts_with(l.path, :subtree)', { subtree: filter.subtreePath });
    if (filter.kind) qb.andWhere('l.kind = :kind', { kind: filter.kind });
    if (filter.isStoreroom !== undefined) qb.andWhere('l.is_storeroom = :isStoreroom', { isStoreroom: filter.isStoreroom });
    if (filter.q) {
      qb.andWhere(`(l.name ILIKE :q ESCAPE '\\' OR l.code ILIKE :q ESCAPE '\\' OR l.description ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(filter.q)}%` });
    }
    await customFields(qb, 'l');
    return qb;
  }

  /** Tree order: parents before their children. */
  inTreeOrder(qb: SelectQueryBuilder<Location>): SelectQueryBuilder<Location> {
    return qb.orderBy('l.path', 'ASC');
  }

  async page<T>(qb: SelectQueryBuilder<Location>, query: SortedPageQuery, defaultSort: 'name' | 'path', map: (location: Location) => T): Promise<Page<T>> {
    return mapPage(await new KeysetPage(sortOrder(query.sort ?? defaultSort, SORT_FIELDS, 'l.id'), query).fetch(qb), map);
  }
}
