import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { text } from 'express';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { CsvReadError, readCsvRows } from '../csv/csv-reader';
import { customFieldValueFromText, mergeCustomFieldValues, type CustomFieldSpec } from '../custom-fields/custom-field-values';
import { DomainException } from '../errors/domain.exception';
import { PROBLEM_TYPES, type FieldError } from '../errors/problem-details';
import { ProblemException } from '../errors/problem.exception';
import { flattenValidationErrors } from '../errors/validation.pipe';
import { TenantTransactions } from '../tenancy/tenant-transactions.service';

export type ImportMode = 'all-or-nothing' | 'partial';
export const IMPORT_MODES: readonly ImportMode[] = ['all-or-nothing', 'partial'];

export interface ImportRowError {
  /** Line of the file (the header is line 1). */
  row: number;
  field?: string;
  message: string;
}

/** What an import did: `created` names each written row (its line, id and natural key). */
export interface ImportReport<C extends { id: string }> {
  mode: ImportMode;
  total: number;
  imported: number;
  failed: number;
  created: Array<{ row: number } & C>;
  errors: ImportRowError[];
}

/** One data row of the file. */
export interface CsvImportRow {
  /** Line of the file (the header is line 1). */
  line: number;
  /** The non-empty cells by column, `cf.<key>` columns excepted (they go to the DTO's customFields). */
  cells: Readonly<Record<string, string>>;
}

/** What one resource's import needs; built inside the import transaction. */
export interface CsvImportTarget<D extends object, C extends { id: string }> {
  /** The resource's name in messages (`assets`). */
  noun: string;
  /** Columns the file may have besides `cf.<key>`. */
  columns: readonly string[];
  required: readonly string[];
  /** Groups of columns of which the header must have at least one (a reference by path, code or id). */
  requiredOneOf?: ReadonlyArray<readonly string[]>;
  /** Read-only columns of the export (id, version, timestamps): accepted and ignored, so an export imports again. */
  ignored: readonly string[];
  /** The tenant's custom field definitions for the resource (`cf.<key>` columns); none for a resource without custom fields. */
  customFields: readonly CustomFieldSpec[];
  /** The create DTO every row must satisfy (whitelisted like a request body). */
  dto: ClassConstructor<D>;
  /**
   * The DTO fields of a row (cells converted to numbers, booleans, nested objects); reference columns
   * stay out. A cell it cannot read (e.g. a JSON cell that is not JSON) throws a validation
   * ProblemException naming the column: an error of that row.
   */
  toPlain(cells: Readonly<Record<string, string>>): Record<string, unknown>;
  /**
   * Resolves the row's references and creates it through the resource's normal create path (same
   * validation, same events). Throws ProblemException or DomainException for a bad row.
   */
  create(dto: D, row: CsvImportRow): Promise<C>;
  /**
   * The order to create the rows in, a permutation of `rows` (e.g. parents before the rows naming
   * them, wherever they are in the file); file order without it. Reports name rows by line anyway.
   */
  order?(rows: readonly CsvImportRow[]): readonly CsvImportRow[];
  /**
   * Runs after the last row, in the import transaction, unless an all-or-nothing import already
   * failed: work a created row left until the rows that depend on it exist. A failure fails the import.
   */
  finish?(): Promise<void>;
}

/** The most data rows one import accepts: each service provides it (a number) where it imports CsvImporter. */
export const CSV_IMPORT_MAX_ROWS = Symbol('CSV_IMPORT_MAX_ROWS');

/** Parses `text/csv` (and `text/plain`) bodies up to `limit`; apply it to a module's import route. */
export const csvBodyParser = (limit: string) => text({ type: ['text/csv', 'text/plain'], limit });

/** The body of an import request (read by csvBodyParser); 415 unless it came as text/csv. */
export function csvBody(body: unknown): string {
  if (typeof body !== 'string') throw new ProblemException({ status: 415, detail: 'send the CSV as text/csv' });
  return body;
}

/** A numeric cell as a number; anything else stays text for the DTO validation to name. */
export function numberCell(cell: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(cell.trim()) ? Number(cell) : cell;
}

/** `true`/`false` as a boolean; anything else stays text for the DTO validation to name. */
export function booleanCell(cell: string): boolean | string {
  return cell === 'true' ? true : cell === 'false' ? false : cell;
}

const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } };

/**
 * CSV import of a resource: reads the file, checks the header, then validates and creates row by
 * row in one tenant transaction, each row in a savepoint. All or nothing by default, so a single bad row
 * rejects the file (422 listing every row's errors) and nothing is written; `partial` keeps the
 * good rows and reports the bad ones. Rows may reference rows created before them in the same
 * file (file order, unless the target orders the rows).
 */
@Injectable()
export class CsvImporter {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(CSV_IMPORT_MAX_ROWS) private readonly maxRows: number,
  ) {}

  async run<D extends object, C extends { id: string }>(
    principal: Principal,
    csv: string,
    mode: ImportMode,
    prepare: (manager: EntityManager) => Promise<CsvImportTarget<D, C>>,
  ): Promise<ImportReport<C>> {
    const { header, rows } = this.read(csv);
    const report: ImportReport<C> = { mode, total: rows.length, imported: 0, failed: 0, created: [], errors: [] };
    const outcome = await this.tenantTransactions
      .run(principal, async (manager) => {
        const target = await prepare(manager);
        checkHeader(header, target);
        const definitions = new Map(target.customFields.map((d) => [d.key, d]));
        const read = rows.map((cells, index) => readRow(target, definitions, header, cells, index + 2));
        const fail = (errors: ImportRowError[]) => {
          report.failed += 1;
          report.errors.push(...errors);
        };
        const readable: ReadRow[] = [];
        for (const row of read) {
          if ('error' in row) fail([row.error]);
          else readable.push(row);
        }
        const byRow = new Map<CsvImportRow, ReadRow>(readable.map((row) => [row.row, row]));
        const ordered = target.order ? target.order(readable.map((r) => r.row)).map((row) => byRow.get(row) as ReadRow) : readable;
        for (const row of ordered) {
          const errors = await this.importRow(manager, target, definitions, row, report);
          if (errors.length > 0) fail(errors);
        }
        // By line, whatever the order the rows were created in.
        report.errors.sort((a, b) => a.row - b.row);
        if (report.failed > 0 && mode === 'all-or-nothing') throw new ImportRejected();
        await target.finish?.();
        report.created.sort((a, b) => a.row - b.row);
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

  private read(csv: string): { header: string[]; rows: string[][] } {
    let table: string[][];
    try {
      table = readCsvRows(csv);
    } catch (error) {
      if (error instanceof CsvReadError) throw ProblemException.badRequest(`the CSV cannot be read: ${error.message}`);
      throw error;
    }
    if (table.length < 2) throw ProblemException.badRequest('the CSV needs a header line and at least one row');
    const rows = table.slice(1);
    if (rows.length > this.maxRows) {
      throw ProblemException.unprocessable(`at most ${this.maxRows} rows per import`);
    }
    return { header: table[0].map((h) => h.trim()), rows };
  }

  private async importRow<D extends object, C extends { id: string }>(
    manager: EntityManager,
    target: CsvImportTarget<D, C>,
    definitions: ReadonlyMap<string, CustomFieldSpec>,
    { row, customFields }: ReadRow,
    report: ImportReport<C>,
  ): Promise<ImportRowError[]> {
    const line = row.line;
    const read = plainOf(target, row);
    if ('errors' in read) return rowErrors(line, read.errors);
    const plain = read.plain;
    if (Object.keys(customFields).length > 0) plain.customFields = customFields;
    const dto = plainToInstance(target.dto, plain);
    const invalid = flattenValidationErrors(await validate(dto, VALIDATION_OPTIONS));
    if (invalid.length > 0) {
      // Report the custom field problems of the row too, not only the first layer's.
      const custom = mergeCustomFieldValues([...definitions.values()], customFields, undefined, target.noun).errors;
      return rowErrors(line, [...invalid, ...custom]);
    }

    await manager.query('savepoint import_row');
    try {
      const created = await target.create(dto, row);
      await manager.query('release savepoint import_row');
      report.imported += 1;
      report.created.push({ row: line, ...created });
      return [];
    } catch (error) {
      await manager.query('rollback to savepoint import_row');
      if (error instanceof ProblemException) {
        const fieldErrors = (error.problem.errors as FieldError[] | undefined) ?? [];
        return fieldErrors.length > 0 ? rowErrors(line, fieldErrors) : [{ row: line, message: error.problem.detail ?? error.problem.title }];
      }
      if (error instanceof DomainException) return [{ row: line, message: error.message }];
      throw error;
    }
  }
}

/** A data row as cells by column, its custom field values apart. */
interface ReadRow {
  row: CsvImportRow;
  customFields: Record<string, unknown>;
}

function readRow<D extends object, C extends { id: string }>(
  target: CsvImportTarget<D, C>,
  definitions: ReadonlyMap<string, CustomFieldSpec>,
  header: readonly string[],
  cells: readonly string[],
  line: number,
): ReadRow | { error: ImportRowError } {
  if (cells.length !== header.length) return { error: { row: line, message: `expected ${header.length} fields, found ${cells.length}` } };
  const ignored = new Set(target.ignored);
  const row: Record<string, string> = {};
  const customFields: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = cells[i];
    if (cell === '' || ignored.has(column)) return;
    if (column.startsWith('cf.')) {
      const definition = definitions.get(column.slice(3));
      if (definition) customFields[definition.key] = customFieldValueFromText(definition, cell);
    } else {
      row[column] = cell;
    }
  });
  return { row: { line, cells: row }, customFields };
}

function plainOf<D extends object, C extends { id: string }>(target: CsvImportTarget<D, C>, row: CsvImportRow): { plain: Record<string, unknown> } | { errors: FieldError[] } {
  try {
    return { plain: target.toPlain(row.cells) };
  } catch (error) {
    const errors = error instanceof ProblemException ? (error.problem.errors as FieldError[] | undefined) : undefined;
    if (errors && errors.length > 0) return { errors };
    throw error;
  }
}

function rowErrors(line: number, errors: readonly FieldError[]): ImportRowError[] {
  return errors.map((e) => ({ row: line, field: e.field, message: e.message }));
}

/** 400 for unknown, duplicate or missing columns: a header problem fails the whole file in any mode. */
function checkHeader<D extends object, C extends { id: string }>(header: readonly string[], target: CsvImportTarget<D, C>): void {
  const known = new Set<string>([...target.columns, ...target.ignored, ...target.customFields.map((d) => `cf.${d.key}`)]);
  const unknown = header.filter((column) => !known.has(column));
  if (unknown.length > 0) {
    throw ProblemException.validation(
      unknown.map((column) => ({ field: column, message: `unknown column "${column}"; known: ${[...known].join(', ')}` })),
      'the CSV header has unknown columns',
    );
  }
  const duplicates = header.filter((column, i) => header.indexOf(column) !== i);
  if (duplicates.length > 0) {
    throw ProblemException.validation(
      [...new Set(duplicates)].map((column) => ({ field: column, message: `the column "${column}" appears more than once` })),
      'the CSV header repeats columns',
    );
  }
  const missing = target.required.filter((column) => !header.includes(column)).map((column) => ({ field: column, message: `the column "${column}" is required` }));
  for (const group of target.requiredOneOf ?? []) {
    if (!group.some((column) => header.includes(column))) {
      missing.push({ field: group[0], message: `one of the columns ${group.map((column) => `"${column}"`).join(', ')} is required` });
    }
  }
  if (missing.length > 0) throw ProblemException.validation(missing, 'the CSV header is incomplete');
}

/** Rolls the import transaction back when a row failed and partial mode was not asked for. */
class ImportRejected extends Error {}
