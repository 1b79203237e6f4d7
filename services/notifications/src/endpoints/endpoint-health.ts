import type { DeliveryOutcome } from '../channels';

export interface EndpointHealthState {
  enabled: boolean;
  failingSince: Date | null;
}

export interface EndpointHealthChange {
  failingSince: Date | null;
  /** The endpoint has failed for longer than allowed and is to be disabled now. */
  disable: boolean;
}

/**
 * An endpoint's health after one attempt: a success ends its failing period; a failure starts one
 * (or continues it), and a period longer than `disableAfterMs` disables the endpoint. Null: nothing
 * changes (a success of a healthy endpoint), so most attempts write nothing.
 */
export function endpointHealthAfter(endpoint: EndpointHealthState, outcome: DeliveryOutcome['kind'], at: Date, disableAfterMs: number): EndpointHealthChange | null {
  if (outcome === 'delivered') return endpoint.failingSince === null ? null : { failingSince: null, disable: false };
  const failingSince = endpoint.failingSince ?? at;
  const disable = endpoint.enabled && at.getTime() - failingSince.getTime() >= disableAfterMs;
  if (!disable && endpoint.failingSince !== null) return null;
  return { failingSince, disable };
}
