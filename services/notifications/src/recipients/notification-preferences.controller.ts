import { Body, Controller, Get, Inject, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, IfMatch, Roles, setEtag, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { Response } from 'express';
import type { AlertSeverity } from '../channels';
import { toNotificationContactDto } from './contact-view';
import { NotificationContactDto, PutNotificationPreferencesDto } from './dtos/notification-contact.dtos';
import { OwnPreferencesUseCase } from './use-cases/own-preferences';

/** HTTP only: each user's own e-mail and preferences, honoured when their deliveries are planned. */
@ApiTags('notification-preferences')
@Controller('notification-preferences')
@Roles('admin', 'planner', 'technician', 'requester', 'viewer')
export class NotificationPreferencesController {
  constructor(@Inject(OwnPreferencesUseCase) private readonly preferences: OwnPreferencesUseCase) {}

  @Get('me')
  @ApiOperation({ summary: 'My notification contact and preferences (the defaults, version 0, before I save any)' })
  @ApiOkResponse({ type: NotificationContactDto, description: 'With an ETag for If-Match' })
  async get(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<NotificationContactDto> {
    const contact = await this.preferences.get(principal);
    setEtag(response, contact.version);
    return toNotificationContactDto(contact);
  }

  @Put('me')
  @ApiOperation({ summary: 'Replace my e-mail, channels per alert type and severity, quiet hours and digest opt-out' })
  @ApiOkResponse({ type: NotificationContactDto })
  @ApiProblemResponses(400, 412)
  async put(
    @CurrentPrincipal() principal: Principal,
    @Body() body: PutNotificationPreferencesDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NotificationContactDto> {
    const contact = await this.preferences.put(
      principal,
      {
        email: body.email ?? null,
        channelPreferences: (body.channels ?? []).map((line) => ({ alertTypes: line.alertTypes ?? [], minSeverity: (line.minSeverity ?? 'info') as AlertSeverity, channels: line.channels })),
        quietHours: body.quietHours ?? null,
        digestOptOut: body.digestOptOut ?? false,
      },
      ifMatch,
    );
    setEtag(response, contact.version);
    return toNotificationContactDto(contact);
  }
}
