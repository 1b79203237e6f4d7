import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { JwtVerifier } from '../auth/jwt-verifier';
import { loadServiceConfig, type ConfigSpec, type ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../config/service-config.token';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { InFlightRequests } from '../http/in-flight-requests';
import { UnsupportedMediaTypeInterceptor } from '../http/unsupported-media-type.interceptor';
import { createValidationPipe } from '../errors/validation.pipe';
import { loggerParams } from '../logging/logger-options';
import { TelemetryShutdownHook } from '../telemetry/telemetry-shutdown.hook';
import { ensureMeterProvider } from '../telemetry/telemetry-state';

export interface ServiceKitModuleOptions {
  serviceName: string;
  /** The service's own environment variables (envalid validators). */
  configSpec?: ConfigSpec;
  /** An already loaded configuration (tests); otherwise loaded from process.env. */
  config?: ServiceConfig<ConfigSpec>;
  /** Where logs go instead of stdout (tests capture them). */
  logDestination?: DestinationStream;
}

/**
 * The chassis every service imports first: validated config (SERVICE_CONFIG), JSON logging, and the
 * global validation pipe, problem+json filter, bearer-token guard, in-flight request count and 415
 * for a body of a type the route does not take.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitModuleOptions): DynamicModule {
    // Here rather than later: meters taken while providers are built must find the real provider.
    ensureMeterProvider();
    return {
      module: ServiceKitModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => loggerParams(config, options.logDestination),
        }),
      ],
      providers: [
        {
          provide: SERVICE_CONFIG,
          useFactory: () => options.config ?? loadServiceConfig(options.serviceName, options.configSpec),
        },
        {
          provide: JwtVerifier,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => new JwtVerifier(config.auth),
        },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        InFlightRequests,
        { provide: APP_INTERCEPTOR, useExisting: InFlightRequests },
        { provide: APP_INTERCEPTOR, useClass: UnsupportedMediaTypeInterceptor },
        TelemetryShutdownHook,
      ],
      exports: [SERVICE_CONFIG, JwtVerifier, InFlightRequests],
    };
  }
}
