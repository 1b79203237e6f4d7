import { Body, Controller, Get, Inject, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, IfMatch, Roles, setEtag, TenantTransactions, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { Response } from 'express';
import { OutboundAllowListDto, ReplaceOutboundAllowListDto } from './dtos/outbound-allow-list.dtos';
import { TenantOutbound } from './tenant-outbound';

/** HTTP only: the tenant's outbound allow-list for webhook and chat URLs. Administrators manage it. */
@ApiTags('outbound-allow-list')
@Controller('outbound-allow-list')
@Roles('admin')
export class OutboundAllowListController {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(TenantOutbound) private readonly outbound: TenantOutbound,
  ) {}

  @Get()
  @ApiOperation({ summary: "What the tenant's webhook and chat deliveries may reach beyond the public internet (SSRF guard)" })
  @ApiOkResponse({ type: OutboundAllowListDto })
  async get(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<OutboundAllowListDto> {
    const list = await this.transactions.run(principal, (manager) => this.outbound.ownList(manager, principal.tenantId));
    setEtag(response, list.version);
    return { entries: list.entries, version: list.version, updatedAt: list.updatedAt?.toISOString() ?? null };
  }

  @Put()
  @ApiOperation({ summary: 'Replace the allow-list: host names, IP addresses or CIDR ranges (e.g. a receiver on the site LAN)' })
  @ApiOkResponse({ type: OutboundAllowListDto })
  @ApiProblemResponses(400, 412)
  async replace(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ReplaceOutboundAllowListDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OutboundAllowListDto> {
    const entries = [...new Set(body.entries.map((entry) => entry.trim()))];
    const saved = await this.transactions.run(principal, async (manager) => {
      const current = await this.outbound.ownList(manager, principal.tenantId);
      ifMatch.assertMatches(current.version);
      await this.outbound.replace(manager, principal.tenantId, entries, principal.subject, current.version + 1);
      return { entries, version: current.version + 1, updatedAt: new Date().toISOString() };
    });
    setEtag(response, saved.version);
    return saved;
  }
}
