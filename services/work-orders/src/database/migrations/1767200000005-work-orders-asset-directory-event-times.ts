import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The asset read model remembers how new its data is, as the assets service's own times, so that
 * an older event arriving late (a dead letter replayed, a redelivery) cannot undo newer state.
 * Each part has its own time because the parts are ordered by different clocks:
 * - `known_assets.register_changed_at`: tag, name and location (AssetCreated.created_at,
 *   AssetUpdated.updated_at: when the register was edited);
 * - `known_assets.status_changed_at`: the status (AssetStatusChanged.changed_at: when the change
 *   took effect, which may be back-dated before an earlier register edit);
 * - `known_locations.name_changed_at`: the location's own fields (created_at, updated_at, moved_at);
 * - `known_locations.tree_changed_at`: parent and ancestors, which also change when an ancestor moves.
 * Null means not known (rows from before this migration): the next event with a time applies.
 * `updated_at` stays the local time the row was last written.
 */
export class WorkOrdersAssetDirectoryEventTimes1767200000005 implements MigrationInterface {
  name = 'WorkOrdersAssetDirectoryEventTimes1767200000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table known_assets add column register_changed_at timestamptz, add column status_changed_at timestamptz`);
    await queryRunner.query(`alter table known_locations add column name_changed_at timestamptz, add column tree_changed_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table known_locations drop column tree_changed_at, drop column name_changed_at`);
    await queryRunner.query(`alter table known_assets drop column status_changed_at, drop column register_changed_at`);
  }
}
