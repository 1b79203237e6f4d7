/** Custom field values as stored in a `custom_fields` jsonb column. */
export type StoredCustomFields = Record<string, string | number | boolean>;
