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
import {
  AdjustStockDto,
  CreatePartDto,
  ExportPartsQueryDto,
  IssueStockDto,
  ListMovementsQueryDto,
  ListPartsQueryDto,
  MovementDto,
  MovementPageDto,
  MovementResultDto,
  PartDto,
  PartExportDto,
  PartImportReportDto,
  PartPageDto,
  ReceiveStockDto,
  ReservationPageDto,
  StockLevelListDto,
  TransferStockDto,
  UpdatePartDto,
  type ReservationDto,
} from './parts.dto';
import { PartImportExportService } from './part-import-export.service';
import { PartsService } from './parts.service';

@ApiTags('parts')
@Controller('parts')
export class PartsController {
  constructor(
    @Inject(PartsService) private readonly parts: PartsService,
    @Inject(PartImportExportService) private readonly importExport: PartImportExportService,
  ) {}

  @Get('export')
  @ApiOperation({
    summary: 'Export the parts matching the list filters (up to 100,000, by SKU) as JSON or CSV',
    description:
      'Streamed from one consistent snapshot. CSV columns: id, sku, name, description, unitOfMeasure, unitCost, preferredVendorId, preferredVendor (the vendor’s name), version, createdAt, updatedAt, cf.<key>. ' +
      'The CSV imports again (also into another tenant with vendors of the same names).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: PartExportDto, description: 'JSON `{ items }` (as in the list), or CSV' })
  async export(@CurrentPrincipal() principal: Principal, @Query() query: ExportPartsQueryDto): Promise<StreamableFile> {
    const { format = 'json', ...filters } = query;
    return exportFile(await this.importExport.export(principal, filters, format), format, 'parts');
  }

  @Post('import')
  @HttpCode(200)
  @Roles(...REGISTER_EDITORS)
  @ApiOperation({
    summary: 'Import parts from CSV (text/csv, up to 20 MB)',
    description:
      'Columns: sku, name, unitOfMeasure (required), description, unitCost, the preferred vendor by preferredVendor (its name, case-insensitive; wins over an id) or preferredVendorId, cf.<key>; ' +
      'the export\'s read-only columns (id, version, createdAt, updatedAt) are ignored. Each row is created as by POST /parts (SKU unique per tenant: 409 per row). ' +
      'All or nothing by default: one bad row rejects the file with 422 and every row’s errors. `?mode=partial` imports the valid rows and reports the rest.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'sku,name,unitOfMeasure,unitCost,preferredVendor\nBRG-6204,Bearing 6204-2RS,ea,12.50,Acme Bearings' } })
  @ApiOkResponse({ type: PartImportReportDto })
  @ApiProblemResponses(413, 422)
  importCsv(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Query() query: ImportQueryDto): Promise<PartImportReportDto> {
    return this.importExport.import(principal, csvBody(body), query.mode ?? 'all-or-nothing');
  }

  @Get()
  @ApiOperation({ summary: 'List parts' })
  @ApiOkResponse({ type: PartPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListPartsQueryDto): Promise<Page<PartDto>> {
    return this.parts.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a part to the catalogue' })
  @Roles(...REGISTER_EDITORS)
  @ApiCreatedResponse({ type: PartDto })
  @ApiProblemResponses(404, 409)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreatePartDto, @Res({ passthrough: true }) response: Response): Promise<PartDto> {
    const dto = await this.parts.create(principal, body);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a part' })
  @ApiOkResponse({ type: PartDto })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<PartDto> {
    const dto = await this.parts.get(principal, id);
    setEtag(response, dto.version);
    return dto;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a part' })
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: PartDto })
  @ApiProblemResponses(404, 409, 412)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePartDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartDto> {
    const dto = await this.parts.update(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a part without history' })
  @HttpCode(204)
  @Roles(...REGISTER_EDITORS)
  @ApiNoContentResponse({ description: 'Only a part that never moved and is on no purchase order' })
  @ApiProblemResponses(404, 409, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.parts.remove(principal, id, ifMatch);
  }

  @Get(':id/stock')
  @ApiOperation({ summary: 'Stock of a part per storeroom' })
  @ApiOkResponse({ type: StockLevelListDto, description: 'Stock per storeroom' })
  @ApiProblemResponses(404)
  async stock(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<StockLevelListDto> {
    return { items: await this.parts.stock(principal, id) };
  }

  @Get(':id/movements')
  @ApiOperation({ summary: 'Stock ledger of a part' })
  @ApiOkResponse({ type: MovementPageDto, description: 'The stock ledger of the part, newest first' })
  @ApiProblemResponses(404)
  movements(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: ListMovementsQueryDto): Promise<Page<MovementDto>> {
    return this.parts.movements(principal, id, query);
  }

  @Get(':id/reservations')
  @ApiOperation({ summary: 'Reservations of a part for work orders' })
  @ApiOkResponse({ type: ReservationPageDto, description: 'Reservations for work orders, newest first (short when less could be reserved than requested)' })
  @ApiProblemResponses(404)
  reservations(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: SortedPageQuery): Promise<Page<ReservationDto>> {
    return this.parts.reservations(principal, id, query);
  }

  @Post(':id/receipts')
  @ApiOperation({ summary: 'Receive stock of a part' })
  @Roles(...REGISTER_EDITORS)
  @ApiCreatedResponse({ type: MovementResultDto, description: 'Stock received outside a purchase order' })
  @ApiProblemResponses(404)
  receive(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReceiveStockDto): Promise<MovementResultDto> {
    return this.parts.receive(principal, id, body);
  }

  @Post(':id/issues')
  @ApiOperation({ summary: 'Issue stock of a part' })
  @Roles(...FIELD_ROLES)
  @ApiCreatedResponse({ type: MovementResultDto, description: 'Issues available (unreserved) stock; never below zero' })
  @ApiProblemResponses(404, 409)
  issue(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: IssueStockDto): Promise<MovementResultDto> {
    return this.parts.issue(principal, id, body);
  }

  @Post(':id/adjustments')
  @ApiOperation({ summary: 'Adjust stock of a part to a count' })
  @Roles(...REGISTER_EDITORS)
  @ApiCreatedResponse({ type: MovementResultDto, description: 'Sets on hand to a counted quantity' })
  @ApiProblemResponses(404)
  adjust(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: AdjustStockDto): Promise<MovementResultDto> {
    return this.parts.adjust(principal, id, body);
  }

  @Post(':id/transfers')
  @ApiOperation({ summary: 'Transfer stock of a part between storerooms' })
  @Roles(...FIELD_ROLES)
  @ApiCreatedResponse({ type: MovementResultDto, description: 'Moves available stock between storerooms (two ledger lines)' })
  @ApiProblemResponses(404, 409, 422)
  transfer(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransferStockDto): Promise<MovementResultDto> {
    return this.parts.transfer(principal, id, body);
  }
}
