import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { REGISTER_EDITORS } from '../common/roles.constant';
import { CreateVendorDto, ListVendorsQueryDto, UpdateVendorDto, VendorDto, VendorPageDto } from './purchasing.dto';
import { VendorsService } from './vendors.service';

@ApiTags('vendors')
@Controller('vendors')
export class VendorsController {
  constructor(@Inject(VendorsService) private readonly vendors: VendorsService) {}

  @Get()
  @ApiOperation({ summary: 'List vendors' })
  @ApiOkResponse({ type: VendorPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListVendorsQueryDto): Promise<Page<VendorDto>> {
    return this.vendors.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a vendor' })
  @Roles(...REGISTER_EDITORS)
  @ApiCreatedResponse({ type: VendorDto })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateVendorDto, @Res({ passthrough: true }) response: Response): Promise<VendorDto> {
    const dto = await this.vendors.create(principal, body);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a vendor' })
  @ApiOkResponse({ type: VendorDto })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<VendorDto> {
    const dto = await this.vendors.get(principal, id);
    setEtag(response, dto.version);
    return dto;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a vendor' })
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: VendorDto })
  @ApiProblemResponses(404, 412)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateVendorDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VendorDto> {
    const dto = await this.vendors.update(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a vendor' })
  @HttpCode(204)
  @Roles(...REGISTER_EDITORS)
  @ApiNoContentResponse({ description: 'Only a vendor without purchase orders that is nobody’s preferred vendor' })
  @ApiProblemResponses(404, 409, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.vendors.remove(principal, id, ifMatch);
  }
}
