import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, IfMatch, mapPage, Roles, setEtag, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { Response } from 'express';
import { CreateRecipientListDto, ListRecipientListsQueryDto, RecipientListDto, RecipientListPageDto, UpdateRecipientListDto } from './dtos/recipient-list.dtos';
import type { RecipientList } from './recipient-list.entity';
import { ManageRecipientLists } from './use-cases/manage-recipient-lists';

function toRecipientListDto(list: RecipientList): RecipientListDto {
  return { id: list.id, name: list.name, emails: list.emails, createdAt: list.createdAt.toISOString(), updatedAt: list.updatedAt.toISOString(), version: list.version };
}

/** HTTP only: the e-mail recipient lists that rules and escalation levels name. Administrators manage; planners read. */
@ApiTags('recipient-lists')
@Controller('recipient-lists')
@Roles('admin')
export class RecipientListsController {
  constructor(@Inject(ManageRecipientLists) private readonly lists: ManageRecipientLists) {}

  @Get()
  @Roles('admin', 'planner')
  @ApiOperation({ summary: 'List e-mail recipient lists, oldest first' })
  @ApiOkResponse({ type: RecipientListPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListRecipientListsQueryDto): Promise<RecipientListPageDto> {
    return mapPage(await this.lists.list(principal, query), toRecipientListDto);
  }

  @Get(':id')
  @Roles('admin', 'planner')
  @ApiOperation({ summary: 'Get a recipient list' })
  @ApiOkResponse({ type: RecipientListDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<RecipientListDto> {
    const list = await this.lists.get(principal, id);
    setEtag(response, list.version);
    return toRecipientListDto(list);
  }

  @Post()
  @ApiOperation({ summary: 'Add an e-mail recipient list' })
  @ApiCreatedResponse({ type: RecipientListDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(400)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateRecipientListDto, @Res({ passthrough: true }) response: Response): Promise<RecipientListDto> {
    const list = await this.lists.create(principal, { name: body.name, emails: body.emails });
    setEtag(response, list.version);
    return toRecipientListDto(list);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a recipient list (its rules send to the new addresses from then on)' })
  @ApiOkResponse({ type: RecipientListDto })
  @ApiProblemResponses(400, 404, 412)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateRecipientListDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecipientListDto> {
    const list = await this.lists.update(principal, id, { name: body.name, emails: body.emails }, ifMatch);
    setEtag(response, list.version);
    return toRecipientListDto(list);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a recipient list no rule names' })
  @ApiNoContentResponse({ description: 'Deleted; 409 TARGET_IN_USE while a rule or escalation level names it' })
  @ApiProblemResponses(404, 409, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.lists.remove(principal, id, ifMatch);
  }
}
