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
import { REGISTER_EDITORS } from '../common/roles.constant';
import {
  CreateLocationDto,
  ExportLocationsQueryDto,
  ListLocationsQueryDto,
  LocationDto,
  LocationExportDto,
  LocationImportReportDto,
  LocationListDto,
  LocationPageDto,
  MoveLocationDto,
  UpdateLocationDto,
} from './locations.dto';
import { LocationImportExportService } from './location-import-export.service';
import { LocationsService } from './locations.service';

@ApiTags('locations')
@Controller('locations')
export class LocationsController {
  constructor(
    @Inject(LocationsService) private readonly locations: LocationsService,
    @Inject(LocationImportExportService) private readonly importExport: LocationImportExportService,
  ) {}

  @Get('export')
  @ApiOperation({
    summary: 'Export the locations matching the list filters (up to 100,000) as JSON or CSV, parents before children',
    description:
      'Streamed from one consistent snapshot. CSV columns: id, name, code, kind, parentId, parentCode, parentPath (ancestor names from the root, joined by " > "), isStoreroom, ' +
      'address.line1 … address.country, latitude, longitude, description, depth, version, createdAt, updatedAt, cf.<key>. The CSV imports again (also into another tenant).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: LocationExportDto, description: 'JSON `{ items }` (as in the list), or CSV' })
  @ApiProblemResponses(404)
  async export(@CurrentPrincipal() principal: Principal, @Query() query: ExportLocationsQueryDto): Promise<StreamableFile> {
    const { format = 'json', ...filters } = query;
    return exportFile(await this.importExport.export(principal, filters, format), format, 'locations');
  }

  @Post('import')
  @HttpCode(200)
  @Roles(...REGISTER_EDITORS)
  @ApiOperation({
    summary: 'Import locations from CSV (text/csv, up to 20 MB)',
    description:
      'Columns: name (required), code, kind, the parent by parentPath (its names from the root, "Site > Building"), parentCode or parentId (a parent earlier in the file or already there; ' +
      'a path or code wins over parentId; path and code must agree), isStoreroom, address.line1, address.line2, address.city, address.region, address.postalCode, address.country, latitude, longitude, description, cf.<key>; ' +
      'the export\'s read-only columns (id, depth, version, createdAt, updatedAt) are ignored. Each row is created as by POST /locations (LocationCreated; a code taken among its siblings fails the row, naming the code column). ' +
      'All or nothing by default: one bad row rejects the file with 422 and every row’s errors. `?mode=partial` imports the valid rows and reports the rest.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'name,code,kind,parentPath\nNorth plant,NP,site,\nHall 1,NP-H1,building,North plant' } })
  @ApiOkResponse({ type: LocationImportReportDto })
  @ApiProblemResponses(413, 422)
  importCsv(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Query() query: ImportQueryDto): Promise<LocationImportReportDto> {
    return this.importExport.import(principal, csvBody(body), query.mode ?? 'all-or-nothing');
  }

  @Get()
  @ApiOperation({ summary: 'List locations' })
  @ApiOkResponse({ type: LocationPageDto, description: 'Cursor-paginated; filters combine with AND' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListLocationsQueryDto): Promise<Page<LocationDto>> {
    return this.locations.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a location' })
  @Roles(...REGISTER_EDITORS)
  @ApiCreatedResponse({ type: LocationDto, description: '409 LOCATION_CODE_TAKEN when a sibling (same parent, or both top-level) has the code' })
  @ApiProblemResponses(404, 409)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateLocationDto, @Res({ passthrough: true }) response: Response): Promise<LocationDto> {
    const dto = await this.locations.create(principal, body);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a location' })
  @ApiOkResponse({ type: LocationDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<LocationDto> {
    const dto = await this.locations.get(principal, id);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id/ancestors')
  @ApiOperation({ summary: 'Ancestors of a location (breadcrumb)' })
  @ApiOkResponse({ type: LocationListDto, description: 'The breadcrumb: ancestors, root first' })
  @ApiProblemResponses(404)
  async ancestors(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<LocationListDto> {
    return { items: await this.locations.ancestors(principal, id) };
  }

  @Get(':id/children')
  @ApiOperation({ summary: 'Children of a location' })
  @ApiOkResponse({ type: LocationPageDto, description: 'Direct children, cursor-paginated' })
  @ApiProblemResponses(404)
  async children(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() page: SortedPageQuery): Promise<Page<LocationDto>> {
    await this.locations.get(principal, id);
    return this.locations.list(principal, { ...page, parentId: id });
  }

  @Get(':id/subtree')
  @ApiOperation({ summary: 'Subtree of a location' })
  @ApiOkResponse({ type: LocationPageDto, description: 'The location and every descendant in tree (path) order, cursor-paginated' })
  @ApiProblemResponses(404)
  subtree(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() page: SortedPageQuery): Promise<Page<LocationDto>> {
    return this.locations.list(principal, { ...page, subtreeOf: id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a location' })
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: LocationDto })
  @ApiProblemResponses(404, 409, 412)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateLocationDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LocationDto> {
    const dto = await this.locations.update(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  @Post(':id/move')
  @ApiOperation({ summary: 'Move a location to another parent' })
  @HttpCode(200)
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: LocationDto, description: 'Moves the location with its whole subtree; 409 LOCATION_CODE_TAKEN when a location under the new parent has its code' })
  @ApiProblemResponses(404, 409, 412, 422)
  async move(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MoveLocationDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LocationDto> {
    const dto = await this.locations.move(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a location' })
  @HttpCode(204)
  @Roles(...REGISTER_EDITORS)
  @ApiNoContentResponse()
  @ApiProblemResponses(404, 409, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.locations.remove(principal, id, ifMatch);
  }
}
