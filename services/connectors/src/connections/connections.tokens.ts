/** Injection token of the HealthPolicy (thresholds from configuration). */
export const HEALTH_POLICY = Symbol('HEALTH_POLICY');

/** Injection token of the ConnectionDefaults. */
export const CONNECTION_DEFAULTS = Symbol('CONNECTION_DEFAULTS');

export interface ConnectionDefaults {
  probeIntervalSeconds: number;
  /** How long a connect session stays usable. */
  connectSessionSeconds: number;
  /** Where the hosted connect page lives; the session token goes in its fragment (never sent to a server log). */
  connectPageUrl: string;
}
