import type { FieldError } from '@mate/service-kit';
import type { AuthKind, ConnectorDescription, SystemKind } from '../adapters';
import { RATE_BUDGET_SETTINGS, rateBudgetSettingProblem } from '../rate-budgets/system-rate-limits';

/** Settings every system takes: the connection's own rate budgets (docs/services/connectors.md#rate-budgets). */
const COMMON_SETTINGS: readonly string[] = Object.values(RATE_BUDGET_SETTINGS);

export interface ConnectionTarget {
  system: SystemKind;
  authKind: string;
  baseUrl: string;
  settings: Record<string, string>;
}

/**
 * What a connection's kind, URL and settings must satisfy, as data checks that name the field:
 * an auth kind the system supports, an http(s) base URL without credentials in it, known settings.
 * (Whether the URL's address may be reached is the SSRF guard's question, asked after these.)
 */
export function targetErrors(description: ConnectorDescription, target: ConnectionTarget): FieldError[] {
  const errors: FieldError[] = [];
  const kinds = description.authMethods.map((method) => method.kind);
  if (!kinds.includes(target.authKind as AuthKind)) {
    errors.push({ field: 'authKind', message: `${description.title} connects with ${kinds.join(' or ')}, not ${target.authKind}` });
  }
  const urlProblem = baseUrlProblem(target.baseUrl);
  if (urlProblem) errors.push({ field: 'baseUrl', message: urlProblem });
  const known = [...description.settings.map((setting) => setting.name), ...COMMON_SETTINGS];
  for (const [name, value] of Object.entries(target.settings)) {
    if (!known.includes(name)) errors.push({ field: `settings.${name}`, message: `unknown setting; known: ${known.join(', ')}` });
    const problem = COMMON_SETTINGS.includes(name) ? rateBudgetSettingProblem(String(value)) : undefined;
    if (problem) errors.push({ field: `settings.${name}`, message: problem });
  }
  return errors;
}

/** Every credential field of the auth kind present and non-empty, and no other field. */
export function credentialErrors(description: ConnectorDescription, authKind: AuthKind, credentials: Record<string, unknown>): FieldError[] {
  const method = description.authMethods.find((candidate) => candidate.kind === authKind);
  if (!method) return [];
  const errors: FieldError[] = [];
  for (const field of method.fields) {
    const value = credentials[field.name];
    if (typeof value !== 'string' || value.trim() === '') errors.push({ field: `credentials.${field.name}`, message: `${field.label} is required` });
  }
  const names = method.fields.map((field) => field.name);
  for (const name of Object.keys(credentials)) {
    if (!names.includes(name)) errors.push({ field: `credentials.${name}`, message: `not a credential of ${authKind}; expected ${names.join(', ')}` });
  }
  return errors;
}

function baseUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute URL, e.g. https://maximo.example.com';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http or https';
  if (url.username || url.password) return 'must not contain credentials; put them in credentials';
  if (url.search || url.hash) return 'must not contain a query or fragment';
  return undefined;
}
