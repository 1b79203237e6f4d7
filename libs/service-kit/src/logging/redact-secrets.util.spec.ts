import { isSecretKey, redactSecrets } from './redact-secrets.util';

describe('redactSecrets', () => {
  it('replaces secret-named keys at any depth and leaves the input untouched', () => {
    const input = {
      msg: 'connector saved',
      connection: { host: 'erp.local', credentials: { user: 'u', password: 'p' }, apiKey: 'k' },
      attempts: [{ token: 't', ok: true }],
      clientSecret: 's',
    };
    expect(redactSecrets(input)).toEqual({
      msg: 'connector saved',
      connection: { host: 'erp.local', credentials: '[Redacted]', apiKey: '[Redacted]' },
      attempts: [{ token: '[Redacted]', ok: true }],
      clientSecret: '[Redacted]',
    });
    expect(input.connection.apiKey).toBe('k');
  });

  it('knows the usual names and spares ordinary ones', () => {
    for (const key of ['password', 'PASSWORD', 'db_passwd', 'accessToken', 'refresh_token', 'api_key', 'x-api-key', 'Authorization', 'cookie', 'privateKey']) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['passenger', 'title', 'tenantId', 'status', 'msg']) expect(isSecretKey(key)).toBe(false);
  });

  it('does not walk class instances (requests, errors)', () => {
    const error = new Error('boom');
    const result = redactSecrets({ err: error });
    expect(result.err).toBe(error);
  });
});
