export { OutboundAllowList } from './outbound-allow-list.entity';
export { OutboundModule } from './outbound.module';
export { TenantOutbound } from './tenant-outbound';
