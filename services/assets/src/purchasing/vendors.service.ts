import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Page, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { CreateVendorDto, ListVendorsQueryDto, UpdateVendorDto, VendorDto } from './purchasing.dto';
import { Vendor } from './purchasing.entities';
import { PurchasingException, PurchasingExceptionCode } from './purchasing.exception';
import { VendorRepository } from './vendor.repository';

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

@Injectable()
export class VendorsService {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(VendorRepository) private readonly repository: VendorRepository,
  ) {}

  async require(manager: EntityManager, tenantId: string, id: string): Promise<Vendor> {
    const vendor = await this.repository.findById(manager, tenantId, id);
    if (!vendor) throw new PurchasingException(PurchasingExceptionCode.VENDOR_NOT_FOUND, `vendor ${id} not found`);
    return vendor;
  }

  list(principal: Principal, query: ListVendorsQueryDto): Promise<Page<VendorDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      return this.repository.page(manager, principal.tenantId, query.q, query, toVendorDto);
    });
  }

  get(principal: Principal, id: string): Promise<VendorDto> {
    return this.tenantTransactions.run(principal, async (manager) => toVendorDto(await this.require(manager, principal.tenantId, id)));
  }

  create(principal: Principal, body: CreateVendorDto): Promise<VendorDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const now = new Date();
      const vendor = Object.assign(new Vendor(), {
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
      await this.repository.insert(manager, vendor);
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
      await this.repository.save(manager, vendor);
      return toVendorDto(vendor);
    });
  }

  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const vendor = await this.require(manager, principal.tenantId, id);
      ifMatch.assertMatches(vendor.version);
      if (await this.repository.inUse(manager, principal.tenantId, id)) throw new PurchasingException(PurchasingExceptionCode.VENDOR_IN_USE, 'the vendor has purchase orders or is a preferred vendor of parts');
      await this.repository.delete(manager, vendor);
    });
  }
}
