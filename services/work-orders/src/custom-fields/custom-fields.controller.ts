import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
import { CustomFieldsService } from './custom-fields.service';

/** Who defines fields. Everyone signed in reads the definitions (requesters fill in request fields). */
const DEFINERS = ['admin', 'planner'] as const;

@ApiTags('custom-fields')
@Controller('work-orders/custom-fields')
export class CustomFieldsController {
  constructor(@Inject(CustomFieldsService) private readonly customFields: CustomFieldsService) {}

  @Get()
  @ApiOkResponse({ type: CustomFieldListDto, description: 'The definitions of the tenant, optionally of one entity type' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListCustomFieldsQuery): Promise<CustomFieldListDto> {
    return { items: await this.customFields.list(principal, query.entityType) };
  }

  @Post()
  @Roles(...DEFINERS)
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
  @Roles(...DEFINERS)
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
  @HttpCode(204)
  @Roles(...DEFINERS)
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
