import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import {
  CsvImporter,
  ExportStreamer,
  ProblemException,
  type ExportFormat,
  type ImportMode,
  type ImportReport,
  type Principal,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { CustomFieldsService } from '../custom-fields';
import { Part } from './inventory.entities';
import { CreatePartDto, type ListPartsQueryDto } from './parts.dto';
import { PartRepository, type VendorRef } from './part.repository';
import { PartsService, toPartDto } from './parts.service';

const IMPORT_COLUMNS = ['sku', 'name', 'description', 'unitOfMeasure', 'unitCost', 'preferredVendorId', 'preferredVendor'];
/** Read-only columns of the export; the import reads past them. */
const READ_ONLY_COLUMNS = ['id', 'version', 'createdAt', 'updatedAt'];
const EXPORT_COLUMNS = ['id', ...IMPORT_COLUMNS, ...READ_ONLY_COLUMNS.slice(1)];

export interface ImportedPart {
  id: string;
  sku: string;
}

/** CSV/JSON export and CSV import of the parts catalogue; the preferred vendor goes by name (`preferredVendor`) or id. */
@Injectable()
export class PartImportExportService {
  constructor(
    @Inject(PartsService) private readonly parts: PartsService,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
    @Inject(CsvImporter) private readonly importer: CsvImporter,
    @Inject(ExportStreamer) private readonly exporter: ExportStreamer,
    @Inject(PartRepository) private readonly repository: PartRepository,
  ) {}

  /** Every part matching the list filters (up to EXPORT_MAX_ROWS), by SKU. */
  export(principal: Principal, query: ListPartsQueryDto, format: ExportFormat): Promise<Readable> {
    return this.exporter.open<Part>(principal, format, async (manager) => {
      const tenantId = principal.tenantId;
      const definitions = await this.customFields.definitions(manager, tenantId, 'part');
      const qb = await this.parts.query(manager, tenantId, query);
      const vendorNames = new Map<string, string>();
      return {
        entity: Part,
        query: this.repository.inExportOrder(qb),
        items: (parts) => parts.map(toPartDto),
        header: [...EXPORT_COLUMNS, ...definitions.map((d) => `cf.${d.key}`)],
        rows: async (parts) => {
          const missing = [...new Set(parts.flatMap((p) => p.preferredVendorId ?? []))].filter((id) => !vendorNames.has(id));
          if (missing.length > 0) {
            const vendors = await this.repository.vendorsByIds(manager, tenantId, missing);
            for (const vendor of vendors) vendorNames.set(vendor.id, vendor.name);
          }
          return parts.map((part) => {
            const item = toPartDto(part);
            const cells: Record<string, unknown> = { ...item, preferredVendor: item.preferredVendorId ? vendorNames.get(item.preferredVendorId) : undefined };
            return [...EXPORT_COLUMNS.map((column) => cells[column]), ...definitions.map((d) => item.customFields[d.key])];
          });
        },
      };
    });
  }

  /** Imports parts from CSV; each row goes through the normal create (SKU unique per tenant, custom fields validated). */
  import(principal: Principal, csv: string, mode: ImportMode): Promise<ImportReport<ImportedPart>> {
    return this.importer.run<CreatePartDto, ImportedPart>(principal, csv, mode, async (manager) => {
      // Vendors do not change during a part import: each name is looked up once.
      const vendors = new Map<string, VendorRef>();
      return {
        noun: 'parts',
        columns: IMPORT_COLUMNS,
        required: ['sku', 'name', 'unitOfMeasure'],
        ignored: READ_ONLY_COLUMNS,
        customFields: await this.customFields.definitions(manager, principal.tenantId, 'part'),
        dto: CreatePartDto,
        toPlain: ({ preferredVendor: _preferredVendor, ...cells }) => cells,
        create: async (dto, row) => {
          const name = row.cells.preferredVendor;
          if (name !== undefined) {
            const key = name.trim().toLowerCase();
            const vendor = vendors.get(key) ?? (await this.vendorNamed(manager, principal.tenantId, name));
            vendors.set(key, vendor);
            dto.preferredVendorId = vendor.id;
          }
          const part = await this.parts.createIn(manager, principal, dto);
          return { id: part.id, sku: part.sku };
        },
      };
    });
  }

  /** The one vendor of the tenant with this name (case-insensitive). A name wins over `preferredVendorId`, so an export imports into another tenant. */
  private async vendorNamed(manager: EntityManager, tenantId: string, name: string): Promise<VendorRef> {
    const found = await this.repository.vendorsByName(manager, tenantId, name);
    if (found.length === 0) throw ProblemException.validation([{ field: 'preferredVendor', message: `no vendor named "${name}"` }]);
    if (found.length > 1) throw ProblemException.validation([{ field: 'preferredVendor', message: `more than one vendor is named "${name}": use preferredVendorId` }]);
    return found[0];
  }
}
