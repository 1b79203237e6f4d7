import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mate/service-kit';
import { describeConnectors, type ConnectorAdapters, type ConnectorDescription } from '../adapters';
import { CONNECTOR_ADAPTERS } from '../upstream/upstream.tokens';

/** The supported systems, with their auth kinds and the credential fields each needs (what a console draws the connect form from). */
@ApiTags('connectors')
@Controller('connectors')
export class ConnectorsController {
  constructor(@Inject(CONNECTOR_ADAPTERS) private readonly adapters: ConnectorAdapters) {}

  @Get()
  @Roles('admin', 'planner', 'viewer')
  @ApiOperation({ summary: 'Supported systems, auth kinds, credential fields and settings' })
  @ApiOkResponse({ description: 'One entry per system' })
  list(): ConnectorDescription[] {
    return describeConnectors(this.adapters);
  }
}
