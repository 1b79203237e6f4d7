import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import {
  booleanCell,
  CsvImporter,
  ExportStreamer,
  numberCell,
  type ExportFormat,
  type ImportMode,
  type ImportReport,
  type Principal,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { CustomFieldsService } from '../custom-fields';
import { ancestorIdsOf, Location, type PostalAddress } from './location.entity';
import { LocationException, LocationExceptionCode } from './location.exception';
import { LOCATION_PATH_SEPARATOR, locationByReference, rowProblem, type LocationRef, type LocationReferenceColumns } from './location-reference';
import { LocationRepository } from './location.repository';
import { CreateLocationDto, type ListLocationsQueryDto } from './locations.dto';
import { LocationsService, toLocationDto } from './locations.service';

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const satisfies ReadonlyArray<keyof PostalAddress>;
const ADDRESS_COLUMNS = ADDRESS_FIELDS.map((f) => `address.${f}`);

const IMPORT_COLUMNS = [
  'name',
  'code',
  'kind',
  'parentId',
  'parentCode',
  'parentPath',
  'isStoreroom',
  ...ADDRESS_COLUMNS,
  'latitude',
  'longitude',
  'description',
];
/** Read-only columns of the export; the import reads past them. */
const READ_ONLY_COLUMNS = ['id', 'depth', 'version', 'createdAt', 'updatedAt'];
const EXPORT_COLUMNS = ['id', ...IMPORT_COLUMNS, ...READ_ONLY_COLUMNS.slice(1)];

export interface ImportedLocation {
  id: string;
  name: string;
  code: string | null;
}

/**
 * CSV/JSON export and CSV import of the location tree. A row names its parent by `parentPath`
 * (the names from the root, `Site > Building`), by `parentCode`, or by `parentId`; the parent may
 * be a row earlier in the same file.
 */
@Injectable()
export class LocationImportExportService {
  constructor(
    @Inject(LocationsService) private readonly locations: LocationsService,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
    @Inject(CsvImporter) private readonly importer: CsvImporter,
    @Inject(ExportStreamer) private readonly exporter: ExportStreamer,
    @Inject(LocationRepository) private readonly repository: LocationRepository,
  ) {}

  /** Every location matching the list filters (up to EXPORT_MAX_ROWS) in tree order: parents before children. */
  export(principal: Principal, query: ListLocationsQueryDto, format: ExportFormat): Promise<Readable> {
    return this.exporter.open<Location>(principal, format, async (manager) => {
      const tenantId = principal.tenantId;
      const definitions = await this.customFields.definitions(manager, tenantId, 'location');
      const qb = await this.locations.query(manager, tenantId, query);
      // Names and codes of the locations seen so far, for the parent columns.
      const known = new Map<string, LocationRef>();
      return {
        entity: Location,
        query: this.repository.inTreeOrder(qb),
        items: (locations) => locations.map(toLocationDto),
        header: [...EXPORT_COLUMNS, ...definitions.map((d) => `cf.${d.key}`)],
        rows: async (locations) => {
          for (const l of locations) known.set(l.id, l);
          const missing = [...new Set(locations.flatMap((l) => ancestorIdsOf(l.path)))].filter((id) => !known.has(id));
          if (missing.length > 0) {
            const refs = await this.repository.refsByIds(manager, tenantId, missing);
            for (const ref of refs) known.set(ref.id, ref);
          }
          return locations.map((location) => {
            const item = toLocationDto(location);
            const ancestors = item.ancestorIds.map((id) => known.get(id));
            const cells: Record<string, unknown> = {
              ...item,
              parentCode: ancestors.at(-1)?.code,
              parentPath: ancestors.map((a) => a?.name ?? '').join(LOCATION_PATH_SEPARATOR),
            };
            for (const field of ADDRESS_FIELDS) cells[`address.${field}`] = item.address?.[field];
            return [...EXPORT_COLUMNS.map((column) => cells[column]), ...definitions.map((d) => item.customFields[d.key])];
          });
        },
      };
    });
  }

  /** Imports locations from CSV; each row goes through the normal create (validation, `LocationCreated`). */
  import(principal: Principal, csv: string, mode: ImportMode): Promise<ImportReport<ImportedLocation>> {
    return this.importer.run<CreateLocationDto, ImportedLocation>(principal, csv, mode, async (manager) => ({
      noun: 'locations',
      columns: IMPORT_COLUMNS,
      required: ['name'],
      ignored: READ_ONLY_COLUMNS,
      customFields: await this.customFields.definitions(manager, principal.tenantId, 'location'),
      dto: CreateLocationDto,
      toPlain: (cells) => {
        const plain: Record<string, unknown> = {};
        const address: Record<string, string> = {};
        for (const [column, cell] of Object.entries(cells)) {
          if (column === 'parentCode' || column === 'parentPath') continue;
          if (column.startsWith('address.')) address[column.slice('address.'.length)] = cell;
          else if (column === 'isStoreroom') plain[column] = booleanCell(cell);
          else if (column === 'latitude' || column === 'longitude') plain[column] = numberCell(cell);
          else plain[column] = cell;
        }
        if (Object.keys(address).length > 0) plain.address = address;
        return plain;
      },
      create: async (dto, row) => {
        const parent = await this.parentOf(manager, principal.tenantId, row.cells);
        if (parent) dto.parentId = parent.id;
        try {
          const location = await this.locations.createIn(manager, principal, dto);
          return { id: location.id, name: location.name, code: location.code };
        } catch (error) {
          // Reported like the file's other bad cells: the row and its `code` column.
          if (error instanceof LocationException && error.code === LocationExceptionCode.CODE_TAKEN) throw rowProblem('code', error.message);
          throw error;
        }
      },
    }));
  }

  /**
   * The parent a row names by `parentPath` or `parentCode` (both must then agree); undefined when it
   * names none, and `parentId` (if any) stands. A name or code wins over `parentId`, so an export
   * imports into another tenant, where its ids mean nothing.
   */
  private parentOf(manager: EntityManager, tenantId: string, cells: Readonly<Record<string, string>>): Promise<LocationRef | undefined> {
    return locationByReference(this.repository, manager, tenantId, { path: cells.parentPath, code: cells.parentCode }, PARENT_COLUMNS);
  }
}

const PARENT_COLUMNS: LocationReferenceColumns = {
  path: 'parentPath',
  code: 'parentCode',
  id: 'parentId',
  notFoundHint: ' (parents must come before their children)',
};
