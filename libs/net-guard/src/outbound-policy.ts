import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (tests inject one; nothing is looked up then). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Where a tenant's outbound requests may go. */
export interface OutboundPolicy {
  /**
   * What the tenant's admin allowed beyond the public internet: host names (exact, any port), IP
   * addresses and CIDR ranges (`10.20.0.0/16`). Self-hosted sites legitimately reach systems on
   * their LAN, so this is per tenant, never a global off switch.
   */
  allowList?: readonly string[];
  resolve?: HostResolver;
  /** Redirects followed, each hop checked like the first URL (default 0: a 3xx is returned as is). */
  maxRedirects?: number;
}

/** The operating system's resolver (getaddrinfo), every address in its own order. */
export const systemResolver: HostResolver = async (hostname) => {
  const addresses = await lookup(hostname, { all: true, verbatim: true });
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};
