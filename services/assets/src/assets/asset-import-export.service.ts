import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  customFieldValueFromText,
  DomainException,
  flattenValidationErrors,
  mergeCustomFieldValues,
  PROBLEM_TYPES,
  ProblemException,
  SERVICE_CONFIG,
  TenantTransactions,
  type Principal,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { parseCsv, toCsv } from '../common/csv.util';
import type { AssetsConfig } from '../config/assets.config';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import type { CustomFieldDefinition } from '../custom-fields/custom-field-definition.entity';
import { Asset } from './asset.entity';
import { CreateAssetDto, type AssetDto, type ListAssetsQueryDto } from './assets.dto';
import { AssetsService, toAssetDto } from './assets.service';

export const EXPORT_MAX_ROWS = 100_000;

const BASE_COLUMNS = [
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

const EXPORT_COLUMNS = ['id', ...BASE_COLUMNS.filter((c) => c !== 'parentTag'), 'version', 'createdAt', 'updatedAt', 'decommissionedAt'] as const;

export interface ImportRowError {
  /** Line of the file (the header is line 1). */
  row: number;
  field?: string;
  message: string;
}

export interface ImportReport {
  mode: 'all-or-nothing' | 'partial';
  total: number;
  imported: number;
  failed: number;
  created: Array<{ row: number; id: string; tag: string }>;
  errors: ImportRowError[];
}

/** CSV/JSON export and CSV import of the asset register. */
@Injectable()
export class AssetImportExportService {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(AssetsService) private readonly assets: AssetsService,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
    @Inject(SERVICE_CONFIG) private readonly config: AssetsConfig,
  ) {}

  /** Every asset matching the list filters (up to EXPORT_MAX_ROWS), as JSON items or CSV text. */
  export(principal: Principal, query: ListAssetsQueryDto, format: 'csv' | 'json'): Promise<{ items: AssetDto[] } | string> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const qb = await this.assets.query(manager, principal.tenantId, query);
      const assets = await qb.orderBy('a.tag', 'ASC').limit(EXPORT_MAX_ROWS).getMany();
      const items = assets.map(toAssetDto);
      if (format === 'json') return { items };
      const definitions = await this.customFields.definitions(manager, principal.tenantId, 'asset');
      const header = [...EXPORT_COLUMNS, ...definitions.map((d) => `cf.${d.key}`)];
      const rows = items.map((item) => [
        ...EXPORT_COLUMNS.map((column) => (item as unknown as Record<string, unknown>)[column]),
        ...definitions.map((d) => item.customFields[d.key]),
      ]);
      return toCsv(header, rows);
    });
  }

  /**
   * Imports assets from CSV. By default all or nothing: any bad row rejects the file (422 with
   * every row's errors) and nothing is written; `partial` keeps the good rows and reports the bad.
   */
  async import(principal: Principal, csv: string, partial: boolean): Promise<ImportReport> {
    let table: string[][];
    try {
      table = parseCsv(csv);
    } catch (error) {
      throw ProblemException.badRequest(`the CSV cannot be read: ${(error as Error).message}`);
    }
    if (table.length < 2) throw ProblemException.badRequest('the CSV needs a header line and at least one row');
    const header = table[0].map((h) => h.trim());
    const rows = table.slice(1);
    if (rows.length > this.config.extra.IMPORT_MAX_ROWS) {
      throw ProblemException.unprocessable(`at most ${this.config.extra.IMPORT_MAX_ROWS} rows per import`);
    }

    const report: ImportReport = { mode: partial ? 'partial' : 'all-or-nothing', total: rows.length, imported: 0, failed: 0, created: [], errors: [] };
    const outcome = await this.tenantTransactions
      .run(principal, async (manager) => {
        const definitions = await this.customFields.definitions(manager, principal.tenantId, 'asset');
        const known = new Set<string>([...BASE_COLUMNS, ...definitions.map((d) => `cf.${d.key}`)]);
        const unknown = header.filter((column) => !known.has(column));
        if (unknown.length > 0) {
          throw ProblemException.validation(
            unknown.map((column) => ({ field: column, message: `unknown column "${column}"; known: ${[...known].join(', ')}` })),
            'the CSV header has unknown columns',
          );
        }
        for (const [required] of [['tag'], ['name'], ['locationId']]) {
          if (!header.includes(required)) throw ProblemException.validation([{ field: required, message: `the column "${required}" is required` }], 'the CSV header is incomplete');
        }
        const byKey = new Map(definitions.map((d) => [d.key, d]));
        for (const [index, cells] of rows.entries()) {
          const line = index + 2;
          const errors = await this.importRow(manager, principal, header, cells, byKey, line, report);
          if (errors.length > 0) {
            report.failed += 1;
            report.errors.push(...errors);
          }
        }
        if (report.failed > 0 && !partial) throw new ImportRejected();
        return report;
      })
      .catch((error: unknown) => {
        if (error instanceof ImportRejected) return undefined;
        throw error;
      });
    if (outcome === undefined) {
      throw new ProblemException({
        status: 422,
        type: PROBLEM_TYPES.validation,
        title: 'Unprocessable Entity',
        detail: `${report.failed} of ${report.total} rows are invalid: nothing was imported (use ?mode=partial to import the valid rows)`,
        extensions: { total: report.total, failed: report.failed, imported: 0, errors: report.errors },
      });
    }
    return outcome;
  }

  private async importRow(
    manager: EntityManager,
    principal: Principal,
    header: readonly string[],
    cells: readonly string[],
    definitions: ReadonlyMap<string, CustomFieldDefinition>,
    line: number,
    report: ImportReport,
  ): Promise<ImportRowError[]> {
    if (cells.length !== header.length) return [{ row: line, message: `expected ${header.length} fields, found ${cells.length}` }];
    const plain: Record<string, unknown> = {};
    const customFields: Record<string, unknown> = {};
    let parentTag: string | undefined;
    header.forEach((column, i) => {
      const cell = cells[i];
      if (cell === '') return;
      if (column.startsWith('cf.')) {
        const definition = definitions.get(column.slice(3));
        if (definition) customFields[definition.key] = customFieldValueFromText(definition, cell);
      } else if (column === 'parentTag') {
        parentTag = cell;
      } else {
        plain[column] = cell;
      }
    });
    if (Object.keys(customFields).length > 0) plain.customFields = customFields;
    const dto = plainToInstance(CreateAssetDto, plain);
    const invalid = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } }));
    if (invalid.length > 0) {
      // Report the custom field problems of the row too, not only the first layer's.
      const custom = mergeCustomFieldValues([...definitions.values()], customFields, undefined, 'assets').errors;
      return [...invalid, ...custom].map((e) => ({ row: line, field: e.field, message: e.message }));
    }

    await manager.query('savepoint import_row');
    try {
      if (parentTag !== undefined) {
        const parent = await manager.findOneBy(Asset, { tenantId: principal.tenantId, tag: parentTag });
        if (!parent) throw ProblemException.validation([{ field: 'parentTag', message: `no asset with tag "${parentTag}" (parents must come before their components)` }]);
        dto.parentId = parent.id;
      }
      const asset = await this.assets.createIn(manager, principal, dto);
      await manager.query('release savepoint import_row');
      report.imported += 1;
      report.created.push({ row: line, id: asset.id, tag: asset.tag });
      return [];
    } catch (error) {
      await manager.query('rollback to savepoint import_row');
      if (error instanceof ProblemException) {
        const fieldErrors = (error.problem.errors as Array<{ field: string; message: string }> | undefined) ?? [];
        return fieldErrors.length > 0
          ? fieldErrors.map((e) => ({ row: line, field: e.field, message: e.message }))
          : [{ row: line, message: error.problem.detail ?? error.problem.title }];
      }
      if (error instanceof DomainException) return [{ row: line, message: error.message }];
      throw error;
    }
  }
}

/** Rolls the import transaction back when a row failed and partial mode was not asked for. */
class ImportRejected extends Error {}
