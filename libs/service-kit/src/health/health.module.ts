import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { HealthCheck } from './health-check.interface';
import { HealthController } from './health.controller';
import {
  DEFAULT_HEALTH_CHECK_TIMEOUT_MS,
  HEALTH_CHECK_TIMEOUT_MS,
  LIVENESS_CHECKS,
  READINESS_CHECKS,
} from './health.constants';
import { ShutdownState } from './shutdown-state.service';

export interface HealthModuleOptions {
  /** Modules exporting the checks listed below (global modules need not be listed). */
  imports?: ModuleMetadata['imports'];
  /** Providers satisfying HealthCheck that decide /health/live, e.g. "the Kafka consumer has not crashed". */
  liveness?: InjectionToken<HealthCheck>[];
  /** Providers satisfying HealthCheck that decide /health/ready, e.g. DatabaseHealthCheck, the outbox backlog. */
  readiness?: InjectionToken<HealthCheck>[];
  /** Per check; a slower check counts as unhealthy. */
  timeoutMs?: number;
}

/** `/health/live` and `/health/ready`, each made of the checks the service's modules contribute. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        ShutdownState,
        { provide: LIVENESS_CHECKS, useFactory: collect, inject: options.liveness ?? [] },
        { provide: READINESS_CHECKS, useFactory: collect, inject: options.readiness ?? [] },
        { provide: HEALTH_CHECK_TIMEOUT_MS, useValue: options.timeoutMs ?? DEFAULT_HEALTH_CHECK_TIMEOUT_MS },
      ],
    };
  }
}

function collect(...checks: HealthCheck[]): HealthCheck[] {
  return checks;
}
