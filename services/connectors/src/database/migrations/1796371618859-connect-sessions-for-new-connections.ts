import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A connect session can also create a connection (the hosted flow for a new connection): it then
 * has no connection yet, and keeps what the administrator chose instead (system, auth kind, display
 * name, base URL, settings; nothing secret). Exactly one of the two is set.
 */
export class ConnectSessionsForNewConnections1796371618859 implements MigrationInterface {
  name = 'ConnectSessionsForNewConnections1796371618859';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table connect_sessions alter column connection_id drop not null`);
    await queryRunner.query(`alter table connect_sessions add column new_connection jsonb`);
    await queryRunner.query(`alter table connect_sessions add constraint connect_sessions_one_target check ((connection_id is null) <> (new_connection is null))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`delete from connect_sessions where connection_id is null`);
    await queryRunner.query(`alter table connect_sessions drop constraint connect_sessions_one_target`);
    await queryRunner.query(`alter table connect_sessions drop column new_connection`);
    await queryRunner.query(`alter table connect_sessions alter column connection_id set not null`);
  }
}
