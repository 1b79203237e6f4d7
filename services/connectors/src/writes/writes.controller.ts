import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, ProblemException, Roles, type Principal } from '@mate/service-kit';
import type { Response } from 'express';
import { ConnectionAccess } from '../access/connection-access';
import { SYSTEM_KINDS, type SystemKind } from '../adapters';
import { WRITE_OPERATIONS, type WriteOperation } from './capabilities/capability.types';
import type { WriteProblem } from './capabilities/write-rules';
import { parseEntity, parseIdempotencyKey, parseWriteBody } from './dtos/write-body';
import { CheckWrite, type WriteInput } from './use-cases/check-write';
import { ExecuteWrite, type WriteAnswer } from './use-cases/execute-write';
import { ReadCapabilities, type CapabilitiesView } from './use-cases/read-capabilities';
import { IDEMPOTENCY_HEADER } from './write.problems';

const READERS = ['admin', 'planner', 'technician', 'viewer', 'integration'] as const;
const WRITERS = ['admin', 'planner', 'integration'] as const;

/** Writes of unified records to the connected system, their dry run, and the connection's capabilities. */
@ApiTags('writes')
@Controller('connections/:id')
export class WritesController {
  constructor(
    @Inject(ExecuteWrite) private readonly write: ExecuteWrite,
    @Inject(CheckWrite) private readonly check: CheckWrite,
    @Inject(ReadCapabilities) private readonly capabilities: ReadCapabilities,
  ) {}

  @Get('capabilities')
  @ConnectionAccess(...READERS)
  @ApiOperation({ summary: "What this connection can write: the system's matrix, narrowed by what the connected account was refused" })
  @ApiOkResponse({ description: 'Per entity: operations (with permitted: false where the account was refused), fields, locks' })
  @ApiProblemResponses(404)
  ofConnection(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CapabilitiesView> {
    return this.capabilities.ofConnection(principal, id);
  }

  @Post('records/:entity/validate')
  @HttpCode(200)
  @ConnectionAccess(...WRITERS)
  @ApiOperation({ summary: 'Dry run of a write: every problem it would meet; nothing is written upstream (an update or delete reads the record)' })
  @ApiOkResponse({ description: '{valid, problems: [{field, code, message, state?}]}' })
  @ApiProblemResponses(400, 404)
  async validate(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('entity') entity: string,
    @Query('operation') operation: string | undefined,
    @Query('remote_id') remoteId: string | undefined,
    @Body() body: unknown,
  ): Promise<{ valid: boolean; problems: WriteProblem[] }> {
    const chosen = (operation ?? 'create') as WriteOperation;
    if (!WRITE_OPERATIONS.includes(chosen)) throw ProblemException.validation([{ field: 'operation', message: `one of ${WRITE_OPERATIONS.join(', ')}` }]);
    if (chosen !== 'create' && !remoteId) throw ProblemException.validation([{ field: 'remote_id', message: `required to validate an ${chosen}` }]);
    const { problems } = await this.check.execute(principal, { connectionId: id, entity: parseEntity(entity), operation: chosen, remoteId, ...(chosen === 'delete' ? { fields: {}, customFields: {} } : parseWriteBody(body)) });
    return { valid: problems.length === 0, problems };
  }

  @Post('records/:entity')
  @ConnectionAccess(...WRITERS)
  @ApiOperation({ summary: 'Create a record in the connected system (Idempotency-Key required)' })
  @ApiHeader({ name: IDEMPOTENCY_HEADER, required: true })
  @ApiOkResponse({ description: 'Created (201), or the first answer replayed' })
  @ApiProblemResponses(400, 403, 404, 409, 422, 429)
  create(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('entity') entity: string, @Headers() headers: Record<string, string | undefined>, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return this.run(principal, { connectionId: id, entity: parseEntity(entity), operation: 'create', ...parseWriteBody(body) }, headers, res);
  }

  @Patch('records/:entity/:remoteId')
  @ConnectionAccess(...WRITERS)
  @ApiOperation({ summary: "Update a record (Idempotency-Key required; If-Match: the record's remote version, optional)" })
  @ApiOkResponse({ description: 'Updated, or the first answer replayed (Idempotent-Replayed: true)' })
  @ApiHeader({ name: IDEMPOTENCY_HEADER, required: true })
  @ApiProblemResponses(400, 403, 404, 409, 412, 422, 429)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('entity') entity: string,
    @Param('remoteId') remoteId: string,
    @Headers() headers: Record<string, string | undefined>,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(principal, { connectionId: id, entity: parseEntity(entity), operation: 'update', remoteId, ifMatch: headers['if-match'], ...parseWriteBody(body) }, headers, res);
  }

  @Delete('records/:entity/:remoteId')
  @ConnectionAccess(...WRITERS)
  @ApiOperation({ summary: "Delete a record: the system's delete, soft delete or cancel status (Idempotency-Key required)" })
  @ApiOkResponse({ description: 'Deleted as the system deletes (delete_mode: hard, soft or cancel_status)' })
  @ApiHeader({ name: IDEMPOTENCY_HEADER, required: true })
  @ApiProblemResponses(400, 403, 404, 409, 412, 422, 429)
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('entity') entity: string,
    @Param('remoteId') remoteId: string,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(principal, { connectionId: id, entity: parseEntity(entity), operation: 'delete', remoteId, ifMatch: headers['if-match'], fields: {}, customFields: {} }, headers, res);
  }

  private async run(principal: Principal, input: WriteInput, headers: Record<string, string | undefined>, res: Response): Promise<WriteAnswer['body']> {
    const key = parseIdempotencyKey(headers['idempotency-key']);
    const answer = await this.write.execute(principal, input, key);
    res.status(answer.status);
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return answer.body;
  }
}

/** The capability matrix of a system, for a console before any connection exists. */
@ApiTags('connectors')
@Controller('connectors')
export class ConnectorCapabilitiesController {
  constructor(@Inject(ReadCapabilities) private readonly capabilities: ReadCapabilities) {}

  @Get(':system/capabilities')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Per entity: create, update, delete (and how), writable fields, state locks, custom fields' })
  @ApiOkResponse({ description: 'The capability matrix of the system' })
  @ApiProblemResponses(404)
  ofSystem(@Param('system') system: string): CapabilitiesView {
    if (!(SYSTEM_KINDS as readonly string[]).includes(system)) throw ProblemException.notFound(`no connector for ${system}`);
    return this.capabilities.ofSystem(system as SystemKind);
  }
}
