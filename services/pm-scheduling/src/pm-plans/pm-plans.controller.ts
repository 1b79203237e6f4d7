import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponses,
  csvBody,
  CurrentPrincipal,
  CursorPageQuery,
  exportFile,
  IfMatch,
  ImportQueryDto,
  mapPage,
  Roles,
  setEtag,
  VersionPrecondition,
  type Page,
  type Principal,
} from '@mate/service-kit';
import type { Response } from 'express';
import { CreatePmPlanDto, PmPlanBodyDto, PmPlanDto, PmPlanImportReportDto, PreviewDto, PreviewQueryDto, TriggerNowDto, TriggeredDto } from './dtos/pm-plan.dtos';
import { PM_PLAN_EXPORT_COLUMNS } from './pm-plan.csv';
import { toPmPlanDto } from './pm-plan.mapper';
import { CreatePmPlan } from './use-cases/create-pm-plan';
import { DeletePmPlan } from './use-cases/delete-pm-plan';
import { ExportPmPlans } from './use-cases/export-pm-plans';
import { GetPmPlans } from './use-cases/get-pm-plan';
import { ImportPmPlans } from './use-cases/import-pm-plans';
import { PreviewPmPlan } from './use-cases/preview-pm-plan';
import { ReplacePmPlan } from './use-cases/replace-pm-plan';
import { SetPmPlanActive } from './use-cases/set-pm-plan-active';
import { TriggerPmPlanNow } from './use-cases/trigger-pm-plan-now';

/** Technicians and viewers read plans; planners (and admins, integrations) write them. */
export const READERS = ['admin', 'planner', 'technician', 'viewer', 'integration'] as const;
export const PLANNERS = ['admin', 'planner', 'integration'] as const;

const DEFAULT_PREVIEW_COUNT = 10;

/** HTTP only: DTO in, use case, DTO out. */
@ApiTags('pm-plans')
@Controller('pm-plans')
export class PmPlansController {
  constructor(
    @Inject(CreatePmPlan) private readonly createPlan: CreatePmPlan,
    @Inject(ReplacePmPlan) private readonly replacePlan: ReplacePmPlan,
    @Inject(GetPmPlans) private readonly getPlans: GetPmPlans,
    @Inject(DeletePmPlan) private readonly deletePlan: DeletePmPlan,
    @Inject(SetPmPlanActive) private readonly setActive: SetPmPlanActive,
    @Inject(PreviewPmPlan) private readonly previews: PreviewPmPlan,
    @Inject(TriggerPmPlanNow) private readonly triggers: TriggerPmPlanNow,
    @Inject(ExportPmPlans) private readonly exports: ExportPmPlans,
    @Inject(ImportPmPlans) private readonly imports: ImportPmPlans,
  ) {}

  @Post()
  @Roles(...PLANNERS)
  @ApiOperation({ summary: 'Create a PM plan' })
  @ApiCreatedResponse({ type: PmPlanDto })
  @ApiProblemResponses(400)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreatePmPlanDto, @Res({ passthrough: true }) response: Response): Promise<PmPlanDto> {
    const dto = toPmPlanDto(await this.createPlan.execute(principal, body));
    setEtag(response, dto.version);
    return dto;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'List PM plans (keyset pages, creation order)' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CursorPageQuery): Promise<Page<PmPlanDto>> {
    return mapPage(await this.getPlans.page(principal, query), toPmPlanDto);
  }

  // Before ':id': a static route wins only when declared first.
  @Get('export')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Export every PM plan of the tenant as CSV (creation order), streamed',
    description:
      `Columns: ${PM_PLAN_EXPORT_COLUMNS.join(', ')}. Each is the field of the REST body at that path; lists (template.assigneeIds, target.assetIds) are ` +
      '`;`-separated, seasons `MM-DD..MM-DD` separated by `;`, triggers and template.checklist JSON arrays as in the body. id, version, createdBy, createdAt and updatedAt ' +
      'are read-only: the file imports again (POST /pm-plans/import) as new plans. Cells that look like formulas are prefixed with `\'`.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV with a header line', content: { 'text/csv': { schema: { type: 'string' } } } })
  async export(@CurrentPrincipal() principal: Principal): Promise<StreamableFile> {
    return exportFile(await this.exports.execute(principal), 'csv', 'pm-plans');
  }

  @Post('import')
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOperation({
    summary: 'Import PM plans from CSV (text/csv): each row is created as by POST /pm-plans',
    description:
      'The layout of the export; required columns: title, zone, startsAt, triggers and target.assetIds or target.category. Each row is validated by the rules of POST /pm-plans ' +
      '(field errors name the row and the column, or the path inside a JSON cell, e.g. `triggers.0.rule`). All or nothing by default: one bad row rejects the file with 422 ' +
      'listing every row’s errors, and nothing is created. `?mode=partial` creates the valid rows and reports the rest. Each created plan publishes PmPlanCreated.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'title,target.assetIds,zone,startsAt,triggers\nPump check,0b7c…;5d1e…,Europe/Berlin,2027-01-04T00:00:00Z,"[{""kind"":""calendar"",""rule"":""FREQ=WEEKLY;BYDAY=MO;BYHOUR=6""}]"',
    },
  })
  @ApiOkResponse({ type: PmPlanImportReportDto })
  @ApiProblemResponses(400, 413, 422)
  importCsv(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Query() query: ImportQueryDto): Promise<PmPlanImportReportDto> {
    return this.imports.execute(principal, csvBody(body), query.mode ?? 'all-or-nothing');
  }

  @Post('preview')
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOperation({ summary: 'The next occurrences of an unsaved plan body' })
  @ApiOkResponse({ type: PreviewDto })
  @ApiProblemResponses(400)
  async previewUnsaved(@CurrentPrincipal() principal: Principal, @Body() body: PmPlanBodyDto, @Query() query: PreviewQueryDto): Promise<PreviewDto> {
    return { items: await this.previews.unsaved(principal, body, query.count ?? DEFAULT_PREVIEW_COUNT) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a PM plan (with its ETag)' })
  @Roles(...READERS)
  @ApiOkResponse({ type: PmPlanDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<PmPlanDto> {
    const dto = toPmPlanDto(await this.getPlans.one(principal, id));
    setEtag(response, dto.version);
    return dto;
  }

  @Put(':id')
  @Roles(...PLANNERS)
  @ApiOperation({ summary: 'Replace a PM plan (If-Match); its streams restart under the new schedule' })
  @ApiOkResponse({ type: PmPlanDto })
  @ApiProblemResponses(400, 404, 412)
  async replace(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PmPlanBodyDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PmPlanDto> {
    const dto = toPmPlanDto(await this.replacePlan.execute(principal, id, body, ifMatch));
    setEtag(response, dto.version);
    return dto;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a PM plan (If-Match); its streams stop' })
  @HttpCode(204)
  @Roles(...PLANNERS)
  @ApiNoContentResponse()
  @ApiProblemResponses(404, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.deletePlan.execute(principal, id, ifMatch);
  }

  @Post(':id/pause')
  @ApiOperation({ summary: 'Pause a PM plan (If-Match): no occurrences until resumed' })
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: PmPlanDto })
  @ApiProblemResponses(404, 412)
  pause(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition, @Res({ passthrough: true }) response: Response): Promise<PmPlanDto> {
    return this.activeSet(principal, id, false, ifMatch, response);
  }

  @Post(':id/resume')
  @ApiOperation({ summary: 'Resume a paused PM plan (If-Match)' })
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: PmPlanDto })
  @ApiProblemResponses(404, 412)
  resume(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition, @Res({ passthrough: true }) response: Response): Promise<PmPlanDto> {
    return this.activeSet(principal, id, true, ifMatch, response);
  }

  @Post(':id/trigger')
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOperation({ summary: 'Trigger now: a manual occurrence for every stream of the plan, or one asset' })
  @ApiOkResponse({ type: TriggeredDto })
  @ApiProblemResponses(404, 409, 422)
  async trigger(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: TriggerNowDto): Promise<TriggeredDto> {
    const due = await this.triggers.execute(principal, id, body.assetId);
    return { occurrenceIds: due.map((occurrence) => occurrence.occurrenceId) };
  }

  @Get(':id/preview')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The next occurrences of a saved plan' })
  @ApiOkResponse({ type: PreviewDto })
  @ApiProblemResponses(404)
  async preview(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: PreviewQueryDto): Promise<PreviewDto> {
    return { items: await this.previews.saved(principal, id, query.count ?? DEFAULT_PREVIEW_COUNT) };
  }

  private async activeSet(principal: Principal, id: string, active: boolean, ifMatch: VersionPrecondition, response: Response): Promise<PmPlanDto> {
    const dto = toPmPlanDto(await this.setActive.execute(principal, id, active, ifMatch));
    setEtag(response, dto.version);
    return dto;
  }
}
