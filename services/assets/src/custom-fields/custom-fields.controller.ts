import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponses,
  CurrentPrincipal,
  IfMatch,
  Roles,
  setEtag,
  type Principal,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { Response } from 'express';
import { REGISTER_EDITORS } from '../common/roles.constant';
import { CreateCustomFieldDto, CustomFieldDto, CustomFieldListDto, ListCustomFieldsQueryDto, UpdateCustomFieldDto } from './custom-fields.dto';
import { CustomFieldsService } from './custom-fields.service';

@ApiTags('custom-fields')
@Controller('custom-fields')
export class CustomFieldsController {
  constructor(@Inject(CustomFieldsService) private readonly customFields: CustomFieldsService) {}

  @Get()
  @ApiOperation({ summary: 'List custom field definitions' })
  @ApiOkResponse({ type: CustomFieldListDto, description: 'Every definition of the tenant, optionally of one entity type' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListCustomFieldsQueryDto): Promise<CustomFieldListDto> {
    return { items: await this.customFields.list(principal, query.entityType) };
  }

  @Post()
  @ApiOperation({ summary: 'Define a custom field' })
  @Roles(...REGISTER_EDITORS)
  @ApiCreatedResponse({ type: CustomFieldDto, description: 'Takes effect immediately for writes and filters' })
  @ApiProblemResponses(409, 422)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateCustomFieldDto, @Res({ passthrough: true }) response: Response): Promise<CustomFieldDto> {
    const dto = await this.customFields.create(principal, body);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a custom field definition' })
  @ApiOkResponse({ type: CustomFieldDto })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<CustomFieldDto> {
    const dto = await this.customFields.get(principal, id);
    setEtag(response, dto.version);
    return dto;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a custom field definition' })
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: CustomFieldDto, description: 'Key, entity type and type cannot change' })
  @ApiProblemResponses(404, 412, 422)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateCustomFieldDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CustomFieldDto> {
    const dto = await this.customFields.update(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a custom field definition and its values' })
  @HttpCode(204)
  @Roles(...REGISTER_EDITORS)
  @ApiNoContentResponse({ description: 'Deleted; its values are removed from every entity' })
  @ApiProblemResponses(404, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.customFields.remove(principal, id, ifMatch);
  }
}
