import type { TransformFnParams } from 'class-transformer';

/** `?flag=true|false` → boolean; anything else is left for the validator to reject. */
export function toBoolean({ value }: TransformFnParams): unknown {
  if (value === 'true' || value === true) return true;
  if (value === 'false' || value === false) return false;
  return value;
}

/** A repeated or comma-separated query parameter as a list (`?status=down,standby` or `?status=down&status=standby`). */
export function toCommaList({ value }: TransformFnParams): unknown {
  if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]));
  return value;
}

/** A repeated query parameter as a list, never split on commas (values may contain them). */
export function toStringList({ value }: TransformFnParams): unknown {
  if (typeof value === 'string') return [value];
  return value;
}
