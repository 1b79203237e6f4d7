import { Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, mapPage, Roles, type Principal } from '@mate/service-kit';
import type { Alert } from './alert.entity';
import type { AlertAction } from './alert-status-transitions';
import { AlertDto, AlertPageDto, ListAlertsQueryDto } from './dtos/alert.dtos';
import { ChangeAlertStatus } from './use-cases/change-alert-status';
import { ListAlerts } from './use-cases/list-alerts';
import { StreamAlerts } from './use-cases/stream-alerts';

function toAlertDto(alert: Alert): AlertDto {
  return {
    id: alert.id,
    type: alert.type,
    severity: alert.severity,
    status: alert.status,
    title: alert.title,
    summary: alert.summary,
    subject: { kind: alert.subjectKind, id: alert.subjectId, name: alert.subjectName },
    dedupeKey: alert.dedupeKey,
    recipientUserId: alert.recipientUserId,
    occurrenceCount: alert.occurrenceCount,
    firstSeenAt: alert.firstSeenAt.toISOString(),
    lastSeenAt: alert.lastSeenAt.toISOString(),
    eventIds: alert.eventIds,
    escalationLevel: alert.escalationLevel,
    acknowledgedBy: alert.acknowledgedBy,
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    resolvedBy: alert.resolvedBy,
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    version: alert.version,
  };
}

/** HTTP only: the in-app inbox. Any role may read and act on its tenant's alerts and its own personal ones. */
@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(
    @Inject(ListAlerts) private readonly listAlerts: ListAlerts,
    @Inject(ChangeAlertStatus) private readonly changeStatus: ChangeAlertStatus,
    @Inject(StreamAlerts) private readonly streamAlerts: StreamAlerts,
  ) {}

  /** Server-sent events: one `alert` event per change, its id the stream position. */
  @Sse('stream')
  @ApiOperation({ summary: 'Live stream of alert changes (server-sent events, resumable with Last-Event-ID)' })
  stream(@CurrentPrincipal() principal: Principal, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    return this.streamAlerts.execute(principal, lastEventId).pipe(map(({ position, alert }) => ({ id: position, type: 'alert', data: toAlertDto(alert) })));
  }

  @Get()
  @ApiOperation({ summary: 'List alerts, most recently seen first' })
  @ApiOkResponse({ type: AlertPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListAlertsQueryDto): Promise<AlertPageDto> {
    const { limit, cursor, status, severity, ...filters } = query;
    const page = await this.listAlerts.execute(
      principal,
      { ...filters, status: status ? [status] : undefined, severity: severity ? [severity] : undefined },
      { limit, cursor },
    );
    return mapPage(page, toAlertDto);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('admin', 'planner', 'technician')
  @ApiOperation({ summary: 'Acknowledge an alert (stops its escalation)' })
  @ApiOkResponse({ type: AlertDto })
  @ApiProblemResponses(404, 409)
  acknowledge(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<AlertDto> {
    return this.act(principal, id, 'acknowledge');
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('admin', 'planner', 'technician')
  @ApiOperation({ summary: 'Resolve an alert (announced to its targets)' })
  @ApiOkResponse({ type: AlertDto })
  @ApiProblemResponses(404)
  resolve(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<AlertDto> {
    return this.act(principal, id, 'resolve');
  }

  @Post(':id/mute')
  @HttpCode(200)
  @Roles('admin', 'planner')
  @ApiOperation({ summary: 'Mute an alert: no further notifications, the count still rises' })
  @ApiOkResponse({ type: AlertDto })
  @ApiProblemResponses(404, 409)
  mute(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<AlertDto> {
    return this.act(principal, id, 'mute');
  }

  private async act(principal: Principal, id: string, action: AlertAction): Promise<AlertDto> {
    return toAlertDto(await this.changeStatus.execute(principal, id, action));
  }
}
