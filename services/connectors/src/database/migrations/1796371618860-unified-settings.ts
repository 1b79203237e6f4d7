import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A connection's unified settings: extra remote fields per entity (shown under `custom_fields`) and
 * custom objects over the system's own tables. JSON checked by the API on the way in; every read
 * applies them as they are now, so a change needs no deploy. Existing connections start with none.
 */
export class UnifiedSettings1796371618860 implements MigrationInterface {
  name = 'UnifiedSettings1796371618860';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table connections add column unified_settings jsonb not null default '{"customFields": {}, "customObjects": []}'::jsonb`);
    await queryRunner.query(`alter table connections add column unified_settings_updated_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table connections drop column unified_settings_updated_at`);
    await queryRunner.query(`alter table connections drop column unified_settings`);
  }
}
