import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, IfMatch, Roles, setEtag, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { Response } from 'express';
import { EmailTemplateDto, NotificationTemplateDto, NotificationTemplateListDto, PreviewTemplateDto, RenderedEmailDto } from './dtos/notification-template.dtos';
import { ManageNotificationTemplates, templateKey } from './use-cases/manage-notification-templates';

const KEY = ':alertType/:channel';

/** HTTP only: tenants' e-mail templates per alert type. Administrators edit; planners may read. */
@ApiTags('notification-templates')
@Controller('notification-templates')
@Roles('admin')
export class NotificationTemplatesController {
  constructor(@Inject(ManageNotificationTemplates) private readonly templates: ManageNotificationTemplates) {}

  @Get()
  @Roles('admin', 'planner')
  @ApiOperation({ summary: 'Every alert type’s template per channel, and the digest’s (key `digest`): the tenant’s own or the default' })
  @ApiOkResponse({ type: NotificationTemplateListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<NotificationTemplateListDto> {
    return { items: await this.templates.list(principal) };
  }

  @Get(KEY)
  @Roles('admin', 'planner')
  @ApiOperation({ summary: 'The template an alert type is sent with on a channel' })
  @ApiOkResponse({ type: NotificationTemplateDto, description: 'With an ETag for If-Match ("0" for the default)' })
  @ApiProblemResponses(400)
  async get(@CurrentPrincipal() principal: Principal, @Param('alertType') alertType: string, @Param('channel') channel: string, @Res({ passthrough: true }) response: Response): Promise<NotificationTemplateDto> {
    const key = templateKey(alertType, channel);
    const template = await this.templates.get(principal, key.alertType, key.channel);
    setEtag(response, template.version);
    return template;
  }

  @Put(KEY)
  @ApiOperation({ summary: 'Save the tenant’s template (Liquid; a malformed part is refused naming it)' })
  @ApiOkResponse({ type: NotificationTemplateDto })
  @ApiProblemResponses(400, 412)
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('alertType') alertType: string,
    @Param('channel') channel: string,
    @Body() body: EmailTemplateDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NotificationTemplateDto> {
    const key = templateKey(alertType, channel);
    const template = await this.templates.put(principal, key.alertType, key.channel, body, ifMatch);
    setEtag(response, template.version);
    return template;
  }

  @Delete(KEY)
  @HttpCode(204)
  @ApiOperation({ summary: 'Go back to the default template' })
  @ApiNoContentResponse({ description: 'The default applies from now on' })
  @ApiProblemResponses(400, 412)
  revert(@CurrentPrincipal() principal: Principal, @Param('alertType') alertType: string, @Param('channel') channel: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    const key = templateKey(alertType, channel);
    return this.templates.revert(principal, key.alertType, key.channel, ifMatch);
  }

  @Post(`${KEY}/preview`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a draft (or the template in use) with sample data of the alert type' })
  @ApiOkResponse({ type: RenderedEmailDto })
  @ApiProblemResponses(400)
  preview(@CurrentPrincipal() principal: Principal, @Param('alertType') alertType: string, @Param('channel') channel: string, @Body() body: PreviewTemplateDto): Promise<RenderedEmailDto> {
    const key = templateKey(alertType, channel);
    return this.templates.preview(principal, key.alertType, key.channel, body.template);
  }
}
