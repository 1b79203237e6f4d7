import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deleted assets and locations stay in the read model as tombstones (`deleted_at` set) instead of
 * being removed: the assets service never reuses an id, so once deleted nothing may bring the row
 * back, and a late AssetUpdated or LocationUpdated (a redelivery, a replayed dead letter) would
 * otherwise re-create it. New work treats a tombstone as unknown.
 */
export class WorkOrdersAssetDirectoryDeletions1767200000006 implements MigrationInterface {
  name = 'WorkOrdersAssetDirectoryDeletions1767200000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table known_assets add column deleted_at timestamptz`);
    await queryRunner.query(`alter table known_locations add column deleted_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table known_locations drop column deleted_at`);
    await queryRunner.query(`alter table known_assets drop column deleted_at`);
  }
}
