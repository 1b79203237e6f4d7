/** Escapes LIKE wildcards; use with `ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Custom field values as stored in a `custom_fields` jsonb column. */
export type StoredCustomFields = Record<string, string | number | boolean>;
