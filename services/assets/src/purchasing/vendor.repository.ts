import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { KeysetPage, mapPage, sortOrder, type Page, type SortedPageQuery, type SortKey } from '@mate/service-kit';
import { escapeLike } from '@mate/database';
import { Vendor } from './purchasing.entities';

const SORT: Record<string, SortKey> = {
  name: { sql: 'v.name', type: 'text' },
  createdAt: { sql: 'v.created_at', type: 'timestamptz' },
};

/** Every query of vendors; each runs in the caller's (tenant) transaction. */
@Injectable()
export class VendorRepository {
  findById(manager: EntityManager, tenantId: string, id: string): Promise<Vendor | null> {
    return manager.findOneBy(Vendor, { id, tenantId });
  }

  async page<T>(manager: EntityManager, tenantId: string, q: string | undefined, query: SortedPageQuery, map: (vendor: Vendor) => T): Promise<Page<T>> {
    const qb = manager.createQueryBuilder(Vendor, 'v').where('v.tenant_id = :tenantId', { tenantId });
    if (q) qb.andWhere(`(v.name ILIKE :q ESCAPE '\\' OR v.email ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(q)}%` });
    return mapPage(await new KeysetPage(sortOrder(query.sort ?? 'name', SORT, 'v.id'), query).fetch(qb), map);
  }

  async insert(manager: EntityManager, vendor: Vendor): Promise<void> {
    await manager.insert(Vendor, vendor);
  }

  async save(manager: EntityManager, vendor: Vendor): Promise<void> {
    await manager.save(Vendor, vendor);
  }

  async delete(manager: EntityManager, vendor: Vendor): Promise<void> {
    await manager.delete(Vendor, { id: vendor.id, tenantId: vendor.tenantId });
  }

  /** Whether purchase orders or parts (as their preferred vendor) name the vendor. */
  async inUse(manager: EntityManager, tenantId: string, id: string): Promise<boolean> {
    const used = await manager.query(
      `select 1 from purchase_orders where tenant_id = $1 and vendor_id = $2 union all select 1 from parts where tenant_id = $1 and preferred_vendor_id = $2 limit 1`,
      [tenantId, id],
    );
    return used.length > 0;
  }
}
