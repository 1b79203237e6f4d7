import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { createGuardedDispatcher, guardedFetch, OutboundRefusalCode, type HostResolver, type OutboundPolicy } from '../src';

/** Names the tests use, resolved here (never by the system's DNS); all point at loopback. */
const resolver: HostResolver = async (hostname) =>
  ['simulator.test', 'other.test'].includes(hostname) ? [{ address: '127.0.0.1', family: 4 }] : [];

describe('guardedFetch against a loopback HTTP server', () => {
  let server: Server;
  let port: number;
  let connections = 0;
  const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const socketTargets: string[] = [];
  const originalConnect = Socket.prototype.connect;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ path: request.url ?? '', headers: request.headers });
      const redirects: Record<string, string> = {
        '/to-ok': '/ok',
        '/to-private': 'http://10.0.0.1/',
        '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
        '/loop': '/loop',
        '/to-other-origin': `http://other.test:${port}/ok`,
      };
      const location = redirects[request.url ?? ''];
      if (location) response.writeHead(302, { location }).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    });
    server.on('connection', () => (connections += 1));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    // Records where every socket goes: only loopback may ever be dialled.
    jest.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: Parameters<Socket['connect']>) {
      // net.connect() hands the socket its normalised arguments: [[options, callback]].
      const first: unknown = Array.isArray(args[0]) ? args[0][0] : args[0];
      const target = (first as { host?: unknown } | null)?.host;
      if (typeof target === 'string') socketTargets.push(target);
      return originalConnect.apply(this, args);
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    server.closeAllConnections();
    server.close();
    expect(socketTargets.length).toBeGreaterThan(0);
    expect(socketTargets.filter((host) => host !== '127.0.0.1')).toEqual([]);
  });

  async function withGuard<T>(policy: OutboundPolicy, use: (guard: { policy: OutboundPolicy; dispatcher: ReturnType<typeof createGuardedDispatcher> }) => Promise<T>): Promise<T> {
    const dispatcher = createGuardedDispatcher(policy);
    try {
      return await use({ policy, dispatcher });
    } finally {
      await dispatcher.close();
    }
  }

  it('fetches from an allow-listed loopback address, and refuses it when not allow-listed', async () => {
    const before = connections;
    await withGuard({ resolve: resolver, allowList: ['127.0.0.1'] }, async (guard) => {
      const response = await guardedFetch(`http://127.0.0.1:${port}/ok`, {}, guard);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('hello');
    });
    expect(connections).toBe(before + 1);

    await withGuard({ resolve: resolver }, async (guard) => {
      await expect(guardedFetch(`http://127.0.0.1:${port}/ok`, {}, guard)).rejects.toMatchObject({
        code: OutboundRefusalCode.FORBIDDEN_ADDRESS,
        address: '127.0.0.1',
      });
    });
    expect(connections).toBe(before + 1);
  });

  it('connects to the address it checked for an allow-listed name, keeping the name as Host', async () => {
    await withGuard({ resolve: resolver, allowList: ['simulator.test'] }, async (guard) => {
      const response = await guardedFetch(`http://simulator.test:${port}/named`, {}, guard);
      expect(response.status).toBe(200);
      await response.text();
    });
    expect(seen.find((request) => request.path === '/named')?.headers.host).toBe(`simulator.test:${port}`);
  });

  it('returns a redirect as it is unless asked to follow, then checks every hop', async () => {
    const allowList = ['127.0.0.1', 'other.test'];
    await withGuard({ resolve: resolver, allowList }, async (guard) => {
      const response = await guardedFetch(`http://127.0.0.1:${port}/to-ok`, {}, guard);
      expect(response.status).toBe(302);
    });
    await withGuard({ resolve: resolver, allowList, maxRedirects: 3 }, async (guard) => {
      expect((await guardedFetch(`http://127.0.0.1:${port}/to-ok`, {}, guard)).status).toBe(200);
      const before = connections;
      await expect(guardedFetch(`http://127.0.0.1:${port}/to-private`, {}, guard)).rejects.toMatchObject({
        code: OutboundRefusalCode.FORBIDDEN_ADDRESS,
        address: '10.0.0.1',
      });
      await expect(guardedFetch(`http://127.0.0.1:${port}/to-metadata`, {}, guard)).rejects.toMatchObject({
        code: OutboundRefusalCode.FORBIDDEN_ADDRESS,
      });
      expect(connections).toBeLessThanOrEqual(before + 1); // the first hop's pooled connection at most
      await expect(guardedFetch(`http://127.0.0.1:${port}/loop`, {}, guard)).rejects.toMatchObject({
        code: OutboundRefusalCode.TOO_MANY_REDIRECTS,
      });
    });
  });

  it('drops credentials when a redirect changes origin', async () => {
    await withGuard({ resolve: resolver, allowList: ['127.0.0.1', 'other.test'], maxRedirects: 1 }, async (guard) => {
      const response = await guardedFetch(`http://127.0.0.1:${port}/to-other-origin`, { headers: { authorization: 'Bearer planted-secret' } }, guard);
      expect(response.status).toBe(200);
      await response.text();
    });
    const [first, second] = seen.filter((request) => ['/to-other-origin', '/ok'].includes(request.path)).slice(-2);
    expect(first.headers.authorization).toBe('Bearer planted-secret');
    expect(second.headers.host).toBe(`other.test:${port}`);
    expect(second.headers.authorization).toBeUndefined();
  });
});
