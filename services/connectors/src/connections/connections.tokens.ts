/** Injection token of the HealthPolicy (thresholds from configuration). */
export const HEALTH_POLICY = Symbol('HEALTH_POLICY');
