import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, type Principal } from '@mate/service-kit';
import { ConnectionAccess } from '../access/connection-access';
import type { JsonObject } from '../adapters/upstream-reply';
import { RecordQueryDto, RecordsQueryDto, UnifiedRecordPageDto } from './dtos/sync.dtos';
import { customObjectEntity, type SyncedEntity } from './sync.types';
import { ReadSyncs } from './use-cases/read-syncs';

const READERS = ['admin', 'planner', 'viewer', 'integration'] as const;

/** HTTP only: the unified records of the sync store. Reads never go upstream. */
@ApiTags('records')
@Controller('connections/:id')
export class RecordsController {
  constructor(@Inject(ReadSyncs) private readonly read: ReadSyncs) {}

  @Get('records/:entity')
  @ConnectionAccess(...READERS)
  @ApiOperation({ summary: 'Synced records of a unified entity, in the order the store changed them (keyset pages)' })
  @ApiOkResponse({ type: UnifiedRecordPageDto })
  @ApiProblemResponses(404, 422)
  records(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('entity') entity: string, @Query() query: RecordsQueryDto): Promise<UnifiedRecordPageDto> {
    return this.page(principal, id, entity as SyncedEntity, 'entity', query);
  }

  @Get('records/:entity/:remoteId')
  @ConnectionAccess(...READERS)
  @ApiOperation({ summary: 'One synced record by its id in the system' })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  @ApiProblemResponses(404, 422)
  record(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('entity') entity: string,
    @Param('remoteId') remoteId: string,
    @Query() query: RecordQueryDto,
  ): Promise<JsonObject> {
    return this.read.record(principal.tenantId, id, entity as SyncedEntity, remoteId, query.include_remote_data ?? false);
  }

  @Get('custom-objects/:name')
  @ConnectionAccess(...READERS)
  @ApiOperation({ summary: 'Synced records of a custom object (a custom table or entity named in the connection settings)' })
  @ApiOkResponse({ type: UnifiedRecordPageDto })
  @ApiProblemResponses(404, 422)
  customObjects(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('name') name: string, @Query() query: RecordsQueryDto): Promise<UnifiedRecordPageDto> {
    return this.page(principal, id, customObjectEntity(name), 'name', query);
  }

  private page(principal: Principal, id: string, entity: SyncedEntity, field: string, query: RecordsQueryDto): Promise<UnifiedRecordPageDto> {
    return this.read.records(principal.tenantId, id, entity, field, {
      pageSize: query.page_size,
      cursor: query.cursor,
      includeRemoteData: query.include_remote_data ?? false,
      modifiedAfter: query.modified_after ? new Date(query.modified_after) : undefined,
    });
  }
}
