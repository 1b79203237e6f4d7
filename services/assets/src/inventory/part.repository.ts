import { Injectable } from '@nestjs/common';
import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { KeysetPage, mapPage, sortOrder, type Page, type SortedPageQuery, type SortKey } from '@mate/service-kit';
import { escapeLike } from '@mate/database';
import { Part } from './inventory.entities';

const PART_SORT: Record<string, SortKey> = {
  sku: { sql: 'p.sku', type: 'text' },
  name: { sql: 'p.name', type: 'text' },
  createdAt: { sql: 'p.created_at', type: 'timestamptz' },
};

/** A preferred vendor as the parts CSV names it (vendors are purchasing's; parts only refer to them). */
export interface VendorRef {
  id: string;
  name: string;
}

export interface PartsFilter {
  q?: string;
  preferredVendorId?: string;
}

/** Narrows a query to the custom-field conditions of a request (CustomFieldsService.applyFilters). */
export type CustomFieldFilter = (qb: SelectQueryBuilder<Part>, alias: string) => Promise<void>;

/** Every query of the parts catalogue; each runs in the caller's (tenant) transaction. */
@Injectable()
export class PartRepository {
  findById(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<Part | null> {
    return manager.findOne(Part, { where: { id, tenantId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findByIds(manager: EntityManager, tenantId: string, ids: readonly string[]): Promise<Part[]> {
    return manager.find(Part, { where: { tenantId, id: In([...new Set(ids)]) } });
  }

  skuTaken(manager: EntityManager, tenantId: string, sku: string): Promise<boolean> {
    return manager.existsBy(Part, { tenantId, sku });
  }

  async insert(manager: EntityManager, part: Part): Promise<void> {
    await manager.insert(Part, part);
  }

  async save(manager: EntityManager, part: Part): Promise<void> {
    await manager.save(Part, part);
  }

  async delete(manager: EntityManager, part: Part): Promise<void> {
    await manager.delete(Part, { id: part.id, tenantId: part.tenantId });
  }

  /** The filtered query of the list and the export (no order yet). */
  async filtered(manager: EntityManager, tenantId: string, filter: PartsFilter, customFields: CustomFieldFilter): Promise<SelectQueryBuilder<Part>> {
    const qb = manager.createQueryBuilder(Part, 'p').where('p.tenant_id = :tenantId', { tenantId });
    if (filter.q) {
      qb.andWhere(`(p.sku ILIKE :q ESCAPE '\\' OR p.name ILIKE :q ESCAPE '\\' OR p.description ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(filter.q)}%` });
    }
    if (filter.preferredVendorId) qb.andWhere('p.preferred_vendor_id = :vendor', { vendor: filter.preferredVendorId });
    await customFields(qb, 'p');
    return qb;
  }

  /** Whether the vendor a part names as preferred is one of the tenant's. */
  async vendorExists(manager: EntityManager, tenantId: string, vendorId: string): Promise<boolean> {
    return (await this.vendorsByIds(manager, tenantId, [vendorId])).length > 0;
  }

  /** The tenant's vendors with these ids (those that exist), as parts name them. */
  vendorsByIds(manager: EntityManager, tenantId: string, ids: readonly string[]): Promise<VendorRef[]> {
    return manager.query(`select id, name from vendors where tenant_id = $1 and id = any($2::uuid[])`, [tenantId, ids]);
  }

  /** Up to two vendors with this name (case-insensitive): two means the name is ambiguous. */
  vendorsByName(manager: EntityManager, tenantId: string, name: string): Promise<VendorRef[]> {
    return manager.query(`select id, name from vendors where tenant_id = $1 and lower(name) = lower($2) limit 2`, [tenantId, name.trim()]);
  }

  /** The export's order: by SKU. */
  inExportOrder(qb: SelectQueryBuilder<Part>): SelectQueryBuilder<Part> {
    return qb.orderBy('p.sku', 'ASC');
  }

  async page<T>(qb: SelectQueryBuilder<Part>, query: SortedPageQuery, map: (part: Part) => T): Promise<Page<T>> {
    return mapPage(await new KeysetPage(sortOrder(query.sort ?? 'sku', PART_SORT, 'p.id'), query).fetch(qb), map);
  }
}
