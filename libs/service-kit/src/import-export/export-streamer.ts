import { PassThrough, type Readable } from 'node:stream';
import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { setTenant } from '@mate/database';
import type { Principal } from '../auth/principal';
import { csvLines } from '../csv/csv-lines';
import { DataSource, type EntityManager, type EntityTarget, type SelectQueryBuilder } from 'typeorm';

export type ExportFormat = 'csv' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

/** Most rows one export returns. */
export const EXPORT_MAX_ROWS = 100_000;
/** Rows read (and written to the response) at a time. */
const EXPORT_BATCH_ROWS = 1_000;
const EXPORT_CURSOR = 'mate_export';

/** What one resource's export needs; built inside the export transaction. */
export interface ExportPlan<E extends { id: string }> {
  entity: EntityTarget<E>;
  /** The list query with its filters and the export's order; its alias's `id` is read through a cursor. */
  query: SelectQueryBuilder<E>;
  /** The JSON items of a batch (the resource's list DTOs). */
  items(entities: readonly E[]): unknown[];
  /** The CSV header (custom fields as `cf.<key>`). */
  header: readonly string[];
  /** The CSV cells of a batch, in header order (may look up names, e.g. of parents). */
  rows(entities: readonly E[]): Promise<unknown[][]>;
}

/**
 * Streams an export: one read-only tenant transaction declares a cursor over the filtered query
 * and writes batches to the response as the client reads them (backpressure), so neither the rows
 * nor the file are held in memory whole. Failures before the first byte (bad filters, unknown ids)
 * reject as usual problems; a failure later aborts the transfer, so a truncated file never looks
 * complete.
 */
@Injectable()
export class ExportStreamer {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  open<E extends { id: string }>(
    principal: Principal,
    format: ExportFormat,
    prepare: (manager: EntityManager) => Promise<ExportPlan<E>>,
  ): Promise<Readable> {
    const output = new PassThrough();
    return new Promise<Readable>((resolve, reject) => {
      let started = false;
      // Like TenantTransactions.run, but repeatable read: the cursor and the batches' reads (rows,
      // parent and vendor names) all see one snapshot, so the file is consistent.
      this.dataSource
        .transaction('REPEATABLE READ', async (manager) => {
          await manager.query('set transaction read only');
          await setTenant(manager, principal.tenantId);
          const plan = await prepare(manager);
          const [sql, parameters] = plan.query.clone().select(`${plan.query.alias}.id`, 'id').limit(EXPORT_MAX_ROWS).getQueryAndParameters();
          await manager.query(`declare ${EXPORT_CURSOR} no scroll cursor for ${sql}`, parameters);
          const fetchBatch = async (): Promise<E[]> => {
            const ids = ((await manager.query(`fetch ${EXPORT_BATCH_ROWS} from ${EXPORT_CURSOR}`)) as Array<{ id: string }>).map((r) => r.id);
            if (ids.length === 0) return [];
            const byId = new Map<string, E>((await manager.createQueryBuilder(plan.entity, 'e').whereInIds(ids).getMany()).map((e) => [e.id, e]));
            return ids.flatMap((id) => byId.get(id) ?? []);
          };
          let batch = await fetchBatch();
          started = true;
          resolve(output);
          await write(output, format === 'csv' ? csvLines([plan.header]) : '{"items":[');
          let first = true;
          while (batch.length > 0) {
            let chunk: string;
            if (format === 'csv') {
              chunk = csvLines(await plan.rows(batch));
            } else {
              chunk = (first ? '' : ',') + plan.items(batch).map((item) => JSON.stringify(item)).join(',');
              first = false;
            }
            await write(output, chunk);
            batch = await fetchBatch();
          }
          if (format === 'json') await write(output, ']}');
          await manager.query(`close ${EXPORT_CURSOR}`);
        })
        .then(
          () => output.end(),
          (error: unknown) => {
            if (started) output.destroy(error instanceof Error ? error : new Error(String(error)));
            else reject(error);
          },
        );
    });
  }
}

/** Writes with backpressure; fails once the client has gone (the transaction then rolls back). */
async function write(output: PassThrough, chunk: string): Promise<void> {
  if (output.destroyed) throw new ClientGone();
  if (!output.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        output.off('drain', done);
        output.off('close', done);
        resolve();
      };
      output.on('drain', done);
      output.on('close', done);
    });
    if (output.destroyed) throw new ClientGone();
  }
}

class ClientGone extends Error {
  constructor() {
    super('the client closed the export before it ended');
  }
}

/** The HTTP answer of an export: CSV as an attachment, or a JSON `{ items }` document. */
export function exportFile(stream: Readable, format: ExportFormat, name: string): StreamableFile {
  return format === 'csv'
    ? new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${name}.csv"` })
    : new StreamableFile(stream, { type: 'application/json; charset=utf-8' });
}
