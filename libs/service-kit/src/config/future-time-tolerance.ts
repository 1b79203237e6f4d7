import type { ServiceConfig } from './service-config';

/** Whether `at` lies further ahead of `now` than the platform's FUTURE_TIME_TOLERANCE_SECONDS allow. */
export function isBeyondFutureTolerance(at: Date, config: Pick<ServiceConfig, 'futureTimeToleranceSeconds'>, now: Date = new Date()): boolean {
  return at.getTime() > now.getTime() + config.futureTimeToleranceSeconds * 1000;
}
