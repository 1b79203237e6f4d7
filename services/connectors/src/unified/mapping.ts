/**
 * The shape of a system's mapping declaration: data, one file per system in `mappings/`, read by
 * `toUnified`/`toRemote`, by the adapters' reads (collections, id and modified fields), by the sync
 * (incremental and delete strategies) and by the docs generator.
 */
import type { SystemKind, UnifiedEntity } from '../adapters';
import type { FieldType } from './model';

/**
 * A named conversion between the remote value and the unified one. Data, so the docs can say it:
 * `epochSeconds` (Limble), `sapDate` (`/Date(ms+0000)/`), `codes` (a status code table; a code not in
 * it passes through as text), `flag` (1/0 or 'X'/'' → boolean).
 */
export type Transform =
  | { kind: 'epochSeconds' }
  | { kind: 'epochMillis' }
  | { kind: 'sapDate' }
  | { kind: 'flag' }
  /**
   * `listed`: where the system lists the account's own codes, so the settings' check can name those
   * no table maps. `writes`: unified value → native code, where a connection's overrides give one
   * value several codes (see codes.ts).
   */
  | { kind: 'codes'; codes: Readonly<Record<string, string>>; listed?: CodeList; writes?: Readonly<Record<string, string>> };

/** A system's list of an account's codes: `GET path` answers a JSON array of objects with `code` and `name` fields. */
export interface CodeList {
  path: string;
  code: string;
  name: string;
}

export interface FieldMapping {
  /** Unified field name (see UNIFIED_MODEL), or a custom field's name. */
  unified: string;
  /**
   * Remote field, a dotted path for nested values (`customFields.criticality`). A segment inside a
   * list of `{field|name, value}` pairs (Limble's `fields`) picks the pair of that name.
   */
  remote: string;
  type: FieldType;
  transform?: Transform;
}

/** How a sync finds changes and deletes for one entity of one system. */
export interface SyncDeclaration {
  /** `modified_since`: the system filters by modification time; `full_scan`: every page every time. */
  incremental: 'modified_since' | 'full_scan';
  /** `deleted_flag`: deleted records stay listed with a flag; `full_scan_compare`: they vanish, so a full scan's generation compare finds them. */
  deletes: 'deleted_flag' | 'full_scan_compare';
}

export interface LinesMapping {
  /** Field of the header holding the lines, or (`collection`) a class of its own. */
  remote: string;
  /** Where lines are records of their own (Fiix): the class and the field linking a line to its header. */
  collection?: { name: string; parentField: string; idField: string };
  fields: readonly FieldMapping[];
}

export interface EntityMapping {
  /** The system's own collection: object structure, entity set, class or resource path. */
  collection: string;
  /** Where the collection lives when the system splits its API into services (SAP). */
  service?: string;
  idField: string;
  modifiedField: string;
  modifiedTransform?: Transform;
  /** Soft-delete flag, where the system shows deleted records. */
  deletedField?: string;
  /** Fixed filter picking this entity out of a shared collection (Fiix keeps locations, assets and parts in Asset). */
  filter?: Readonly<Record<string, string | number>>;
  fields: readonly FieldMapping[];
  lines?: LinesMapping;
  sync: SyncDeclaration;
}

export interface SystemMapping {
  system: SystemKind;
  /**
   * Where the system keeps customer fields, tried when a configured custom field is not at the top
   * level: an object (`customFields`, `extraFields`) or a list of `{field, value}` pairs (Limble).
   */
  customFieldContainer?: { field: string; kind: 'object' | 'pairs' };
  /** How the system writes times outside the declared fields (custom fields of type datetime); ISO when absent. */
  dates?: Transform;
  /** How the system names custom tables, for the docs and the settings form. */
  customTables: string;
  entities: Readonly<Record<UnifiedEntity, EntityMapping>>;
}

export const field = (unified: string, remote: string, type: FieldType = 'string', transform?: Transform): FieldMapping =>
  transform ? { unified, remote, type, transform } : { unified, remote, type };
