/** The unified feature's typed errors; the HTTP layer maps them to problem+json in one place (unified.problems.ts). */
export class UnknownUnifiedFieldError extends Error {
  constructor(
    readonly field: string,
    readonly entity: string,
  ) {
    super(`${field} is not a field of ${entity}`);
  }
}
