import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StoredCustomFields } from '../common/sql.util';

export interface PostalAddress {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

@Entity({ name: 'locations' })
export class Location {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  /** Materialised path of ids, root first, self last: `/a/b/c/`. */
  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'int' })
  depth!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  code!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'is_storeroom', type: 'boolean' })
  isStoreroom!: boolean;

  @Column({ type: 'jsonb', nullable: true })
  address!: PostalAddress | null;

  @Column({ type: 'numeric', nullable: true })
  latitude!: string | null;

  @Column({ type: 'numeric', nullable: true })
  longitude!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'custom_fields', type: 'jsonb' })
  customFields!: StoredCustomFields;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Ancestor ids (root first, self excluded) of a location's path. */
export function ancestorIdsOf(path: string): string[] {
  return path.split('/').filter(Boolean).slice(0, -1);
}

/** Path ids (root first, self included). */
export function pathIdsOf(path: string): string[] {
  return path.split('/').filter(Boolean);
}
