import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, Roles, TenantTransactions, type Principal } from '@mate/service-kit';
import { IsAllowListEntry } from '@mate/net-guard';
import { ArrayMaxSize, IsArray, IsString, Length, Validate } from 'class-validator';
import { OutboundPolicies } from '../outbound';
import { describeConnectors, type ConnectorAdapters, type ConnectorDescription } from '../adapters';
import { CONNECTOR_ADAPTERS } from '../upstream/upstream.tokens';

/** The tenant's outbound allow-list: host names, IP addresses or CIDR ranges (no scheme, port or path). */
export class AllowListDto {
  @ApiProperty({ type: [String], example: ['maximo.plant.local', '10.20.0.0/16'], maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  @Validate(IsAllowListEntry, { each: true })
  entries!: string[];
}

/** The supported systems, with their auth kinds and the credential fields each needs (what a console draws the connect form from). */
@ApiTags('connectors')
@Controller('connectors')
export class ConnectorsController {
  constructor(
    @Inject(CONNECTOR_ADAPTERS) private readonly adapters: ConnectorAdapters,
    @Inject(OutboundPolicies) private readonly outbound: OutboundPolicies,
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
  ) {}

  @Get()
  @Roles('admin', 'planner', 'viewer')
  @ApiOperation({ summary: 'Supported systems, auth kinds, credential fields and settings' })
  @ApiOkResponse({ description: 'One entry per system' })
  list(): ConnectorDescription[] {
    return describeConnectors(this.adapters);
  }

  @Get('allow-list')
  @Roles('admin')
  @ApiOperation({ summary: "What the tenant's connections may reach beyond the public internet (SSRF guard)" })
  @ApiOkResponse({ type: () => AllowListDto })
  async allowList(@CurrentPrincipal() principal: Principal): Promise<AllowListDto> {
    return { entries: await this.transactions.run(principal, (manager) => this.outbound.allowList(manager, principal.tenantId)) };
  }

  @Put('allow-list')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the allow-list: host names, IP addresses or CIDR ranges (e.g. a Maximo on the plant LAN)' })
  @ApiOkResponse({ type: () => AllowListDto })
  @ApiProblemResponses(400, 403)
  async replaceAllowList(@CurrentPrincipal() principal: Principal, @Body() body: AllowListDto): Promise<AllowListDto> {
    return { entries: await this.transactions.run(principal, (manager) => this.outbound.replaceAllowList(manager, principal.tenantId, body.entries, principal.subject)) };
  }
}
