import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, Roles, type Principal } from '@mate/service-kit';
import { StartConnectSession } from '../connect/start-connect-session';
import { toConnectionDto, toHealthDto } from './connection.mapper';
import { ConnectionDto, ConnectionHealthDto, ConnectionTestDto, ConnectSessionDto, CreateConnectionDto, IssuedConnectionDto, NewConnectionSessionDto } from './dtos/connection.dtos';
import { AdministerConnection } from './use-cases/administer-connection';
import { CreateConnection } from './use-cases/create-connection';
import { ReadConnections } from './use-cases/read-connections';
import { TestConnection } from './use-cases/test-connection';

const READERS = ['admin', 'planner', 'viewer'] as const;

/** HTTP only: DTO in, use case, DTO out. Administrators manage connections; planners and viewers read them. */
@ApiTags('connections')
@Controller('connections')
export class ConnectionsController {
  constructor(
    @Inject(CreateConnection) private readonly createConnection: CreateConnection,
    @Inject(ReadConnections) private readonly read: ReadConnections,
    @Inject(AdministerConnection) private readonly administer: AdministerConnection,
    @Inject(TestConnection) private readonly testConnection: TestConnection,
    @Inject(StartConnectSession) private readonly startConnectSession: StartConnectSession,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Connect a system: the credentials are verified against it before they are stored' })
  @ApiCreatedResponse({ type: IssuedConnectionDto })
  @ApiProblemResponses(400, 403, 422)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateConnectionDto): Promise<IssuedConnectionDto> {
    const { connection, apiToken } = await this.createConnection.execute(principal, { ...body, settings: body.settings ?? {} });
    return { connection: toConnectionDto(connection), apiToken };
  }

  @Post('connect-sessions')
  @Roles('admin')
  @ApiOperation({ summary: 'A single-use connect session in which the customer submits the credentials of a new connection (checked now: kind, settings, base URL)' })
  @ApiCreatedResponse({ type: ConnectSessionDto })
  @ApiProblemResponses(400, 403, 422)
  async newConnectionSession(@CurrentPrincipal() principal: Principal, @Body() body: NewConnectionSessionDto): Promise<ConnectSessionDto> {
    const session = await this.startConnectSession.forNewConnection(principal, { ...body, settings: body.settings ?? {} });
    return { ...session, expiresAt: session.expiresAt.toISOString() };
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: "The tenant's connections" })
  @ApiOkResponse({ type: [ConnectionDto] })
  async list(@CurrentPrincipal() principal: Principal): Promise<ConnectionDto[]> {
    return (await this.read.list(principal)).map(toConnectionDto);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A connection (never its credentials)' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConnectionDto> {
    return toConnectionDto(await this.read.get(principal, id));
  }

  @Get(':id/health')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Status, last success and failure, recent transitions and failures' })
  @ApiOkResponse({ type: ConnectionHealthDto })
  @ApiProblemResponses(404)
  async health(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConnectionHealthDto> {
    return toHealthDto(await this.read.health(principal, id));
  }

  @Post(':id/test')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Probe the system now; the outcome feeds the health (409 while reauthorization is needed or paused)' })
  @ApiOkResponse({ type: ConnectionTestDto })
  @ApiProblemResponses(404, 409)
  async test(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConnectionTestDto> {
    return this.testConnection.execute(principal, id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Stop every call to the system until resumed' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiProblemResponses(404)
  async pause(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConnectionDto> {
    return toConnectionDto(await this.administer.pause(principal, id));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Resume a paused connection (back to the status it had)' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiProblemResponses(404)
  async resume(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConnectionDto> {
    return toConnectionDto(await this.administer.resume(principal, id));
  }

  @Post(':id/reauthorize')
  @Roles('admin')
  @ApiOperation({ summary: 'A single-use connect session in which new credentials are submitted' })
  @ApiCreatedResponse({ type: ConnectSessionDto })
  @ApiProblemResponses(404)
  async reauthorize(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConnectSessionDto> {
    const session = await this.startConnectSession.forConnection(principal, id);
    return { ...session, expiresAt: session.expiresAt.toISOString() };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Delete the connection: credentials wiped, API token revoked' })
  @ApiNoContentResponse()
  @ApiProblemResponses(404)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.administer.delete(principal, id);
  }
}
