/** What one check reports. `details` is shown on the unauthenticated health endpoints: no secrets. */
export interface HealthCheckOutcome {
  healthy: boolean;
  details?: Record<string, unknown>;
}

/**
 * A liveness or readiness check. Structural on purpose: a library (e.g. messaging) satisfies it
 * without importing service-kit, and a service lists its provider in HealthModule.forRoot().
 */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<HealthCheckOutcome>;
}
