import { Body, Controller, Get, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ProblemException, Public } from '@mate/service-kit';
import { ConnectionApiTokens } from '../access/connection-api-tokens';
import { bearerToken } from '../access/secret-token';
import { toConnectionDto } from '../connections/connection.mapper';
import { ConnectDto, ConnectedConnectionDto, ConnectionDto } from '../connections/dtos/connection.dtos';
import { CompleteConnect } from './complete-connect';

/**
 * What is reached without a tenant login: the connect endpoint (the connect session is the
 * authority) and the check of a connection API token (the token is).
 */
@ApiTags('connect')
@Controller()
export class ConnectController {
  constructor(
    @Inject(CompleteConnect) private readonly completeConnect: CompleteConnect,
    @Inject(ConnectionApiTokens) private readonly tokens: ConnectionApiTokens,
  ) {}

  @Post('connect')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit credentials with a connect session: verified upstream, then the connection is created, or restored, with a new API token' })
  @ApiOkResponse({ type: ConnectedConnectionDto })
  @ApiProblemResponses(400, 422, 503)
  async connect(@Body() body: ConnectDto): Promise<ConnectedConnectionDto> {
    const { connection, apiToken, created } = await this.completeConnect.execute(body.session, body.credentials);
    return { connection: toConnectionDto(connection), apiToken, created };
  }

  @Get('connection-token')
  @Public()
  @ApiOperation({ summary: 'The connection a connection API token (Authorization: Bearer mcn_…) stands for; 401 when revoked or unknown' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiProblemResponses(401)
  async tokenConnection(@Headers('authorization') authorization: string | undefined): Promise<ConnectionDto> {
    const token = bearerToken(authorization, 'mcn_');
    const connection = token && (await this.tokens.connectionFor(token));
    if (!connection) throw ProblemException.unauthorized('unknown or revoked connection API token');
    return toConnectionDto(connection);
  }
}
