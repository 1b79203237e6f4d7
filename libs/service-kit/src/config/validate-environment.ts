import { cleanEnv, EnvMissingError, type CleanedEnv } from 'envalid';
import type { ConfigProblem } from './config-validation.error';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Runs envalid without letting it exit the process: every failure is collected as a problem, so
 * the caller can add its own cross-variable checks and report everything at once.
 */
export function validateEnvironment<S>(
  environment: Environment,
  spec: S,
): { values: CleanedEnv<S>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const values = cleanEnv(environment, spec, {
    reporter: ({ errors }) => {
      for (const [variable, error] of Object.entries(errors)) {
        problems.push({ variable, message: describeError(error) });
      }
    },
  });
  return { values, problems };
}

function describeError(error: unknown): string {
  if (error instanceof EnvMissingError) return error.message || 'required';
  if (error instanceof Error && error.message) return error.message;
  return 'invalid value';
}

/** Never let a secret value reach a message, whatever a validator wrote. */
export function withoutSecrets(
  problems: readonly ConfigProblem[],
  environment: Environment,
  secretVariables: readonly string[],
): ConfigProblem[] {
  return problems.map((problem) => {
    let message = problem.message;
    for (const name of secretVariables) {
      const value = environment[name];
      if (value) message = message.split(value).join('***');
    }
    return { variable: problem.variable, message };
  });
}
