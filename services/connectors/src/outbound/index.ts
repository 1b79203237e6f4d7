export { OutboundAllowList } from './outbound-allow-list.entity';
export { OutboundPolicies, refusedBaseUrl } from './outbound-policies';
