import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, type Principal } from '@mate/service-kit';
import { CsvImporter, type ImportMode, type ImportReport } from '../common/csv-import';
import { ExportStreamer, type ExportFormat } from '../common/export-stream';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { Asset } from './asset.entity';
import { CreateAssetDto, type ListAssetsQueryDto } from './assets.dto';
import { AssetsService, toAssetDto } from './assets.service';

const IMPORT_COLUMNS = [
  'tag',
  'name',
  'locationId',
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
] as const;

const EXPORT_COLUMNS = ['id', ...IMPORT_COLUMNS.filter((c) => c !== 'parentTag'), 'version', 'createdAt', 'updatedAt', 'decommissionedAt'] as const;

/** CSV/JSON export and CSV import of the asset register (through the shared import and export). */
@Injectable()
export class AssetImportExportService {
  constructor(
    @Inject(AssetsService) private readonly assets: AssetsService,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
    @Inject(CsvImporter) private readonly importer: CsvImporter,
    @Inject(ExportStreamer) private readonly exporter: ExportStreamer,
  ) {}

  /** Every asset matching the list filters (up to EXPORT_MAX_ROWS), by tag, as a JSON `{ items }` or CSV stream. */
  export(principal: Principal, query: ListAssetsQueryDto, format: ExportFormat): Promise<Readable> {
    return this.exporter.open<Asset>(principal, format, async (manager) => {
      const definitions = await this.customFields.definitions(manager, principal.tenantId, 'asset');
      const qb = await this.assets.query(manager, principal.tenantId, query);
      return {
        entity: Asset,
        query: qb.orderBy('a.tag', 'ASC'),
        items: (assets) => assets.map(toAssetDto),
        header: [...EXPORT_COLUMNS, ...definitions.map((d) => `cf.${d.key}`)],
        rows: async (assets) =>
          assets.map(toAssetDto).map((item) => [
            ...EXPORT_COLUMNS.map((column) => item[column]),
            ...definitions.map((d) => item.customFields[d.key]),
          ]),
      };
    });
  }

  /**
   * Imports assets from CSV: `tag,name,locationId` required, the parent by `parentTag` (earlier in
   * the file or already registered) or `parentId`. Each row goes through the normal create.
   */
  import(principal: Principal, csv: string, mode: ImportMode): Promise<ImportReport<{ id: string; tag: string }>> {
    return this.importer.run<CreateAssetDto, { id: string; tag: string }>(principal, csv, mode, async (manager) => ({
      noun: 'assets',
      columns: IMPORT_COLUMNS,
      required: ['tag', 'name', 'locationId'],
      ignored: EXPORT_COLUMNS.filter((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c)),
      customFields: await this.customFields.definitions(manager, principal.tenantId, 'asset'),
      dto: CreateAssetDto,
      toPlain: ({ parentTag: _parentTag, ...cells }) => cells,
      create: async (dto, row) => {
        const parentTag = row.cells.parentTag;
        if (parentTag !== undefined) {
          const parent = await manager.findOneBy(Asset, { tenantId: principal.tenantId, tag: parentTag });
          if (!parent) throw ProblemException.validation([{ field: 'parentTag', message: `no asset with tag "${parentTag}" (parents must come before their components)` }]);
          dto.parentId = parent.id;
        }
        const asset = await this.assets.createIn(manager, principal, dto);
        return { id: asset.id, tag: asset.tag };
      },
    }));
  }
}
