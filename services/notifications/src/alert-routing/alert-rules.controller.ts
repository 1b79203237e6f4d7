import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, IfMatch, mapPage, Roles, setEtag, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { Response } from 'express';
import type { AlertRule } from './alert-rule.entity';
import type { PersonRecipient } from '../alert-rules';
import { AlertRuleDto, AlertRulePageDto, AlertRuleRecipientDto, CreateAlertRuleDto, ListAlertRulesQueryDto, UpdateAlertRuleDto } from './dtos/alert-rule.dtos';
import { ManageAlertRules } from './use-cases/manage-alert-rules';

function toAlertRuleDto(rule: AlertRule): AlertRuleDto {
  return {
    id: rule.id,
    name: rule.name,
    alertTypes: rule.alertTypes,
    minSeverity: rule.minSeverity,
    targets: rule.targets,
    recipients: rule.recipients,
    locationId: rule.locationId,
    quietHours: rule.quietHours,
    digest: rule.digest,
    escalation: rule.escalation ? { ...rule.escalation, levels: [...rule.escalation.levels] } : null,
    enabled: rule.enabled,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    version: rule.version,
  };
}

/** Each recipient as one user or one role (the DTO lets only one of the two through). */
function toRecipients(recipients: AlertRuleRecipientDto[]): PersonRecipient[] {
  return recipients.map((recipient) => (recipient.userId !== undefined ? { userId: recipient.userId } : { role: recipient.role ?? '' }));
}

/** HTTP only: which alerts go to which targets, and when. Administrators manage; planners may read. */
@ApiTags('alert-rules')
@Controller('alert-rules')
@Roles('admin')
export class AlertRulesController {
  constructor(@Inject(ManageAlertRules) private readonly rules: ManageAlertRules) {}

  @Get()
  @Roles('admin', 'planner')
  @ApiOperation({ summary: 'List routing rules, oldest first' })
  @ApiOkResponse({ type: AlertRulePageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListAlertRulesQueryDto): Promise<AlertRulePageDto> {
    return mapPage(await this.rules.list(principal, query), toAlertRuleDto);
  }

  @Get(':id')
  @Roles('admin', 'planner')
  @ApiOperation({ summary: 'Get a routing rule' })
  @ApiOkResponse({ type: AlertRuleDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<AlertRuleDto> {
    const rule = await this.rules.get(principal, id);
    setEtag(response, rule.version);
    return toAlertRuleDto(rule);
  }

  @Post()
  @ApiOperation({ summary: 'Add a routing rule: alert types and a minimum severity to targets, with quiet hours, digest and escalation' })
  @ApiCreatedResponse({ type: AlertRuleDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(400)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateAlertRuleDto, @Res({ passthrough: true }) response: Response): Promise<AlertRuleDto> {
    const rule = await this.rules.create(principal, {
      name: body.name,
      alertTypes: body.alertTypes ?? [],
      minSeverity: body.minSeverity,
      targets: (body.targets ?? []).map(({ channel, targetId }) => ({ channel, targetId })),
      recipients: toRecipients(body.recipients ?? []),
      locationId: body.locationId ?? null,
      quietHours: body.quietHours ?? null,
      digest: body.digest ?? false,
      escalation: body.escalation ?? null,
      enabled: body.enabled ?? true,
    });
    setEtag(response, rule.version);
    return toAlertRuleDto(rule);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a routing rule (absent fields keep their value; null clears quiet hours or escalation)' })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiProblemResponses(400, 404, 412)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateAlertRuleDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AlertRuleDto> {
    const { targets, recipients, quietHours, escalation, ...rest } = body;
    const rule = await this.rules.update(
      principal,
      id,
      {
        ...rest,
        targets: targets?.map(({ channel, targetId }) => ({ channel, targetId })),
        recipients: recipients && toRecipients(recipients),
        quietHours: quietHours === undefined ? undefined : quietHours && { ...quietHours },
        escalation: escalation === undefined ? undefined : escalation && { ...escalation },
      },
      ifMatch,
    );
    setEtag(response, rule.version);
    return toAlertRuleDto(rule);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a routing rule' })
  @ApiNoContentResponse({ description: 'Deleted; deliveries already planned still go out' })
  @ApiProblemResponses(404, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.rules.remove(principal, id, ifMatch);
  }
}
