import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult as TerminusResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { setTimeout as sleep } from 'node:timers/promises';
import { Public } from '../auth/public.decorator';
import { ProblemException } from '../errors/problem.exception';
import type { HealthCheck, HealthCheckOutcome } from './health-check.interface';
import { HEALTH_CHECK_TIMEOUT_MS, LIVENESS_CHECKS, READINESS_CHECKS } from './health.constants';
import { ShutdownState } from './shutdown-state.service';

/**
 * /health/live: the process works; only contributed liveness checks (e.g. "the consumer has not
 * crashed"), never dependencies. /health/ready: the database and contributed readiness checks.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('HealthController');

  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(LIVENESS_CHECKS) private readonly liveness: HealthCheck[],
    @Inject(READINESS_CHECKS) private readonly readiness: HealthCheck[],
    @Inject(HEALTH_CHECK_TIMEOUT_MS) private readonly timeoutMs: number,
    @Inject(ShutdownState) private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  live(): Promise<TerminusResult> {
    return this.run(this.liveness.map((check) => this.indicator(check)));
  }

  @Get('ready')
  ready(): Promise<TerminusResult> {
    const shutdownIndicator: HealthIndicatorFunction = async () => {
      const session = this.indicators.check('shutdown');
      return this.shutdown.isShuttingDown ? session.down({ shuttingDown: true }) : session.up();
    };
    return this.run([shutdownIndicator, ...this.readiness.map((check) => this.indicator(check))]);
  }

  private async run(indicators: HealthIndicatorFunction[]): Promise<TerminusResult> {
    try {
      return await this.health.check(indicators);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as TerminusResult;
      throw new ProblemException({
        status: 503,
        detail: 'one or more health checks failed',
        extensions: { checks: result.details },
      });
    }
  }

  private indicator(check: HealthCheck): HealthIndicatorFunction {
    return async () => {
      const session = this.indicators.check(check.name);
      const outcome = await this.outcomeOf(check);
      return outcome.healthy ? session.up(outcome.details ?? {}) : session.down(outcome.details ?? {});
    };
  }

  /** A check that hangs or throws is unhealthy; its error goes to the log, not to the caller. */
  private async outcomeOf(check: HealthCheck): Promise<HealthCheckOutcome> {
    const controller = new AbortController();
    const timeout = sleep(this.timeoutMs, { healthy: false, details: { error: 'timed out' } }, { signal: controller.signal });
    try {
      return await Promise.race([check.check(), timeout]);
    } catch (error) {
      this.logger.warn({ err: error, check: check.name }, 'health check failed');
      return { healthy: false, details: { error: 'check failed' } };
    } finally {
      controller.abort();
      timeout.catch(() => undefined);
    }
  }
}
