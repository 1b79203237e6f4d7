import {
  compileAllowList,
  inAllowedNetwork,
  isNeverAllowed,
  isPublicAddress,
  normaliseHost,
  parseAddress,
  type AllowList,
} from './address-check';
import { systemResolver, type OutboundPolicy, type ResolvedAddress } from './outbound-policy';
import { OutboundRefusalCode, OutboundRequestRefusedError } from './outbound-refused.error';

const PROTOCOLS = new Set(['http:', 'https:']);

/** A URL that passed the guard, with the addresses its host resolved to, every one of them checked. */
export interface CheckedUrl {
  url: URL;
  addresses: ResolvedAddress[];
}

/** The URL's form: http or https, no user name or password in it. Resolves nothing. */
export function parseOutboundUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new OutboundRequestRefusedError(OutboundRefusalCode.INVALID_URL, 'not an absolute URL');
  }
  if (!PROTOCOLS.has(url.protocol)) {
    const message = `only http and https are allowed, not ${url.protocol}`;
    throw new OutboundRequestRefusedError(OutboundRefusalCode.UNSUPPORTED_PROTOCOL, message, url.hostname);
  }
  if (url.username || url.password) {
    const message = 'credentials must not be part of the URL';
    throw new OutboundRequestRefusedError(OutboundRefusalCode.CREDENTIALS_IN_URL, message, url.hostname);
  }
  return url;
}

/**
 * The addresses `hostname` may be connected to under `policy`: an IP literal as it is, a name
 * resolved, and every address checked (one forbidden address refuses the host: which one a
 * connection would use is not ours to choose). Public addresses pass; others only when the host
 * or the address is on the tenant's allow-list; "this host", broadcast, multicast and metadata
 * endpoints never.
 */
export async function resolveAllowedAddresses(
  hostname: string,
  policy: OutboundPolicy,
  allowList = compileAllowList(policy.allowList),
): Promise<ResolvedAddress[]> {
  const host = normaliseHost(hostname.startsWith('[') ? hostname.slice(1, -1) : hostname);
  const literal = parseAddress(host);
  const addresses = literal
    ? [{ address: literal.toString(), family: literal.kind() === 'ipv4' ? 4 : 6 } as const]
    : await resolveName(host, policy);
  for (const { address } of addresses) assertAllowedAddress(host, address, allowList);
  return addresses;
}

async function resolveName(host: string, policy: OutboundPolicy): Promise<ResolvedAddress[]> {
  const addresses = await (policy.resolve ?? systemResolver)(host).catch(() => []);
  if (addresses.length === 0) {
    throw new OutboundRequestRefusedError(OutboundRefusalCode.UNRESOLVABLE_HOST, `${host} does not resolve`, host);
  }
  return addresses;
}

function assertAllowedAddress(host: string, text: string, allowList: AllowList): void {
  const address = parseAddress(text);
  const allowed =
    address !== undefined &&
    !isNeverAllowed(address) &&
    (isPublicAddress(address) || allowList.hosts.has(host) || inAllowedNetwork(address, allowList));
  if (!allowed) {
    throw new OutboundRequestRefusedError(
      OutboundRefusalCode.FORBIDDEN_ADDRESS,
      `${host} resolves to ${text}, which is not a public address and not on the allow-list`,
      host,
      text,
    );
  }
}

/** Checks a URL completely (form, then every address its host resolves to) before it is saved or called. */
export async function assertSafeUrl(input: string | URL, policy: OutboundPolicy): Promise<CheckedUrl> {
  const url = parseOutboundUrl(input);
  return { url, addresses: await resolveAllowedAddresses(url.hostname, policy) };
}
