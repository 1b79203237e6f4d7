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
import { CreateCustomFieldDto, CustomFieldDto, CustomFieldListDto, ListCustomFieldsQuery, UpdateCustomFieldDto } from './dtos/custom-field.dtos';
import { PLANNERS } from '../common/roles';
import { CustomFieldsService } from './custom-fields.service';

/** Planners define fields. Everyone signed in reads the definitions (requesters fill in request fields). */
@ApiTags('custom-fields')
@Controller('work-orders/custom-fields')
export class CustomFieldsController {
  constructor(@Inject(CustomFieldsService) private readonly customFields: CustomFieldsService) {}

  @Get()
  @ApiOperation({ summary: 'List custom field definitions' })
  @ApiOkResponse({ type: CustomFieldListDto, description: 'The definitions of the tenant, optionally of one entity type' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListCustomFieldsQuery): Promise<CustomFieldListDto> {
    return { items: await this.customFields.list(principal, query.entityType) };
  }

  @Post()
  @ApiOperation({ summary: 'Define a custom field' })
  @Roles(...PLANNERS)
  @ApiCreatedResponse({ type: CustomFieldDto, description: 'Takes effect at once for writes and `cf` filters; ETag holds the version' })
  @ApiProblemResponses(409, 422)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCustomFieldDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CustomFieldDto> {
    const definition = await this.customFields.create(principal, body);
    setEtag(response, definition.version);
    response.setHeader('Location', `/api/v1/work-orders/custom-fields/${definition.id}`);
    return definition;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a custom field definition' })
  @ApiOkResponse({ type: CustomFieldDto, description: 'ETag holds the version' })
  @ApiProblemResponses(404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CustomFieldDto> {
    const definition = await this.customFields.get(principal, id);
    setEtag(response, definition.version);
    return definition;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a custom field definition' })
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: CustomFieldDto, description: 'Label, required, options (enum), unit; key, entity type and type never change' })
  @ApiProblemResponses(404, 412, 422)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateCustomFieldDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CustomFieldDto> {
    const definition = await this.customFields.update(principal, id, body, ifMatch);
    setEtag(response, definition.version);
    return definition;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a custom field definition and its values' })
  @HttpCode(204)
  @Roles(...PLANNERS)
  @ApiNoContentResponse({ description: 'Deleted; its values are removed from every work order or request of the tenant' })
  @ApiProblemResponses(404, 412)
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatch() ifMatch: VersionPrecondition,
  ): Promise<void> {
    return this.customFields.remove(principal, id, ifMatch);
  }
}
