import { UpstreamHttp, createAdapters } from '../adapters';
import { credentialErrors, targetErrors } from './connection-input.rules';

const { maximo, maintainx } = createAdapters(new UpstreamHttp());
const target = { system: 'maximo' as const, authKind: 'api_key', baseUrl: 'https://maximo.example.com', settings: {} };

describe('connection input rules', () => {
  it('accepts a supported auth kind, an https URL and known settings', () => {
    expect(targetErrors(maximo.description, target)).toEqual([]);
    expect(targetErrors(maintainx.description, { ...target, system: 'maintainx', settings: { organizationId: '42' } })).toEqual([]);
    expect(targetErrors(maximo.description, { ...target, settings: { rateBudgetReadsPerSecond: '2.5', rateBudgetWritesPerSecond: '0.5' } })).toEqual([]);
  });

  it.each([
    [{ authKind: 'hmac_signed' }, 'authKind'],
    [{ baseUrl: 'maximo.example.com' }, 'baseUrl'],
    [{ baseUrl: 'ftp://maximo.example.com' }, 'baseUrl'],
    [{ baseUrl: 'https://admin:secret@maximo.example.com' }, 'baseUrl'],
    [{ baseUrl: 'https://maximo.example.com/?apikey=1' }, 'baseUrl'],
    [{ settings: { organizationId: '1' } }, 'settings.organizationId'],
    [{ settings: { rateBudgetReadsPerSecond: '0' } }, 'settings.rateBudgetReadsPerSecond'],
    [{ settings: { rateBudgetWritesPerSecond: 'fast' } }, 'settings.rateBudgetWritesPerSecond'],
  ])('names the field for %j', (change, field) => {
    expect(targetErrors(maximo.description, { ...target, ...change }).map((error) => error.field)).toEqual([field]);
  });

  it('names missing, empty and unknown credential fields', () => {
    expect(credentialErrors(maximo.description, 'api_key', { apiKey: 'k' })).toEqual([]);
    expect(credentialErrors(maximo.description, 'basic', { user: ' ', extra: 'x' }).map((error) => error.field)).toEqual([
      'credentials.user',
      'credentials.password',
      'credentials.extra',
    ]);
  });

  it('never repeats a credential value in a message', () => {
    const messages = credentialErrors(maximo.description, 'api_key', { apiKey: '', planted: 'planted-secret-9' }).map((error) => error.message);
    expect(messages.join(' ')).not.toContain('planted-secret-9');
  });
});
