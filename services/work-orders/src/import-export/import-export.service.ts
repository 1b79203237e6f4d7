import { Inject, Injectable } from '@nestjs/common';
import {
  CsvReadError,
  customFieldValueFromText,
  flattenValidationErrors,
  ProblemException,
  readCsvRecords,
  TenantTransactions,
  type FieldError,
  type Principal,
  csvLines,
} from '@mate/service-kit';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Response } from 'express';
import { AssetDirectory, AssetDirectoryException } from '../asset-directory';
import { customFieldsShapeProblem } from '../common/validation';
import type { CustomFieldDefinition } from '../custom-fields/custom-field-definition.entity';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { CreateWorkOrder } from '../work-orders/use-cases/create-work-order';
import { scopeOf } from '../work-orders/work-order-access';
import type { WorkOrder } from '../work-orders/work-order.entity';
import type { NewWorkOrder } from '../work-orders/work-order.factory';
import { toWorkOrderDto } from '../work-orders/work-order.mapper';
import { WorkOrderRepository } from '../work-orders/work-order.repository';
import type { WorkOrderDto } from '../work-orders/dtos/work-order.dtos';
import type { ExportWorkOrdersQuery } from '../work-orders/dtos/list-work-orders.query';
import { ImportWorkOrderRowDto, MAX_IMPORT_ROWS, type ImportResultDto, type ImportRowResultDto } from './dtos/import.dtos';

/** Columns of an export that an import ignores (they are set by the service). */
const READ_ONLY_COLUMNS = [
  'id',
  'number',
  'status',
  'source',
  'sourceRef',
  'createdAt',
  'updatedAt',
  'completedAt',
  'closedAt',
  'cancelledAt',
  'overdue',
  'version',
] as const;

const EXPORT_COLUMNS = [
  'id',
  'number',
  'title',
  'description',
  'type',
  'priority',
  'status',
  'assetId',
  'locationId',
  'assigneeIds',
  'teamId',
  'requesterId',
  'dueAt',
  'plannedStartAt',
  'estimatedDurationMinutes',
  'failureProblem',
  'failureCause',
  'failureRemedy',
  'source',
  'sourceRef',
  'overdue',
  'version',
  'createdAt',
  'updatedAt',
  'completedAt',
  'closedAt',
  'cancelledAt',
] as const;

const EXPORT_BATCH = 1000;

/** Custom fields travel in CSV as `cf.<key>` columns. */
const CUSTOM_FIELD_COLUMN = 'cf.';

/** Where import rows come from: CSV cells are text, JSON values are typed. */
type ImportFormat = 'json' | 'csv';

function exportRecord(dto: WorkOrderDto): Record<(typeof EXPORT_COLUMNS)[number], string | number | boolean | null> {
  return {
    id: dto.id,
    number: dto.number,
    title: dto.title,
    description: dto.description,
    type: dto.type,
    priority: dto.priority,
    status: dto.status,
    assetId: dto.assetId,
    locationId: dto.locationId,
    assigneeIds: dto.assigneeIds.join(';'),
    teamId: dto.teamId,
    requesterId: dto.requesterId,
    dueAt: dto.dueAt,
    plannedStartAt: dto.plannedStartAt,
    estimatedDurationMinutes: dto.estimatedDurationMinutes,
    failureProblem: dto.failureCodes.problem,
    failureCause: dto.failureCodes.cause,
    failureRemedy: dto.failureCodes.remedy,
    source: dto.source,
    sourceRef: dto.sourceRef,
    overdue: dto.overdue,
    version: dto.version,
    createdAt: dto.createdAt,
    updatedAt: dto.updatedAt,
    completedAt: dto.completedAt,
    closedAt: dto.closedAt,
    cancelledAt: dto.cancelledAt,
  };
}

/**
 * CSV cells are text: empty means absent, lists use `;`, numbers are parsed; `cf.<key>` cells are
 * gathered into `customFields` (typed later, against the definitions).
 */
function fromCsvRecord(record: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const customFields: Record<string, string> = {};
  for (const [column, raw] of Object.entries(record)) {
    if ((READ_ONLY_COLUMNS as readonly string[]).includes(column)) continue;
    const value = raw.trim();
    if (value === '') continue;
    if (column.startsWith(CUSTOM_FIELD_COLUMN)) customFields[column.slice(CUSTOM_FIELD_COLUMN.length)] = raw;
    else if (column === 'assigneeIds') row[column] = value.split(';').map((id) => id.trim()).filter(Boolean);
    else if (column === 'estimatedDurationMinutes') row[column] = /^\d+$/.test(value) ? Number(value) : value;
    else row[column] = raw;
  }
  if (Object.keys(customFields).length > 0) row['customFields'] = customFields;
  return row;
}

/** CSV text of defined fields as the values they stand for; unknown keys stay (and are reported). */
function typedCustomFieldCells(definitions: readonly CustomFieldDefinition[], cells: Record<string, unknown>): Record<string, unknown> {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  return Object.fromEntries(
    Object.entries(cells).map(([key, cell]) => {
      const definition = byKey.get(key);
      return [key, definition && typeof cell === 'string' ? customFieldValueFromText(definition, cell) : cell];
    }),
  );
}

function withoutReadOnly(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !(READ_ONLY_COLUMNS as readonly string[]).includes(key)));
}

@Injectable()
export class ImportExportService {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository,
    @Inject(CreateWorkOrder) private readonly createWorkOrder: CreateWorkOrder,
    @Inject(AssetDirectory) private readonly assets: AssetDirectory,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
  ) {}

  rowsFromCsv(text: string): Array<Record<string, unknown>> {
    let records: Array<Record<string, string>>;
    try {
      records = readCsvRecords(text);
    } catch (error) {
      if (error instanceof CsvReadError) throw ProblemException.validation([{ field: '(body)', message: error.message }], 'the CSV cannot be read');
      throw error;
    }
    if (records.length === 0) throw ProblemException.validation([{ field: '(body)', message: 'no rows after the header' }]);
    if (records.length > MAX_IMPORT_ROWS) {
      throw ProblemException.validation([{ field: '(body)', message: `at most ${MAX_IMPORT_ROWS} rows per import` }]);
    }
    return records.map(fromCsvRecord);
  }

  /**
   * Validates every row (fields and custom fields, then asset and location against the read
   * model) and creates the valid ones in one transaction. Invalid rows are reported with their
   * field errors and skipped; rows with an externalId already imported are reported as existing.
   */
  async import(principal: Principal, rows: Array<Record<string, unknown>>, dryRun: boolean, format: ImportFormat = 'json'): Promise<ImportResultDto> {
    return this.transactions.run(principal, async (manager) => {
      const definitions = await this.customFields.definitions(manager, principal.tenantId, 'work_order');
      const results: ImportRowResultDto[] = [];
      const valid: Array<{ row: number; input: NewWorkOrder }> = [];
      for (const [index, raw] of rows.entries()) {
        const row = index + 1;
        const dto = plainToInstance(ImportWorkOrderRowDto, withoutReadOnly(raw));
        const validationErrors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
        let errors: FieldError[] = flattenValidationErrors(validationErrors);
        // A malformed customFields object is already among the errors; otherwise check it against the definitions.
        const submitted = customFieldsShapeProblem(dto.customFields) === undefined ? dto.customFields : undefined;
        const customFields = this.customFields.merge(
          definitions,
          'work_order',
          submitted && format === 'csv' ? typedCustomFieldCells(definitions, submitted) : submitted,
        );
        const input: NewWorkOrder = {
          title: dto.title,
          description: dto.description,
          type: dto.type,
          priority: dto.priority,
          assetId: dto.assetId,
          locationId: dto.locationId,
          assigneeIds: dto.assigneeIds,
          teamId: dto.teamId,
          requesterId: dto.requesterId,
          dueAt: dto.dueAt ? new Date(dto.dueAt) : null,
          plannedStartAt: dto.plannedStartAt ? new Date(dto.plannedStartAt) : null,
          estimatedDurationMinutes: dto.estimatedDurationMinutes,
          failureCodes:
            dto.failureProblem || dto.failureCause || dto.failureRemedy
              ? { problem: dto.failureProblem, cause: dto.failureCause, remedy: dto.failureRemedy }
              : null,
          source: dto.externalId ? 'connector' : 'manual',
          sourceRef: dto.externalId,
          customFields: customFields.values,
        };
        if (errors.length === 0) {
          errors = this.createWorkOrder.inputProblems(input);
        }
        errors.push(...customFields.errors);
        if (errors.length === 0) {
          try {
            const target = await this.assets.resolveForNewWork(manager, principal.tenantId, input);
            input.assetId = target.assetId;
            input.locationId = target.locationId;
          } catch (error) {
            if (!(error instanceof AssetDirectoryException)) throw error;
            errors = [{ field: error.field, message: error.reason }];
          }
        }
        if (errors.length > 0) results.push({ row, status: 'invalid', errors });
        else valid.push({ row, input });
      }
      if (dryRun) {
        results.push(...valid.map(({ row }) => ({ row, status: 'valid' as const })));
      } else {
        for (const { row, input } of valid) {
          // Targets were resolved above: create without checking them again.
          const { workOrder, created } = await this.createWorkOrder.execute(manager, principal.tenantId, principal.subject, input, {
            target: 'generated',
          });
          results.push({ row, status: created ? 'created' : 'existing', id: workOrder.id, number: workOrder.number });
        }
      }
      results.sort((a, b) => a.row - b.row);
      return {
        dryRun,
        created: results.filter((r) => r.status === 'created').length,
        existing: results.filter((r) => r.status === 'existing').length,
        invalid: results.filter((r) => r.status === 'invalid').length,
        rows: results,
      };
    });
  }

  /**
   * Streams every matching work order, oldest first, in batches (keyset on created_at, id). CSV has
   * a `cf.<key>` column per work-order field defined when the export starts.
   */
  async export(principal: Principal, query: ExportWorkOrdersQuery, response: Response): Promise<void> {
    const format = query.format ?? 'json';
    // Before anything is written: a bad `cf` filter still answers 400.
    const { definitions, customFieldFilters } = await this.transactions.run(principal, async (manager) => ({
      definitions: format === 'csv' ? await this.customFields.definitions(manager, principal.tenantId, 'work_order') : [],
      customFieldFilters: await this.customFields.filters(manager, principal.tenantId, 'work_order', query.cf),
    }));
    const columns = [...EXPORT_COLUMNS, ...definitions.map((definition) => `${CUSTOM_FIELD_COLUMN}${definition.key}`)];
    response.status(200);
    response.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="work-orders.${format}"`);
    response.write(format === 'csv' ? csvLines([columns]) : '[');
    let after: WorkOrder | undefined;
    let first = true;
    for (;;) {
      const batch = await this.transactions.run(principal, (manager) =>
        this.workOrders.exportBatch(manager, scopeOf(principal), query, customFieldFilters, after, EXPORT_BATCH),
      );
      const now = new Date();
      const dtos = batch.map((workOrder) => toWorkOrderDto(workOrder, now));
      if (format === 'csv') {
        const rows = dtos.map((dto) => {
          const record = exportRecord(dto);
          return [...EXPORT_COLUMNS.map((column) => record[column]), ...definitions.map((definition) => dto.customFields[definition.key] ?? null)];
        });
        response.write(csvLines(rows));
      } else {
        for (const dto of dtos) {
          response.write(`${first ? '' : ','}\n${JSON.stringify(dto)}`);
          first = false;
        }
      }
      if (batch.length < EXPORT_BATCH) break;
      after = batch[batch.length - 1];
    }
    response.end(format === 'csv' ? '' : '\n]\n');
  }
}
