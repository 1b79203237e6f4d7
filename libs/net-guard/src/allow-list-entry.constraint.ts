import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { allowListEntryProblem } from './address-check';

/**
 * class-validator constraint for an allow-list's entries (`@Validate(IsAllowListEntry, { each: true })`):
 * each a host name, an IP address or a CIDR range, as `allowListEntryProblem` judges it, so a
 * service's allow-list API refuses what would match nothing instead of storing it.
 */
@ValidatorConstraint({ name: 'allowListEntry' })
export class IsAllowListEntry implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && allowListEntryProblem(value) === null;
  }

  /** With `each`, class-validator hands the whole array here: name the first entry at fault. */
  defaultMessage(args: ValidationArguments): string {
    const values: unknown[] = Array.isArray(args.value) ? args.value : [args.value];
    for (const value of values) {
      const problem = typeof value === 'string' ? allowListEntryProblem(value) : 'entries must be strings';
      if (problem) return problem;
    }
    return 'invalid entry';
  }
}
