import { allowListEntryProblem } from './address-check';
import { TenantDispatchers } from './tenant-dispatchers';

describe('TenantDispatchers', () => {
  it('keeps one dispatcher per tenant while its allow-list stays the same, and a new one when it changes', async () => {
    const cache = new TenantDispatchers();
    const first = cache.remember('t1', ['10.0.0.0/8']);
    expect(cache.remember('t1', ['10.0.0.0/8'])).toBe(first);
    expect(cache.dispatcherFor('t1')).toBe(first);
    expect(cache.remember('t2', ['10.0.0.0/8'])).not.toBe(first);
    const changed = cache.remember('t1', ['10.0.0.0/8', 'lan.example']);
    expect(changed).not.toBe(first);
    expect(cache.dispatcherFor('t1')).toBe(changed);
    await cache.close();
  });

  it('gives a tenant never remembered the public-only dispatcher', async () => {
    const cache = new TenantDispatchers();
    const dispatcher = cache.dispatcherFor('t3');
    expect(cache.remember('t3', [])).toBe(dispatcher);
    await cache.close();
  });
});

describe('allowListEntryProblem', () => {
  it.each(['10.20.0.0/16', 'maximo.plant.local', '192.168.1.10', 'fd00::/8', '::1', 'localhost'])('accepts %s', (entry) => {
    expect(allowListEntryProblem(entry)).toBeNull();
  });

  it.each(['https://maximo.plant.local', 'maximo.plant.local:8443', '10.0.0.0/33', 'a b', '169.254.169.254', ''])('refuses %s', (entry) => {
    expect(allowListEntryProblem(entry)).toEqual(expect.any(String));
  });
});
