export { allowListEntryProblem } from './address-check';
export { IsAllowListEntry } from './allow-list-entry.constraint';
export { assertSafeUrl, parseOutboundUrl, resolveAllowedAddresses, type CheckedUrl } from './assert-safe-url';
export { createGuardedDispatcher, type GuardedDispatcherOptions } from './guarded-dispatcher';
export { guardedFetch } from './guarded-fetch';
export { systemResolver, type HostResolver, type OutboundPolicy, type ResolvedAddress } from './outbound-policy';
export { OutboundRefusalCode, OutboundRequestRefusedError } from './outbound-refused.error';
export { TenantDispatchers, type TenantDispatchersOptions } from './tenant-dispatchers';
