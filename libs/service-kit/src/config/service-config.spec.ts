import { num, str } from 'envalid';
import { DEV_JWT_SECRET } from './auth-config';
import { ConfigValidationError, throwingConfigReporter } from './config-validation.error';
import { loadServiceConfig } from './service-config';

const reporter = throwingConfigReporter;

function configError(run: () => unknown): ConfigValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('loadServiceConfig', () => {
  it('applies the platform defaults for a known service', () => {
    const config = loadServiceConfig('work-orders', undefined, { env: { NODE_ENV: 'test' }, reporter });
    expect(config.port).toBe(3001);
    expect(config.database.databaseName).toBe('mate_work_orders');
    expect(config.database.ownerUrl).toBe('postgres://postgres@127.0.0.1:5432/mate_work_orders');
    expect(config.database.appUrl).toBe('postgres://mate_app@127.0.0.1:5432/mate_work_orders');
    expect(config.database.poolSize).toBe(10);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.auth).toEqual({ mode: 'dev', secret: DEV_JWT_SECRET, issuer: 'mate-dev', audience: 'mate' });
    expect(config.http.bodyLimit).toBe('1mb');
    expect(config.futureTimeToleranceSeconds).toBe(300);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  it('uses the database a service names instead of mate_<snake service>', () => {
    const config = loadServiceConfig('work-orders', undefined, { env: { NODE_ENV: 'test' }, reporter, databaseName: 'mate_jobs' });
    expect(config.database.databaseName).toBe('mate_jobs');
    expect(config.database.appUrl).toBe('postgres://mate_app@127.0.0.1:5432/mate_jobs');
  });

  it('uses the application role password and an explicit application URL', () => {
    const env = { NODE_ENV: 'test', DATABASE_APP_ROLE: 'assets_app', DATABASE_APP_PASSWORD: 'pw' };
    expect(loadServiceConfig('assets', undefined, { env, reporter }).database.appUrl).toBe(
      'postgres://assets_app:pw@127.0.0.1:5432/mate_assets',
    );
    const explicit = { NODE_ENV: 'test', DATABASE_APP_URL: 'postgres://other@db:5432/x' };
    expect(loadServiceConfig('assets', undefined, { env: explicit, reporter }).database.appUrl).toBe(
      'postgres://other@db:5432/x',
    );
  });

  it('validates and types the service’s own variables', () => {
    const config = loadServiceConfig(
      'reporting',
      { REPORT_PAGE_SIZE: num({ default: 50 }), REPORT_BUCKET: str() },
      { env: { NODE_ENV: 'test', REPORT_BUCKET: 'reports' }, reporter },
    );
    const pageSize: number = config.extra.REPORT_PAGE_SIZE;
    expect(pageSize).toBe(50);
    expect(config.extra.REPORT_BUCKET).toBe('reports');

    const error = configError(() =>
      loadServiceConfig('reporting', { REPORT_BUCKET: str() }, { env: { NODE_ENV: 'test' }, reporter }),
    );
    expect(error.variables).toEqual(['REPORT_BUCKET']);
  });

  it('names an invalid variable', () => {
    const error = configError(() =>
      loadServiceConfig('assets', undefined, { env: { NODE_ENV: 'test', PORT: 'eighty' }, reporter }),
    );
    expect(error.variables).toEqual(['PORT']);
    expect(error.message).toContain('PORT');
  });

  it('reads one future-time tolerance for every service, in whole seconds', () => {
    for (const service of ['assets', 'work-orders']) {
      expect(loadServiceConfig(service, undefined, { env: { NODE_ENV: 'test', FUTURE_TIME_TOLERANCE_SECONDS: '60' }, reporter }).futureTimeToleranceSeconds).toBe(60);
    }
    for (const bad of ['-1', '1.5', 'soon']) {
      const error = configError(() => loadServiceConfig('assets', undefined, { env: { NODE_ENV: 'test', FUTURE_TIME_TOLERANCE_SECONDS: bad }, reporter }));
      expect(error.variables).toEqual(['FUTURE_TIME_TOLERANCE_SECONDS']);
    }
  });

  it('sizes the database pool from DATABASE_POOL_SIZE, a whole number from 1 to 1000', () => {
    expect(loadServiceConfig('assets', undefined, { env: { NODE_ENV: 'test', DATABASE_POOL_SIZE: '25' }, reporter }).database.poolSize).toBe(25);
    for (const bad of ['0', '-3', '2.5', '1001', 'many']) {
      const error = configError(() => loadServiceConfig('assets', undefined, { env: { NODE_ENV: 'test', DATABASE_POOL_SIZE: bad }, reporter }));
      expect(error.variables).toEqual(['DATABASE_POOL_SIZE']);
    }
  });

  it('requires PORT for a service without a default port', () => {
    const error = configError(() => loadServiceConfig('chassis-test', undefined, { env: { NODE_ENV: 'test' }, reporter }));
    expect(error.variables).toEqual(['PORT']);
  });

  it('requires the OIDC settings in oidc mode', () => {
    const error = configError(() =>
      loadServiceConfig('assets', undefined, { env: { NODE_ENV: 'production', AUTH_MODE: 'oidc' }, reporter }),
    );
    expect([...error.variables].sort()).toEqual(['AUTH_AUDIENCE', 'AUTH_ISSUER', 'AUTH_JWKS_URL']);
  });

  it('accepts a complete oidc configuration', () => {
    const env = {
      NODE_ENV: 'production',
      AUTH_MODE: 'oidc',
      AUTH_JWKS_URL: 'https://id.example.test/jwks',
      AUTH_ISSUER: 'https://id.example.test/',
      AUTH_AUDIENCE: 'mate',
    };
    expect(loadServiceConfig('assets', undefined, { env, reporter }).auth).toEqual({
      mode: 'oidc',
      jwksUrl: 'https://id.example.test/jwks',
      issuer: 'https://id.example.test/',
      audience: 'mate',
    });
  });

  it('has no development secret in production', () => {
    const missing = configError(() =>
      loadServiceConfig('assets', undefined, { env: { NODE_ENV: 'production' }, reporter }),
    );
    expect(missing.variables).toEqual(['AUTH_JWT_SECRET']);

    const reused = configError(() =>
      loadServiceConfig('assets', undefined, {
        env: { NODE_ENV: 'production', AUTH_JWT_SECRET: DEV_JWT_SECRET },
        reporter,
      }),
    );
    expect(reused.variables).toEqual(['AUTH_JWT_SECRET']);
  });

  it('rejects a short secret without printing it', () => {
    const error = configError(() =>
      loadServiceConfig('assets', undefined, { env: { NODE_ENV: 'test', AUTH_JWT_SECRET: 'tiny-secret-value' }, reporter }),
    );
    expect(error.variables).toEqual(['AUTH_JWT_SECRET']);
    expect(error.message).toContain('at least 32');
    expect(error.message).not.toContain('tiny-secret-value');
  });

  it('never prints a database password from a malformed URL', () => {
    const error = configError(() =>
      loadServiceConfig('assets', undefined, {
        env: { NODE_ENV: 'test', DATABASE_URL: 'mysql://owner:hunter2-password@db/x' },
        reporter,
      }),
    );
    expect(error.variables).toEqual(['DATABASE_URL']);
    expect(error.message).not.toContain('hunter2-password');
  });

  it('reports every problem at once through the injected reporter', () => {
    const seen: string[] = [];
    expect(() =>
      loadServiceConfig('assets', undefined, {
        env: { NODE_ENV: 'test', PORT: '0', KAFKA_BROKERS: 'nope', LOG_LEVEL: 'loud' },
        reporter: (problems) => seen.push(...problems.map((p) => p.variable)),
      }),
    ).toThrow(ConfigValidationError);
    expect(seen.sort()).toEqual(['KAFKA_BROKERS', 'LOG_LEVEL', 'PORT']);
  });
});
