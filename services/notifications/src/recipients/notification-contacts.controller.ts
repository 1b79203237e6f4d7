import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, IfMatch, mapPage, Roles, setEtag, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { Response } from 'express';
import { toNotificationContactDto } from './contact-view';
import {
  CreateNotificationContactDto,
  ListNotificationContactsQueryDto,
  NotificationContactDto,
  NotificationContactPageDto,
  UpdateNotificationContactDto,
} from './dtos/notification-contact.dtos';
import { ManageContacts } from './use-cases/manage-contacts';

/** HTTP only: the tenant's notification contacts (users and their roles as rule recipients). Administrators manage; planners read. */
@ApiTags('notification-contacts')
@Controller('notification-contacts')
@Roles('admin')
export class NotificationContactsController {
  constructor(@Inject(ManageContacts) private readonly contacts: ManageContacts) {}

  @Get()
  @Roles('admin', 'planner')
  @ApiOperation({ summary: 'List notification contacts, oldest first' })
  @ApiOkResponse({ type: NotificationContactPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListNotificationContactsQueryDto): Promise<NotificationContactPageDto> {
    return mapPage(await this.contacts.list(principal, query), toNotificationContactDto);
  }

  @Get(':id')
  @Roles('admin', 'planner')
  @ApiOperation({ summary: 'Get a notification contact' })
  @ApiOkResponse({ type: NotificationContactDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<NotificationContactDto> {
    const contact = await this.contacts.get(principal, id);
    setEtag(response, contact.version);
    return toNotificationContactDto(contact);
  }

  @Post()
  @ApiOperation({ summary: 'Add a user as a notification contact (e-mail, roles, home location, chat endpoint)' })
  @ApiCreatedResponse({ type: NotificationContactDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(400, 409)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateNotificationContactDto, @Res({ passthrough: true }) response: Response): Promise<NotificationContactDto> {
    const contact = await this.contacts.create(principal, {
      userId: body.userId,
      email: body.email ?? null,
      roles: body.roles ?? [],
      homeLocationId: body.homeLocationId ?? null,
      chatEndpointId: body.chatEndpointId ?? null,
    });
    setEtag(response, contact.version);
    return toNotificationContactDto(contact);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a contact (routing reads it when the next alert opens)' })
  @ApiOkResponse({ type: NotificationContactDto })
  @ApiProblemResponses(400, 404, 409, 412)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateNotificationContactDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NotificationContactDto> {
    const contact = await this.contacts.update(principal, id, body, ifMatch);
    setEtag(response, contact.version);
    return toNotificationContactDto(contact);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a contact' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblemResponses(404, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.contacts.remove(principal, id, ifMatch);
  }
}
