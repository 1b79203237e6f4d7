import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, flattenValidationErrors, ProblemException, Roles, type Principal } from '@mate/service-kit';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { ExportWorkOrdersQuery } from '../work-orders/dtos/list-work-orders.query';
import { READERS, SUPERVISORS } from '../common/roles';
import { ImportQuery, ImportResultDto, ImportWorkOrderRowDto, ImportWorkOrdersDto, MAX_IMPORT_ROWS } from './dtos/import.dtos';
import { ImportExportService } from './import-export.service';

@ApiTags('import and export')
@Controller('work-orders')
export class ImportExportController {
  constructor(@Inject(ImportExportService) private readonly service: ImportExportService) {}

  /**
   * JSON `{ "rows": [...] }` or `text/csv` with a header row (same column names; assigneeIds
   * separated by `;`; custom fields as `cf.<key>` columns; read-only columns of an export such as
   * id and status are ignored).
   */
  @Post('import')
  @ApiOperation({ summary: 'Import work orders (JSON or CSV)' })
  @HttpCode(200)
  @Roles(...SUPERVISORS)
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ type: ImportWorkOrdersDto, description: `At most ${MAX_IMPORT_ROWS} rows; each row is an ImportWorkOrderRowDto` })
  @ApiOkResponse({ type: ImportResultDto, description: 'Per-row outcome; invalid rows name their fields' })
  @ApiProblemResponses(413)
  async import(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Query() query: ImportQuery,
  ): Promise<ImportResultDto> {
    const contentType = request.headers['content-type'] ?? '';
    const csv = /^text\/csv\b/i.test(contentType);
    let rows: Array<Record<string, unknown>>;
    if (csv) {
      if (typeof request.body !== 'string') throw ProblemException.badRequest('the CSV body is missing');
      rows = this.service.rowsFromCsv(request.body);
    } else {
      rows = (await this.validatedJson(request.body)).rows;
    }
    return this.service.import(principal, rows, query.dryRun ?? false, csv ? 'csv' : 'json');
  }

  /** The body is read by hand (JSON or CSV), so the JSON shape is validated here. */
  private async validatedJson(body: unknown): Promise<ImportWorkOrdersDto> {
    const dto = plainToInstance(ImportWorkOrdersDto, body ?? {});
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw ProblemException.validation(flattenValidationErrors(errors));
    return dto;
  }

  @Get('export')
  @ApiOperation({ summary: 'Export work orders (JSON or CSV)' })
  @Roles(...READERS)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: [ImportWorkOrderRowDto], description: 'Every matching work order (the list filters apply)' })
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExportWorkOrdersQuery,
    @Res() response: Response,
  ): Promise<void> {
    await this.service.export(principal, query, response);
  }
}
