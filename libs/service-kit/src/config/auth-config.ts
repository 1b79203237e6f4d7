import { str } from 'envalid';
import {
  exitingConfigReporter,
  ConfigValidationError,
  type ConfigProblem,
  type ConfigReporter,
} from './config-validation.error';
import { httpUrl } from './env-validators';
import { validateEnvironment, withoutSecrets, type Environment } from './validate-environment';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** Only for NODE_ENV development/test, so a fresh checkout runs without setup. Refused in production. */
export const DEV_JWT_SECRET = 'mate-development-only-secret-do-not-use-in-production';
export const DEV_JWT_ISSUER = 'mate-dev';
export const DEV_JWT_AUDIENCE = 'mate';
export const MIN_JWT_SECRET_LENGTH = 32;

export interface DevAuthConfig {
  readonly mode: 'dev';
  /** HS256 key. */
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
}

export interface OidcAuthConfig {
  readonly mode: 'oidc';
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
}

export type AuthConfig = DevAuthConfig | OidcAuthConfig;

export const SECRET_VARIABLES = ['AUTH_JWT_SECRET', 'DATABASE_URL', 'DATABASE_APP_URL', 'DATABASE_APP_PASSWORD'] as const;

export const nodeEnvSpec = {
  // Production unless told otherwise: the safe choice (no development defaults for secrets).
  NODE_ENV: str({ choices: NODE_ENVS, default: 'production' }),
};

export const authSpec = {
  AUTH_MODE: str({ choices: ['dev', 'oidc'] as const, default: 'dev' }),
  AUTH_JWT_SECRET: str({ default: undefined }),
  AUTH_ISSUER: str({ default: undefined }),
  AUTH_AUDIENCE: str({ default: undefined }),
  AUTH_JWKS_URL: httpUrl({ default: undefined }),
};

interface AuthVariables {
  readonly AUTH_MODE: 'dev' | 'oidc';
  readonly AUTH_JWT_SECRET?: string;
  readonly AUTH_ISSUER?: string;
  readonly AUTH_AUDIENCE?: string;
  readonly AUTH_JWKS_URL?: string;
}

/** The cross-variable rules envalid cannot express on its own. Adds to `problems`. */
export function resolveAuthConfig(
  values: AuthVariables,
  nodeEnv: NodeEnv,
  problems: ConfigProblem[],
): AuthConfig | undefined {
  if (values.AUTH_MODE === 'oidc') {
    const missing = (['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE'] as const).filter((name) => !values[name]);
    for (const variable of missing) problems.push({ variable, message: 'required when AUTH_MODE=oidc' });
    if (!values.AUTH_JWKS_URL || !values.AUTH_ISSUER || !values.AUTH_AUDIENCE) return undefined;
    return { mode: 'oidc', jwksUrl: values.AUTH_JWKS_URL, issuer: values.AUTH_ISSUER, audience: values.AUTH_AUDIENCE };
  }

  const developmentLike = nodeEnv === 'development' || nodeEnv === 'test';
  const secret = values.AUTH_JWT_SECRET ?? (developmentLike ? DEV_JWT_SECRET : undefined);
  if (secret === undefined) {
    problems.push({ variable: 'AUTH_JWT_SECRET', message: 'required when AUTH_MODE=dev and NODE_ENV=production' });
    return undefined;
  }
  if (secret.length < MIN_JWT_SECRET_LENGTH) {
    problems.push({ variable: 'AUTH_JWT_SECRET', message: `must be at least ${MIN_JWT_SECRET_LENGTH} characters` });
    return undefined;
  }
  if (!developmentLike && secret === DEV_JWT_SECRET) {
    problems.push({ variable: 'AUTH_JWT_SECRET', message: 'the development default is not allowed in production' });
    return undefined;
  }
  return {
    mode: 'dev',
    secret,
    issuer: values.AUTH_ISSUER ?? DEV_JWT_ISSUER,
    audience: values.AUTH_AUDIENCE ?? DEV_JWT_AUDIENCE,
  };
}

export interface LoadConfigOptions {
  /** Defaults to process.env. */
  readonly env?: Environment;
  /** Defaults to printing envalid's report and exiting. */
  readonly reporter?: ConfigReporter;
  /** The service's database on the DATABASE_URL server (default `mate_<snake service>`). */
  readonly databaseName?: string;
}

/** Only the authentication settings: for tools such as the token minting CLI. */
export function loadAuthConfig(options: LoadConfigOptions = {}): AuthConfig {
  const env = options.env ?? process.env;
  const { values, problems } = validateEnvironment(env, { ...nodeEnvSpec, ...authSpec });
  const auth = problems.length === 0 ? resolveAuthConfig(values, values.NODE_ENV, problems) : undefined;
  if (problems.length > 0 || auth === undefined) {
    const safe = withoutSecrets(problems, env, SECRET_VARIABLES);
    (options.reporter ?? exitingConfigReporter)(safe);
    throw new ConfigValidationError(safe);
  }
  return Object.freeze(auth);
}
