import { Agent, buildConnector } from 'undici';
import { compileAllowList } from './address-check';
import { resolveAllowedAddresses } from './assert-safe-url';
import type { OutboundPolicy } from './outbound-policy';
import { OutboundRequestRefusedError } from './outbound-refused.error';

export interface GuardedDispatcherOptions {
  /** TCP (and TLS) connect timeout, default 10 s. */
  connectTimeoutMs?: number;
  /** Waiting for the response headers, and between body chunks; default 30 s each. */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Connections per origin (undici's default: unlimited). */
  connections?: number;
}

/**
 * An undici dispatcher that checks every connection it opens: the host is resolved and every
 * address checked against the policy right before connecting, and the socket goes to the address
 * that was checked (a name resolving to a public address for the check and to 10.0.0.1 a moment
 * later cannot slip through: no second lookup happens). TLS still verifies the certificate
 * against the host name. Refusals reach the caller as OutboundRequestRefusedError (undici's
 * fetch wraps it as the `cause` of its TypeError; guardedFetch unwraps it).
 */
export function createGuardedDispatcher(policy: OutboundPolicy, options: GuardedDispatcherOptions = {}): Agent {
  const allowList = compileAllowList(policy.allowList);
  const connect = buildConnector({ timeout: options.connectTimeoutMs ?? 10_000 });
  return new Agent({
    headersTimeout: options.headersTimeoutMs ?? 30_000,
    bodyTimeout: options.bodyTimeoutMs ?? 30_000,
    connections: options.connections ?? null,
    connect: (connectOptions, callback) => {
      resolveAllowedAddresses(connectOptions.hostname, policy, allowList).then(
        ([checked]) => connect({ ...connectOptions, hostname: checked.address }, callback),
        (error: unknown) => callback(error instanceof OutboundRequestRefusedError ? error : new Error(String(error)), null),
      );
    },
  });
}
