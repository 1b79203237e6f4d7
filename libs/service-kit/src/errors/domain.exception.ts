/** The statuses a domain rule may answer with; anything else is not a domain error. */
export type DomainHttpStatus = 400 | 403 | 404 | 409 | 412 | 422 | 429;

/**
 * Base of each feature's one exception class. A feature declares a code enum and maps every code
 * to a status in one exhaustive switch:
 *
 *   export enum WorkOrderExceptionCode { NOT_FOUND = 'WORK_ORDER_NOT_FOUND', CLOSED = 'WORK_ORDER_CLOSED' }
 *   export class WorkOrderException extends DomainException<WorkOrderExceptionCode> {
 *     httpStatus(): DomainHttpStatus {
 *       switch (this.code) {
 *         case WorkOrderExceptionCode.NOT_FOUND: return 404;
 *         case WorkOrderExceptionCode.CLOSED: return 409;
 *         default: return assertUnreachable(this.code);
 *       }
 *     }
 *   }
 *
 * The message becomes the problem's `detail`: write it for the API caller, with no internals.
 */
export abstract class DomainException<TCode extends string> extends Error {
  constructor(
    readonly code: TCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  abstract httpStatus(): DomainHttpStatus;
}
