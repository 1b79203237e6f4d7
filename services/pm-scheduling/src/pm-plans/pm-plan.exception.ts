import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum PmPlanExceptionCode {
  NOT_FOUND = 'PM_PLAN_NOT_FOUND',
  CALENDAR_NOT_FOUND = 'PM_CALENDAR_NOT_FOUND',
  PLAN_PAUSED = 'PM_PLAN_PAUSED',
  NO_STREAM = 'PM_PLAN_NO_STREAM',
}

/** The PM plans feature's one domain exception; each code maps to exactly one status. */
export class PmPlanException extends DomainException<PmPlanExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case PmPlanExceptionCode.NOT_FOUND:
      case PmPlanExceptionCode.CALENDAR_NOT_FOUND:
        return 404;
      case PmPlanExceptionCode.PLAN_PAUSED:
        return 409;
      case PmPlanExceptionCode.NO_STREAM:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
