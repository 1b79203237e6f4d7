import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's data key, wrapped by the master key of `masterKeyVersion`; never stored unwrapped. */
@Entity({ name: 'tenant_data_keys' })
export class TenantDataKey {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** The version sealed rows name in `data_key_version`. */
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'master_key_version', type: 'integer' })
  masterKeyVersion!: number;

  @Column({ name: 'wrapped_key', type: 'bytea' })
  wrappedKey!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'rewrapped_at', type: 'timestamptz', nullable: true })
  rewrappedAt!: Date | null;
}
