import { ValidateIf } from 'class-validator';

/**
 * Optional, but when present not null: for fields that cannot be cleared. `@IsOptional()` lets null
 * through as well, which would reach a NOT NULL column (a 500) or a lookup by id that TypeORM
 * silently drops; with this the field's other validators reject null with the field's name.
 * Fields that can be cleared use `@IsOptional() @ValidateIf((_, v) => v !== null)` instead.
 */
export function IsPresentNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
