import { Socket } from 'node:net';
import { assertSafeUrl, createGuardedDispatcher, guardedFetch, OutboundRefusalCode, type HostResolver, type OutboundPolicy } from './index';

/** Names of a pretend DNS: what each resolves to. Nothing here ever reaches a real resolver. */
const DNS: Record<string, string[]> = {
  'private-10.example': ['10.1.2.3'],
  'private-172.example': ['172.16.0.1'],
  'private-192.example': ['192.168.1.1'],
  'loopback.example': ['127.0.0.1'],
  'metadata.example': ['169.254.169.254'],
  'link-local.example': ['169.254.10.10'],
  'cgnat.example': ['100.64.0.1'],
  'this-host.example': ['0.0.0.0'],
  'test-net.example': ['192.0.2.10'],
  'multicast.example': ['224.0.0.1'],
  'broadcast.example': ['255.255.255.255'],
  'loopback6.example': ['::1'],
  'unspecified6.example': ['::'],
  'ula.example': ['fd00::1'],
  'link-local6.example': ['fe80::1'],
  'mapped-loopback.example': ['::ffff:127.0.0.1'],
  'mapped-private.example': ['::ffff:10.0.0.1'],
  'mapped-metadata.example': ['::ffff:169.254.169.254'],
  'compatible-loopback.example': ['::127.0.0.1'],
  'nat64.example': ['64:ff9b::a00:1'],
  '6to4.example': ['2002:a00:1::1'],
  'teredo.example': ['2001:0:4136:e378:8000:63bf:3fff:fdd2'],
  'aws-metadata6.example': ['fd00:ec2::254'],
  'mixed.example': ['93.184.216.34', '10.0.0.1'],
  'public.example': ['93.184.216.34'],
  'public6.example': ['2606:4700:4700::1111'],
  'lan-system.plant': ['10.20.0.5'],
};

const lookups: string[] = [];
const resolver: HostResolver = async (hostname) => {
  lookups.push(hostname);
  return (DNS[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const policy = (extra: Partial<OutboundPolicy> = {}): OutboundPolicy => ({ resolve: resolver, ...extra });

/** Any attempt to open a socket fails the test: refusals must come before. */
let connects: unknown[][];
beforeEach(() => {
  lookups.length = 0;
  connects = [];
  jest.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
    connects.push(args);
    throw new Error('a socket tried to connect');
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  expect(connects).toEqual([]);
});

async function refusal(url: string, extra: Partial<OutboundPolicy> = {}): Promise<{ code: string; message: string }> {
  try {
    await assertSafeUrl(url, policy(extra));
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error(`${url} was allowed`);
}

describe('assertSafeUrl', () => {
  it.each([
    ['ftp://files.example/x', OutboundRefusalCode.UNSUPPORTED_PROTOCOL],
    ['file:///etc/passwd', OutboundRefusalCode.UNSUPPORTED_PROTOCOL],
    ['gopher://public.example/', OutboundRefusalCode.UNSUPPORTED_PROTOCOL],
    ['javascript:alert(1)', OutboundRefusalCode.UNSUPPORTED_PROTOCOL],
    ['/relative/path', OutboundRefusalCode.INVALID_URL],
    ['https://user:s3cret@public.example/', OutboundRefusalCode.CREDENTIALS_IN_URL],
    ['https://token@public.example/', OutboundRefusalCode.CREDENTIALS_IN_URL],
  ])('refuses the form of %s before resolving anything', async (url, code) => {
    const error = await refusal(url);
    expect(error.code).toBe(code);
    expect(error.message).not.toContain('s3cret');
    expect(lookups).toEqual([]);
  });

  it.each(Object.keys(DNS).filter((name) => !name.startsWith('public') && name !== 'lan-system.plant'))(
    'refuses %s, whose address is not public',
    async (name) => {
      const error = await refusal(`https://${name}/api`);
      expect(error.code).toBe(OutboundRefusalCode.FORBIDDEN_ADDRESS);
      expect(lookups).toEqual([name]);
    },
  );

  it.each([
    'http://127.0.0.1/',
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f.0.0.1/',
    'http://0177.0.0.1/',
    'http://[::1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd00::1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0:8080/',
    'http://[::]/',
    'http://10.0.0.1/',
    'http://[64:ff9b::7f00:1]/',
  ])('refuses the address literal %s without a lookup', async (url) => {
    expect((await refusal(url)).code).toBe(OutboundRefusalCode.FORBIDDEN_ADDRESS);
    expect(lookups).toEqual([]);
  });

  it('allows public addresses, IPv4 and IPv6, and names every address it checked', async () => {
    expect((await assertSafeUrl('https://public.example/x', policy())).addresses).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect((await assertSafeUrl('https://PUBLIC6.example./x', policy())).addresses).toEqual([{ address: '2606:4700:4700::1111', family: 6 }]);
    expect((await assertSafeUrl('http://8.8.8.8/', policy())).addresses).toEqual([{ address: '8.8.8.8', family: 4 }]);
  });

  it('refuses a host with no address', async () => {
    expect((await refusal('https://nowhere.example/')).code).toBe(OutboundRefusalCode.UNRESOLVABLE_HOST);
    const failing: HostResolver = () => Promise.reject(new Error('ENOTFOUND'));
    await expect(assertSafeUrl('https://public.example/', { resolve: failing })).rejects.toMatchObject({ code: OutboundRefusalCode.UNRESOLVABLE_HOST });
  });

  it("lets the tenant's allow-list open LAN hosts by name, address or range", async () => {
    expect((await refusal('https://lan-system.plant/')).code).toBe(OutboundRefusalCode.FORBIDDEN_ADDRESS);
    await expect(assertSafeUrl('https://lan-system.plant/', policy({ allowList: ['LAN-System.plant'] }))).resolves.toBeDefined();
    await expect(assertSafeUrl('https://lan-system.plant/', policy({ allowList: ['10.20.0.0/16'] }))).resolves.toBeDefined();
    await expect(assertSafeUrl('http://127.0.0.1:9000/', policy({ allowList: ['127.0.0.1'] }))).resolves.toBeDefined();
    await expect(assertSafeUrl('http://[::1]:9000/', policy({ allowList: ['::1'] }))).resolves.toBeDefined();
    // The list opens what it names, nothing beside it.
    expect((await refusal('https://private-10.example/', { allowList: ['10.20.0.0/16', 'lan-system.plant'] })).code).toBe(
      OutboundRefusalCode.FORBIDDEN_ADDRESS,
    );
  });

  it('never allows "this host", multicast or metadata endpoints, allow-listed or not', async () => {
    for (const name of ['metadata.example', 'this-host.example', 'multicast.example', 'mapped-metadata.example', 'aws-metadata6.example']) {
      expect((await refusal(`http://${name}/`, { allowList: [name, '0.0.0.0/0', '::/0'] })).code).toBe(OutboundRefusalCode.FORBIDDEN_ADDRESS);
    }
  });
});

describe('guarded dispatcher and fetch', () => {
  it('refuses an address literal before any socket opens', async () => {
    const dispatcher = createGuardedDispatcher(policy());
    try {
      await expect(guardedFetch('http://10.0.0.1/admin', {}, { policy: policy(), dispatcher })).rejects.toMatchObject({
        code: OutboundRefusalCode.FORBIDDEN_ADDRESS,
        address: '10.0.0.1',
      });
      await expect(guardedFetch('http://[::ffff:127.0.0.1]/', {}, { policy: policy(), dispatcher })).rejects.toMatchObject({
        code: OutboundRefusalCode.FORBIDDEN_ADDRESS,
      });
    } finally {
      await dispatcher.close();
    }
  });

  it('checks again at connect time: a name that changes its answer after the check is refused (DNS rebinding)', async () => {
    let answers = 0;
    const rebinding: HostResolver = async () => [{ address: answers++ === 0 ? '93.184.216.34' : '169.254.169.254', family: 4 }];
    const rebindingPolicy: OutboundPolicy = { resolve: rebinding };
    await expect(assertSafeUrl('http://rebind.example/', rebindingPolicy)).resolves.toBeDefined();
    const dispatcher = createGuardedDispatcher(rebindingPolicy);
    try {
      await expect(guardedFetch('http://rebind.example/', {}, { policy: rebindingPolicy, dispatcher })).rejects.toMatchObject({
        code: OutboundRefusalCode.FORBIDDEN_ADDRESS,
        address: '169.254.169.254',
      });
    } finally {
      await dispatcher.close();
    }
  });

  it('refuses URLs with credentials or other protocols before dispatching', async () => {
    const dispatcher = createGuardedDispatcher(policy());
    try {
      await expect(guardedFetch('https://a:b@public.example/', {}, { policy: policy(), dispatcher })).rejects.toMatchObject({
        code: OutboundRefusalCode.CREDENTIALS_IN_URL,
      });
      await expect(guardedFetch('file:///etc/passwd', {}, { policy: policy(), dispatcher })).rejects.toMatchObject({
        code: OutboundRefusalCode.UNSUPPORTED_PROTOCOL,
      });
      expect(lookups).toEqual([]);
    } finally {
      await dispatcher.close();
    }
  });
});
