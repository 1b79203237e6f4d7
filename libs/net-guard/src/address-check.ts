import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Network = [Address, number];

/** The only IPv6 block that holds global unicast addresses (RFC 4291); everything else is special. */
const GLOBAL_UNICAST_V6: Network = [ipaddr.IPv6.parse('2000::'), 3];

/**
 * Never reachable, allow-list or not: "this host" (0.0.0.0 and :: reach the local machine),
 * broadcast, multicast, and the cloud metadata endpoints (credentials of the machine itself).
 */
const NEVER: Network[] = [
  ipaddr.parseCIDR('0.0.0.0/8'),
  ipaddr.parseCIDR('255.255.255.255/32'),
  ipaddr.parseCIDR('224.0.0.0/4'),
  ipaddr.parseCIDR('169.254.169.254/32'),
  ipaddr.parseCIDR('100.100.100.200/32'),
  ipaddr.parseCIDR('::/128'),
  ipaddr.parseCIDR('ff00::/8'),
  ipaddr.parseCIDR('fd00:ec2::254/128'),
];

/** An IP literal, with IPv4-mapped IPv6 (`::ffff:127.0.0.1`) read as the IPv4 address it is. */
export function parseAddress(text: string): Address | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return undefined;
  // Only canonical forms: ipaddr.js would also read "0x7f.1" or "127.1", which a URL parser has
  // already turned into dotted quads, so anything else is not an address but a host name.
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare)) return undefined;
  return ipaddr.process(bare);
}

function within(address: Address, [network, prefix]: Network): boolean {
  return address.kind() === network.kind() && address.match(network, prefix);
}

/**
 * Public internet only: IPv4 whose range ipaddr.js calls `unicast` (not loopback, RFC 1918,
 * CGNAT, link-local, reserved, documentation, benchmarking...), IPv6 inside 2000::/3 and not one
 * of its special blocks (NAT64, 6to4, Teredo embed IPv4 addresses that could be anything).
 */
export function isPublicAddress(address: Address): boolean {
  if (address.range() !== 'unicast') return false;
  return address.kind() === 'ipv4' || within(address, GLOBAL_UNICAST_V6);
}

export function isNeverAllowed(address: Address): boolean {
  return NEVER.some((network) => within(address, network));
}

/** A compiled allow-list: host names, and networks (an address is a /32 or /128 network). */
export interface AllowList {
  hosts: ReadonlySet<string>;
  networks: readonly Network[];
}

export function normaliseHost(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

export function compileAllowList(entries: readonly string[] = []): AllowList {
  const hosts = new Set<string>();
  const networks: Network[] = [];
  for (const entry of entries) {
    const trimmed = entry.trim();
    if (trimmed.includes('/')) {
      networks.push(ipaddr.parseCIDR(trimmed));
      continue;
    }
    const address = parseAddress(trimmed);
    if (address) networks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    else hosts.add(normaliseHost(trimmed));
  }
  return { hosts, networks };
}

export function inAllowedNetwork(address: Address, allowList: AllowList): boolean {
  return allowList.networks.some((network) => within(address, network));
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/**
 * Why an allow-list entry would not mean what an administrator expects, or null when it is a host
 * name, an IP address or a CIDR range. A URL, a port or a malformed range would otherwise match
 * nothing (or throw when compiled), so an API refuses it when it is saved.
 */
export function allowListEntryProblem(entry: string): string | null {
  const trimmed = entry.trim();
  if (trimmed.includes('://')) return `${trimmed} is a URL: give its host name only`;
  if (trimmed.includes('/')) {
    return ipaddr.isValidCIDR(trimmed) ? null : `${trimmed} is not a CIDR range (e.g. 10.20.0.0/16)`;
  }
  const address = parseAddress(trimmed);
  if (address) return isNeverAllowed(address) ? `${trimmed} is never reachable (this host, broadcast, multicast or cloud metadata)` : null;
  return HOST_NAME.test(trimmed) ? null : `${trimmed} is not a host name, IP address or CIDR range (no scheme, port or path)`;
}
