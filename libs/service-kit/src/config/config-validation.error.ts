import { envalidErrorFormatter } from 'envalid';

/** One variable that failed validation. The message never contains a secret value. */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** Thrown when the environment does not describe a valid configuration. */
export class ConfigValidationError extends Error {
  readonly variables: readonly string[];

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} (${p.message})`).join(', ')}`);
    this.name = 'ConfigValidationError';
    this.variables = problems.map((p) => p.variable);
  }
}

/**
 * Decides what happens when the configuration is invalid. The default prints envalid's report and
 * exits the process; tests inject `throwingConfigReporter` instead.
 */
export type ConfigReporter = (problems: readonly ConfigProblem[]) => void;

export const throwingConfigReporter: ConfigReporter = (problems) => {
  throw new ConfigValidationError(problems);
};

export const exitingConfigReporter: ConfigReporter = (problems) => {
  const errors = Object.fromEntries(problems.map((p) => [p.variable, new Error(p.message)]));
  envalidErrorFormatter(errors, (output: string) => console.error(output));
  console.error('Exiting: fix the variables above and start again.');
  process.exit(1);
};
