import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CursorPageQuery, CurrentPrincipal, Roles, type Principal } from '@mate/service-kit';
import { ConnectionAccess } from '../access/connection-access';
import { RequestSyncDto, SyncRunDto, SyncRunPageDto, SyncScheduleDto, SyncScheduleViewDto } from './dtos/sync.dtos';
import { toSyncRunDto } from './sync.mapper';
import type { SyncedEntity } from './sync.types';
import { ReadSyncs } from './use-cases/read-syncs';
import { RequestSync } from './use-cases/request-sync';
import { SyncSchedules } from './use-cases/sync-schedules';

const READERS = ['admin', 'planner', 'viewer', 'integration'] as const;

/** HTTP only: sync runs on demand, the sync log with progress, and schedules per connection × entity. */
@ApiTags('syncs')
@Controller('connections/:id')
export class SyncsController {
  constructor(
    @Inject(RequestSync) private readonly requestSync: RequestSync,
    @Inject(ReadSyncs) private readonly read: ReadSyncs,
    @Inject(SyncSchedules) private readonly schedules: SyncSchedules,
  ) {}

  @Post('syncs')
  @HttpCode(202)
  @ConnectionAccess('admin', 'integration')
  @ApiOperation({ summary: 'Start a sync of one entity (or custom object) now; a run stopped on an auth failure resumes from its checkpoint' })
  @ApiAcceptedResponse({ type: SyncRunDto })
  @ApiProblemResponses(404, 409, 422)
  async start(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: RequestSyncDto): Promise<SyncRunDto> {
    const run = await this.requestSync.execute(principal.tenantId, { connectionId: id, entity: body.entity as SyncedEntity, mode: body.mode, trigger: 'manual', requestedBy: principal.subject });
    return toSyncRunDto(run);
  }

  @Get('syncs')
  @ConnectionAccess(...READERS)
  @ApiOperation({ summary: 'The sync log of a connection, newest first' })
  @ApiOkResponse({ type: SyncRunPageDto })
  @ApiProblemResponses(404)
  async list(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: CursorPageQuery): Promise<SyncRunPageDto> {
    const page = await this.read.runs(principal.tenantId, id, query);
    return { items: page.items.map((run) => toSyncRunDto(run)), nextCursor: page.nextCursor };
  }

  @Get('syncs/:runId')
  @ConnectionAccess(...READERS)
  @ApiOperation({ summary: 'One sync run: status and progress (pages and records done, estimate remaining)' })
  @ApiOkResponse({ type: SyncRunDto })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('runId', ParseUUIDPipe) runId: string): Promise<SyncRunDto> {
    return toSyncRunDto(await this.read.run(principal.tenantId, id, runId));
  }

  @Get('sync-schedules')
  @ConnectionAccess(...READERS)
  @ApiOperation({ summary: 'The sync schedules of a connection' })
  @ApiOkResponse({ type: [SyncScheduleViewDto] })
  @ApiProblemResponses(404)
  listSchedules(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<SyncScheduleViewDto[]> {
    return this.schedules.list(principal.tenantId, id);
  }

  @Put('sync-schedules/:entity')
  @Roles('admin')
  @ApiOperation({ summary: 'Sync an entity (or `custom:<name>`) every intervalSeconds' })
  @ApiOkResponse({ type: SyncScheduleViewDto })
  @ApiProblemResponses(404, 422)
  putSchedule(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('entity') entity: string, @Body() body: SyncScheduleDto): Promise<SyncScheduleViewDto> {
    return this.schedules.put(principal, id, entity as SyncedEntity, body);
  }

  @Delete('sync-schedules/:entity')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Stop syncing an entity on a schedule' })
  @ApiNoContentResponse()
  @ApiProblemResponses(404)
  async deleteSchedule(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('entity') entity: string): Promise<void> {
    await this.schedules.remove(principal.tenantId, id, entity as SyncedEntity);
  }
}
