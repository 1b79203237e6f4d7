/**
 * Fault injection: rules that make the next N matching requests (or a seeded share of them) fail
 * the way real systems and networks do, before authentication runs.
 */
import { seededRandom, type Random } from './random';

export type FaultKind = 'rate_limit' | 'connection_limit' | 'server_error' | 'timeout' | 'latency' | 'malformed' | 'disconnect' | 'drop_reply';
export const FAULT_KINDS: readonly FaultKind[] = ['rate_limit', 'connection_limit', 'server_error', 'timeout', 'latency', 'malformed', 'disconnect', 'drop_reply'];

/**
 * `drop_reply`: the request is carried out (a create is committed) but the connection is cut
 * instead of answering, as when a proxy, the network or the client's timeout loses the reply: the
 * client cannot tell a write that happened from one that did not.
 */

/**
 * `connection_limit`: throttling answered as a **403** "Exceeded Connections Limit" with no header
 * at all (no Retry-After), as Accruent Maintenance Connection does beyond 200 requests a minute and
 * as API gateways in front of the other systems do: a client that reads the status alone takes it
 * for a permission or credential failure.
 */
export const CONNECTION_LIMIT_REPLY = { status: 403, text: 'Exceeded Connections Limit' } as const;

export interface FaultInput {
  kind: FaultKind;
  /** `server_error`: 500, 502, 503 or 504 (default 503). */
  status?: number;
  /** `latency`: delay before the normal answer; `timeout`: how long to hold before dropping (default: until the client gives up). */
  delayMs?: number;
  /** `rate_limit`: the Retry-After value (default 1). */
  retryAfterSeconds?: number;
  /** Applies to the next `count` matching requests, then removes itself. */
  count?: number;
  /** Or applies to each matching request with this probability, decided by a generator seeded with `seed`. */
  probability?: number;
  seed?: number;
  /** Lets this many matching requests through first (e.g. the third call of a multi-call write). */
  after?: number;
  /** Only requests with this method and/or whose path starts with this prefix. */
  method?: string;
  pathPrefix?: string;
}

export interface FaultRule extends FaultInput {
  readonly id: number;
  /** How many requests it has hit so far. */
  hits: number;
}

export class FaultValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const SERVER_ERRORS = [500, 502, 503, 504];

/** Checks an admin's fault definition; throws naming the field that is wrong. */
export function validateFault(input: unknown): FaultInput {
  const fault = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (!FAULT_KINDS.includes(fault.kind as FaultKind)) throw new FaultValidationError('kind', `kind must be one of ${FAULT_KINDS.join(', ')}`);
  const positive = (field: string, integer: boolean) => {
    const value = fault[field];
    if (value === undefined) return;
    if (typeof value !== 'number' || value < 0 || (integer && !Number.isInteger(value))) {
      throw new FaultValidationError(field, `${field} must be a non-negative ${integer ? 'integer' : 'number'}`);
    }
  };
  ['count', 'delayMs', 'retryAfterSeconds', 'seed', 'after'].forEach((field) => positive(field, true));
  positive('probability', false);
  if (typeof fault.probability === 'number' && fault.probability > 1) throw new FaultValidationError('probability', 'probability must be between 0 and 1');
  if (fault.count !== undefined && fault.probability !== undefined) throw new FaultValidationError('count', 'give count or probability, not both');
  if (fault.kind === 'server_error' && fault.status !== undefined && !SERVER_ERRORS.includes(fault.status as number)) {
    throw new FaultValidationError('status', `status must be one of ${SERVER_ERRORS.join(', ')}`);
  }
  if (fault.kind === 'latency' && fault.delayMs === undefined) throw new FaultValidationError('delayMs', 'latency needs delayMs');
  for (const field of ['method', 'pathPrefix'] as const) {
    if (fault[field] !== undefined && typeof fault[field] !== 'string') throw new FaultValidationError(field, `${field} must be a string`);
  }
  return fault as unknown as FaultInput;
}

export class FaultInjector {
  private rules: Array<{ rule: FaultRule; random: Random }> = [];
  private nextId = 1;

  add(input: FaultInput): FaultRule {
    const rule: FaultRule = { ...input, id: this.nextId++, hits: 0 };
    if (rule.count === undefined && rule.probability === undefined) rule.count = 1;
    this.rules.push({ rule, random: seededRandom(input.seed ?? 1) });
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map(({ rule }) => rule);
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault this request meets, if any (the first matching rule that fires). */
  next(method: string, path: string): FaultRule | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.pathPrefix && !path.startsWith(rule.pathPrefix)) continue;
      if (rule.probability !== undefined && entry.random() >= rule.probability) continue;
      if (rule.after !== undefined && rule.after > 0) {
        rule.after -= 1;
        continue;
      }
      rule.hits += 1;
      if (rule.count !== undefined) {
        rule.count -= 1;
        if (rule.count === 0) this.rules = this.rules.filter((other) => other !== entry);
      }
      return rule;
    }
    return undefined;
  }
}
