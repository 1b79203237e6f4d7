import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponses,
  csvBody,
  CurrentPrincipal,
  exportFile,
  IfMatch,
  ImportQueryDto,
  Roles,
  setEtag,
  SortedPageQuery,
  type Page,
  type Principal,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { Response } from 'express';
import { FIELD_ROLES, REGISTER_EDITORS } from '../common/roles.constant';
import { AssetHistoryService } from './asset-history.service';
import { AssetImportExportService } from './asset-import-export.service';
import {
  AssetDto,
  AssetExportDto,
  AssetImportReportDto,
  AssetPageDto,
  AvailabilityDto,
  AvailabilityQueryDto,
  ChangeStatusDto,
  CreateAssetDto,
  DowntimeDto,
  DowntimePageDto,
  ExportAssetsQueryDto,
  HistoryDto,
  HistoryQueryDto,
  ListAssetsQueryDto,
  RecordDowntimeDto,
  StatusChangeResultDto,
  UpdateAssetDto,
} from './assets.dto';
import { AssetsService } from './assets.service';

@ApiTags('assets')
@Controller('assets')
export class AssetsController {
  constructor(
    @Inject(AssetsService) private readonly assets: AssetsService,
    @Inject(AssetHistoryService) private readonly historyService: AssetHistoryService,
    @Inject(AssetImportExportService) private readonly importExport: AssetImportExportService,
  ) {}

  @Get('export')
  @ApiOperation({
    summary: 'Export the assets matching the list filters (up to 100,000, by tag) as JSON or CSV',
    description:
      'Streamed from one consistent snapshot. JSON: `{ items }` as in the list. CSV columns: id, tag, name, locationId, locationCode, locationPath (the location’s names from the root, ' +
      'joined by ` > `), parentId, parentTag, description, category, manufacturer, model, serialNumber, criticality, status, installDate, purchaseCost, warrantyExpiry, barcode, ' +
      'decommissionedAt, version, createdAt, updatedAt, cf.<key>; cells that look like formulas are prefixed with `\'`. ' +
      'The CSV imports again, also into another tenant with the same location tree (locationPath/locationCode and parentTag are resolved there; the ids are not used).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AssetExportDto, description: 'JSON `{ items }` (as in the list), or CSV with the import’s columns, the read-only ones and `cf.<key>` per custom field' })
  @ApiProblemResponses(404)
  async export(@CurrentPrincipal() principal: Principal, @Query() query: ExportAssetsQueryDto): Promise<StreamableFile> {
    const { format = 'json', ...filters } = query;
    return exportFile(await this.importExport.export(principal, filters, format), format, 'assets');
  }

  @Post('import')
  @HttpCode(200)
  @Roles(...REGISTER_EDITORS)
  @ApiOperation({
    summary: 'Import assets from CSV (text/csv, up to 20 MB)',
    description:
      'Columns: tag, name (required); the location (required) by locationPath (its names from the root joined by ` > `, e.g. `North plant > Hall 1`) and/or locationCode, ' +
      'or locationId; the parent by parentTag (an asset already registered or a row anywhere in the file: parents are created first) or parentId; description, category, manufacturer, ' +
      'model, serialNumber, criticality, status, installDate, purchaseCost, warrantyExpiry, barcode, decommissionedAt, cf.<key>. A path, code or tag wins over an id, so an export ' +
      'imports into another tenant with the same location tree; a reference that resolves to nothing (or to several locations) is an error of its row. ' +
      'status `decommissioned` registers the asset as decommissioned (one AssetCreated, no status-change events) since decommissionedAt (default: the import); ' +
      'one that is the parent of other rows is created in service and decommissioned after its components (the register takes no component under a decommissioned asset). ' +
      'The export\'s read-only columns (id, version, createdAt, updatedAt) are ignored. ' +
      'All or nothing by default: one bad row rejects the file with 422 and every row’s errors. `?mode=partial` imports the valid rows and reports the rest.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'tag,name,locationPath,parentTag\nP-101,Feed pump,North plant > Hall 1,\nP-101-M,Motor,North plant > Hall 1,P-101' } })
  @ApiOkResponse({ type: AssetImportReportDto })
  @ApiProblemResponses(413, 422)
  importCsv(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Query() query: ImportQueryDto): Promise<AssetImportReportDto> {
    return this.importExport.import(principal, csvBody(body), query.mode ?? 'all-or-nothing');
  }

  @Get()
  @ApiOperation({ summary: 'List assets (filters, keyset pages)' })
  @ApiOkResponse({ type: AssetPageDto, description: 'Cursor-paginated; filters combine with AND' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListAssetsQueryDto): Promise<Page<AssetDto>> {
    return this.assets.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Register an asset' })
  @Roles(...REGISTER_EDITORS)
  @ApiCreatedResponse({ type: AssetDto })
  @ApiProblemResponses(404, 409, 422)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateAssetDto, @Res({ passthrough: true }) response: Response): Promise<AssetDto> {
    const dto = await this.assets.create(principal, body);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an asset' })
  @ApiOkResponse({ type: AssetDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<AssetDto> {
    const dto = await this.assets.get(principal, id);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id/children')
  @ApiOperation({ summary: 'List the components of an asset' })
  @ApiOkResponse({ type: AssetPageDto, description: 'Direct components' })
  @ApiProblemResponses(404)
  async children(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() page: SortedPageQuery): Promise<Page<AssetDto>> {
    await this.assets.get(principal, id);
    return this.assets.list(principal, { ...page, parentId: id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit an asset’s register entry' })
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: AssetDto })
  @ApiProblemResponses(404, 409, 412, 422)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateAssetDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AssetDto> {
    const dto = await this.assets.update(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  @Post(':id/status')
  @ApiOperation({ summary: 'Change an asset’s status' })
  @HttpCode(200)
  @Roles(...FIELD_ROLES)
  @ApiOkResponse({ type: StatusChangeResultDto, description: 'Opens/closes downtime; decommissioned is terminal and warns about components in service' })
  @ApiProblemResponses(404, 409, 412, 422)
  async changeStatus(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeStatusDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StatusChangeResultDto> {
    const result = await this.assets.changeStatus(principal, id, body, ifMatch);
    setEtag(response, result.asset.version);
    return result;
  }

  @Get(':id/downtimes')
  @ApiOperation({ summary: 'List an asset’s downtime intervals' })
  @ApiOkResponse({ type: DowntimePageDto, description: 'Recorded intervals (unmerged), oldest first' })
  @ApiProblemResponses(404)
  downtimes(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: SortedPageQuery): Promise<Page<DowntimeDto>> {
    return this.assets.downtimePage(principal, id, query);
  }

  @Post(':id/downtimes')
  @ApiOperation({ summary: 'Record a past downtime interval' })
  @Roles(...FIELD_ROLES)
  @ApiCreatedResponse({ type: DowntimeDto, description: 'Records a past interval (may overlap others; availability merges them); 409 ASSET_DECOMMISSIONED for a decommissioned asset' })
  @ApiProblemResponses(404, 409, 422)
  recordDowntime(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: RecordDowntimeDto): Promise<DowntimeDto> {
    return this.assets.recordDowntime(principal, id, body);
  }

  @Get(':id/availability')
  @ApiOperation({ summary: 'Availability of an asset over a period' })
  @ApiOkResponse({ type: AvailabilityDto, description: 'Over [from, to): merged downtime, planned and unplanned apart, with the formula' })
  @ApiProblemResponses(404)
  availability(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: AvailabilityQueryDto): Promise<AvailabilityDto> {
    return this.assets.availability(principal, id, new Date(query.from), query.to ? new Date(query.to) : undefined);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'History of an asset' })
  @ApiOkResponse({ type: HistoryDto, description: 'Status changes, downtime, meter readings and stock movements, newest first' })
  @ApiProblemResponses(404)
  async history(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: HistoryQueryDto): Promise<HistoryDto> {
    return this.historyService.history(principal, id, query);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete an asset registered by mistake' })
  @HttpCode(204)
  @Roles(...REGISTER_EDITORS)
  @ApiNoContentResponse({ description: 'Only an asset without components, meters or history; otherwise decommission it (409)' })
  @ApiProblemResponses(404, 409, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.assets.remove(principal, id, ifMatch);
  }
}
