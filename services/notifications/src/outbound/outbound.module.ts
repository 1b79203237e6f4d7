import { Module } from '@nestjs/common';
import { OutboundAllowListController } from './outbound-allow-list.controller';
import { TenantOutbound } from './tenant-outbound';

/** The tenant's outbound allow-list: its API, and the per-tenant guarded dispatchers senders use. */
@Module({
  controllers: [OutboundAllowListController],
  providers: [TenantOutbound],
  exports: [TenantOutbound],
})
export class OutboundModule {}
