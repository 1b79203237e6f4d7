import {
  assertUnreachable,
  DomainException,
  ProblemException,
  problemTypeForCode,
  type DomainHttpStatus,
  type FieldError,
} from '@mate/service-kit';

export enum WorkOrderExceptionCode {
  NOT_FOUND = 'WORK_ORDER_NOT_FOUND',
  FORBIDDEN = 'WORK_ORDER_FORBIDDEN',
  ILLEGAL_TRANSITION = 'WORK_ORDER_ILLEGAL_TRANSITION',
  REASON_REQUIRED = 'WORK_ORDER_REASON_REQUIRED',
  CHECKLIST_INCOMPLETE = 'WORK_ORDER_CHECKLIST_INCOMPLETE',
  CHECKLIST_LIMIT_REACHED = 'WORK_ORDER_CHECKLIST_LIMIT_REACHED',
  NOT_EDITABLE = 'WORK_ORDER_NOT_EDITABLE',
  ITEM_NOT_FOUND = 'WORK_ORDER_ITEM_NOT_FOUND',
  INVALID_RESULT = 'WORK_ORDER_INVALID_RESULT',
  TIMER_CONFLICT = 'WORK_ORDER_TIMER_CONFLICT',
  PART_LINE_ISSUED = 'WORK_ORDER_PART_LINE_ISSUED',
  REQUEST_NOT_FOUND = 'WORK_REQUEST_NOT_FOUND',
  REQUEST_ALREADY_DECIDED = 'WORK_REQUEST_ALREADY_DECIDED',
}

/** The work-orders service's one domain exception; each code maps to exactly one status. */
export class WorkOrderException extends DomainException<WorkOrderExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case WorkOrderExceptionCode.NOT_FOUND:
      case WorkOrderExceptionCode.ITEM_NOT_FOUND:
      case WorkOrderExceptionCode.REQUEST_NOT_FOUND:
        return 404;
      case WorkOrderExceptionCode.FORBIDDEN:
        return 403;
      case WorkOrderExceptionCode.ILLEGAL_TRANSITION:
      case WorkOrderExceptionCode.NOT_EDITABLE:
      case WorkOrderExceptionCode.TIMER_CONFLICT:
      case WorkOrderExceptionCode.PART_LINE_ISSUED:
      case WorkOrderExceptionCode.REQUEST_ALREADY_DECIDED:
        return 409;
      case WorkOrderExceptionCode.REASON_REQUIRED:
        return 400;
      case WorkOrderExceptionCode.CHECKLIST_INCOMPLETE:
      case WorkOrderExceptionCode.CHECKLIST_LIMIT_REACHED:
      case WorkOrderExceptionCode.INVALID_RESULT:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}

/** 409 naming the transitions that are allowed from the current status. */
export function illegalTransition(from: string, to: string, allowed: readonly string[]): ProblemException {
  const code = WorkOrderExceptionCode.ILLEGAL_TRANSITION;
  return new ProblemException({
    status: 409,
    type: problemTypeForCode(code),
    detail: `a work order cannot go from ${from} to ${to}; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'}`,
    extensions: { code, from, to, allowedTransitions: [...allowed] },
  });
}

/**
 * 403 naming the PATCH fields the caller's role may not change (`fields`), e.g. a technician's
 * `estimatedDurationMinutes`. Sending a field's current value is not a change and is not refused.
 */
export function forbiddenFields(fields: readonly string[]): ProblemException {
  const code = WorkOrderExceptionCode.FORBIDDEN;
  return new ProblemException({
    status: 403,
    type: problemTypeForCode(code),
    detail: `${fields.join(', ')}: your role does not allow changing ${fields.length === 1 ? 'this field' : 'these fields'}; planners and admins do`,
    extensions: { code, fields: [...fields] },
  });
}

/** 422 for a business rule, with the offending items named. */
export function ruleViolation(code: WorkOrderExceptionCode, detail: string, extensions: Record<string, unknown>): ProblemException {
  return new ProblemException({ status: 422, type: problemTypeForCode(code), detail, extensions: { code, ...extensions } });
}

/** 400 naming one field, like the validation pipe does. */
export function invalidField(field: string, message: string): ProblemException {
  const errors: FieldError[] = [{ field, message }];
  return ProblemException.validation(errors);
}
