import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  KeysetPage,
  mapPage,
  sortOrder,
  TenantTransactions,
  type Page,
  type Principal,
  type SortKey,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { escapeLike } from '@mate/database';
import type { CreateVendorDto, ListVendorsQueryDto, UpdateVendorDto, VendorDto } from './purchasing.dto';
import { Vendor } from './purchasing.entities';
import { PurchasingException, PurchasingExceptionCode } from './purchasing.exception';

export function toVendorDto(vendor: Vendor): VendorDto {
  return {
    id: vendor.id,
    name: vendor.name,
    email: vendor.email,
    phone: vendor.phone,
    address: vendor.address,
    notes: vendor.notes,
    version: vendor.version,
    createdAt: vendor.createdAt.toISOString(),
  };
}

const SORT: Record<string, SortKey> = {
  name: { sql: 'v.name', type: 'text' },
  createdAt: { sql: 'v.created_at', type: 'timestamptz' },
};

@Injectable()
export class VendorsService {
  constructor(@Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions) {}

  async require(manager: EntityManager, tenantId: string, id: string): Promise<Vendor> {
    const vendor = await manager.findOneBy(Vendor, { id, tenantId });
    if (!vendor) throw new PurchasingException(PurchasingExceptionCode.VENDOR_NOT_FOUND, `vendor ${id} not found`);
    return vendor;
  }

  list(principal: Principal, query: ListVendorsQueryDto): Promise<Page<VendorDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const qb = manager.createQueryBuilder(Vendor, 'v').where('v.tenant_id = :tenantId', { tenantId: principal.tenantId });
      if (query.q) qb.andWhere(`(v.name ILIKE :q ESCAPE '\\' OR v.email ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(query.q)}%` });
      return mapPage(await new KeysetPage(sortOrder(query.sort ?? 'name', SORT, 'v.id'), query).fetch(qb), toVendorDto);
    });
  }

  get(principal: Principal, id: string): Promise<VendorDto> {
    return this.tenantTransactions.run(principal, async (manager) => toVendorDto(await this.require(manager, principal.tenantId, id)));
  }

  create(principal: Principal, body: CreateVendorDto): Promise<VendorDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const now = new Date();
      const vendor = manager.create(Vendor, {
        id: randomUUID(),
        tenantId: principal.tenantId,
        name: body.name,
        email: body.email ?? null,
        phone: body.phone ?? null,
        address: body.address ?? null,
        notes: body.notes ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(Vendor, vendor);
      return toVendorDto(vendor);
    });
  }

  update(principal: Principal, id: string, body: UpdateVendorDto, ifMatch: VersionPrecondition): Promise<VendorDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const vendor = await this.require(manager, principal.tenantId, id);
      ifMatch.assertMatches(vendor.version);
      if (body.name !== undefined) vendor.name = body.name;
      if (body.email !== undefined) vendor.email = body.email;
      if (body.phone !== undefined) vendor.phone = body.phone;
      if (body.address !== undefined) vendor.address = body.address;
      if (body.notes !== undefined) vendor.notes = body.notes;
      vendor.version += 1;
      vendor.updatedAt = new Date();
      await manager.save(Vendor, vendor);
      return toVendorDto(vendor);
    });
  }

  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const vendor = await this.require(manager, principal.tenantId, id);
      ifMatch.assertMatches(vendor.version);
      const used = await manager.query(
        `select 1 from purchase_orders where tenant_id = $1 and vendor_id = $2 union all select 1 from parts where tenant_id = $1 and preferred_vendor_id = $2 limit 1`,
        [principal.tenantId, id],
      );
      if (used.length > 0) throw new PurchasingException(PurchasingExceptionCode.VENDOR_IN_USE, 'the vendor has purchase orders or is a preferred vendor of parts');
      await manager.delete(Vendor, { id, tenantId: principal.tenantId });
    });
  }
}
