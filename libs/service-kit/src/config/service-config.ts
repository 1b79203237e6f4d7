import { num, port, str, type OptionalValidatorSpec, type RequiredValidatorSpec, type ValidatorSpec } from 'envalid';
import { applicationRoleUrl, serviceDatabaseUrl } from '@mate/database';
import { nodeEnvSpec, authSpec, resolveAuthConfig, SECRET_VARIABLES, type AuthConfig, type LoadConfigOptions, type NodeEnv } from './auth-config';
import { ConfigValidationError, exitingConfigReporter } from './config-validation.error';
import { brokerList, byteSize, httpUrl, positiveCount, postgresUrl, seconds, sqlIdentifier } from './env-validators';
import { SERVICE_PORTS } from './service-ports.constant';
import { validateEnvironment, withoutSecrets } from './validate-environment';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Extra variables a service validates on top of the common ones (envalid validators). */
export type ConfigSpec = Record<string, ValidatorSpec<unknown>>;
/** What envalid makes of a ConfigSpec: typed, read-only values. */
export type ConfigValues<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends OptionalValidatorSpec<infer U>
    ? U | undefined
    : S[K] extends RequiredValidatorSpec<infer U>
      ? U
      : never;
};
type NoExtraSpec = Record<never, never>;

export interface DatabaseConfig {
  /** mate_<snake service> unless the service names its own. */
  readonly databaseName: string;
  /** Owner of the service database: creates it and runs migrations. */
  readonly ownerUrl: string;
  /** What the application connects as: the unprivileged role, so row-level security applies. */
  readonly appUrl: string;
  readonly appRole: string;
  readonly appPassword?: string;
  /**
   * Connections of the application's pool (TypeORM's; pg-boss keeps its own). A job worker or a
   * handler holds one for its whole transaction, so it must exceed the busiest worker count.
   */
  readonly poolSize: number;
}

export interface ServiceConfig<S extends ConfigSpec = NoExtraSpec> {
  readonly serviceName: string;
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly database: DatabaseConfig;
  readonly kafka: { readonly brokers: readonly string[] };
  readonly auth: AuthConfig;
  readonly telemetry: { readonly otlpEndpoint?: string };
  readonly http: { readonly bodyLimit: string };
  /** How long to keep serving after SIGTERM while readiness already fails (load balancers catch up). */
  readonly shutdownGraceMs: number;
  /** After the grace period, how long shutdown waits for handlers still running (see InFlightRequests). */
  readonly shutdownDrainMs: number;
  /**
   * How far ahead of the server's clock a time a client states (a meter reading, a status change)
   * may be: device clocks drift. One setting for every service, so that a time one service accepts
   * is not refused by another it reaches through an event. See isBeyondFutureTolerance.
   */
  readonly futureTimeToleranceSeconds: number;
  /** The service's own variables, validated from `extraSpec`. */
  readonly extra: ConfigValues<S>;
}

function commonSpec(serviceName: string) {
  const defaultPort = SERVICE_PORTS[serviceName];
  return {
    ...nodeEnvSpec,
    PORT: defaultPort === undefined ? port() : port({ default: defaultPort }),
    LOG_LEVEL: str({ choices: LOG_LEVELS, default: 'info' }),
    DATABASE_URL: postgresUrl({ default: DEFAULT_DATABASE_URL }),
    DATABASE_APP_ROLE: sqlIdentifier({ default: 'mate_app' }),
    DATABASE_APP_PASSWORD: str({ default: undefined }),
    DATABASE_APP_URL: postgresUrl({ default: undefined }),
    DATABASE_POOL_SIZE: positiveCount({ default: 10 }),
    KAFKA_BROKERS: brokerList({ default: ['127.0.0.1:9092'] }),
    ...authSpec,
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl({ default: undefined }),
    HTTP_BODY_LIMIT: byteSize({ default: '1mb' }),
    SHUTDOWN_GRACE_MS: num({ default: undefined }),
    SHUTDOWN_DRAIN_MS: num({ default: 15_000 }),
    FUTURE_TIME_TOLERANCE_SECONDS: seconds({ default: 300 }),
  };
}

export function databaseNameFor(serviceName: string): string {
  return `mate_${serviceName.replace(/-/g, '_')}`;
}

/**
 * Validates the environment once at boot and returns a frozen, typed configuration. A missing or
 * invalid variable stops the process with a report naming it (see LoadConfigOptions.reporter).
 */
export function loadServiceConfig<S extends ConfigSpec = NoExtraSpec>(
  serviceName: string,
  extraSpec?: S,
  options: LoadConfigOptions = {},
): ServiceConfig<S> {
  if (!/^[a-z][a-z0-9-]*$/.test(serviceName)) throw new Error(`service name must be kebab-case: ${serviceName}`);
  const env = options.env ?? process.env;
  const common = validateEnvironment(env, commonSpec(serviceName));
  const extra = validateEnvironment(env, extraSpec ?? ({} as S));
  const problems = [...common.problems, ...extra.problems];
  const values = common.values;
  const authValid = !problems.some((p) => p.variable === 'NODE_ENV' || p.variable.startsWith('AUTH_'));
  const auth = authValid ? resolveAuthConfig(values, values.NODE_ENV, problems) : undefined;

  if (problems.length > 0 || auth === undefined) {
    const safe = withoutSecrets(problems, env, SECRET_VARIABLES);
    (options.reporter ?? exitingConfigReporter)(safe);
    // A reporter that returns must not let the service start half-configured.
    throw new ConfigValidationError(safe);
  }

  const databaseName = options.databaseName ?? databaseNameFor(serviceName);
  const ownerUrl = serviceDatabaseUrl(values.DATABASE_URL, databaseName);
  const config: ServiceConfig<S> = {
    serviceName,
    nodeEnv: values.NODE_ENV,
    port: values.PORT,
    logLevel: values.LOG_LEVEL,
    database: {
      databaseName,
      ownerUrl,
      appUrl:
        values.DATABASE_APP_URL ??
        applicationRoleUrl(ownerUrl, values.DATABASE_APP_ROLE, values.DATABASE_APP_PASSWORD),
      appRole: values.DATABASE_APP_ROLE,
      appPassword: values.DATABASE_APP_PASSWORD,
      poolSize: values.DATABASE_POOL_SIZE,
    },
    kafka: { brokers: values.KAFKA_BROKERS },
    auth,
    telemetry: { otlpEndpoint: values.OTEL_EXPORTER_OTLP_ENDPOINT },
    http: { bodyLimit: values.HTTP_BODY_LIMIT },
    shutdownGraceMs: values.SHUTDOWN_GRACE_MS ?? (values.NODE_ENV === 'production' ? 5000 : 0),
    shutdownDrainMs: values.SHUTDOWN_DRAIN_MS,
    futureTimeToleranceSeconds: values.FUTURE_TIME_TOLERANCE_SECONDS,
    // A plain copy: envalid's result is a strict proxy that throws on unknown keys (e.g. from test matchers).
    extra: Object.fromEntries(Object.keys(extraSpec ?? {}).map((key) => [key, readKey(extra.values, key)])) as ConfigValues<S>,
  };
  return deepFreeze(config);
}

function readKey(values: object, key: string): unknown {
  return (values as Record<string, unknown>)[key];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
