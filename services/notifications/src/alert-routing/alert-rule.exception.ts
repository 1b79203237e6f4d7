import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum AlertRuleExceptionCode {
  NOT_FOUND = 'ALERT_RULE_NOT_FOUND',
}

export class AlertRuleException extends DomainException<AlertRuleExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case AlertRuleExceptionCode.NOT_FOUND:
        return 404;
      default:
        return assertUnreachable(this.code);
    }
  }
}

export const alertRuleNotFound = (): AlertRuleException => new AlertRuleException(AlertRuleExceptionCode.NOT_FOUND, 'no such alert rule');
