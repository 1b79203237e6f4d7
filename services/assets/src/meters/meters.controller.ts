import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponses,
  CurrentPrincipal,
  IfMatch,
  Roles,
  setEtag,
  type Page,
  type Principal,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { Response } from 'express';
import { READING_RECORDERS, REGISTER_EDITORS } from '../common/roles.constant';
import {
  bulkRows,
  BulkReadingsDto,
  BulkReadingsResultDto,
  CreateMeterDto,
  ListMetersQueryDto,
  ListReadingsQueryDto,
  MeterDto,
  MeterPageDto,
  ReadingDto,
  ReadingPageDto,
  RecordReadingDto,
  RecordReadingResultDto,
  RecordResetDto,
  UpdateMeterDto,
} from './meters.dto';
import { MetersService } from './meters.service';

@ApiTags('meters')
@Controller('meters')
export class MetersController {
  constructor(@Inject(MetersService) private readonly meters: MetersService) {}

  @Post('readings/bulk')
  @HttpCode(200)
  @Roles(...READING_RECORDERS)
  @ApiOperation({ summary: 'Bulk ingestion (10,000+ readings): one transaction, a result per row; body limit 16 MB' })
  @ApiBody({ type: BulkReadingsDto })
  @ApiOkResponse({ type: BulkReadingsResultDto })
  @ApiProblemResponses(413, 422)
  bulk(@CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<BulkReadingsResultDto> {
    // Validated by hand, row by row (each row gets its own result): class-transformer would copy
    // 10,000 objects only to hand them over unchanged.
    return this.meters.recordBulk(principal, bulkRows(body));
  }

  @Get()
  @ApiOperation({ summary: 'List meters' })
  @ApiOkResponse({ type: MeterPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListMetersQueryDto): Promise<Page<MeterDto>> {
    return this.meters.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a meter to an asset' })
  @Roles(...REGISTER_EDITORS)
  @ApiCreatedResponse({ type: MeterDto, description: '409 ASSET_DECOMMISSIONED for a decommissioned asset' })
  @ApiProblemResponses(404, 409)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateMeterDto, @Res({ passthrough: true }) response: Response): Promise<MeterDto> {
    const dto = await this.meters.create(principal, body);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a meter' })
  @ApiOkResponse({ type: MeterDto })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<MeterDto> {
    const dto = await this.meters.get(principal, id);
    setEtag(response, dto.version);
    return dto;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a meter' })
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: MeterDto, description: '409 ASSET_DECOMMISSIONED when its asset is decommissioned' })
  @ApiProblemResponses(404, 409, 412)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateMeterDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MeterDto> {
    const dto = await this.meters.update(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a meter without readings' })
  @HttpCode(204)
  @Roles(...REGISTER_EDITORS)
  @ApiNoContentResponse({ description: 'Only a meter without readings, of an asset not decommissioned (409 ASSET_DECOMMISSIONED)' })
  @ApiProblemResponses(404, 409, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.meters.remove(principal, id, ifMatch);
  }

  @Get(':id/readings')
  @ApiOperation({ summary: 'List a meter’s readings' })
  @ApiOkResponse({ type: ReadingPageDto, description: 'Newest first by default (sort=readAt for oldest first)' })
  @ApiProblemResponses(404)
  readings(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: ListReadingsQueryDto): Promise<Page<ReadingDto>> {
    return this.meters.readings(principal, id, query);
  }

  @Post(':id/readings')
  @ApiOperation({ summary: 'Record a meter reading' })
  @Roles(...READING_RECORDERS)
  @ApiCreatedResponse({ type: RecordReadingResultDto, description: '`status: duplicate` when the same value was already recorded at that instant (idempotent)' })
  @ApiProblemResponses(404, 409, 422)
  async record(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecordReadingDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecordReadingResultDto> {
    const result = await this.meters.recordOne(principal, id, body);
    if (result.status === 'duplicate') response.status(200);
    return result;
  }

  @Post(':id/resets')
  @ApiOperation({ summary: 'Record a meter reset' })
  @Roles(...READING_RECORDERS)
  @ApiCreatedResponse({ type: RecordReadingResultDto, description: 'Records a reset or replacement of a cumulative meter: later readings continue from the new baseline; the lifetime total carries over' })
  @ApiProblemResponses(404, 409, 422)
  reset(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: RecordResetDto): Promise<RecordReadingResultDto> {
    return this.meters.recordReset(principal, id, body);
  }
}
