import { disableTenantRowLevelSecurity, enableTenantRowLevelSecurity } from '@mate/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['notification_contacts', 'known_locations', 'known_asset_locations', 'outbound_allow_lists'];

/**
 * People as rule recipients (a tenant's notification contacts with their own preferences), the
 * location tree and asset places learnt from mate.assets.v1 (a rule's location-subtree filter),
 * the tenant's outbound allow-list, and chat URLs sealed like webhook secrets.
 */
export class NotificationsRecipientsLocationsAllowLists1767400000061 implements MigrationInterface {
  name = 'NotificationsRecipientsLocationsAllowLists1767400000061';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table alerts add column location_id uuid, add column asset_id uuid`);
    await queryRunner.query(`alter table alert_rules add column recipients jsonb not null default '[]', add column location_id uuid`);
    // A chat URL is a credential: sealed from now on. Rows saved before keep their URL in clear until
    // their first delivery or change seals it (EndpointDeliveryTargets, ChangeWebhookEndpoint).
    await queryRunner.query(`alter table webhook_endpoints add column sealed_url bytea, add column masked_url text, alter column url drop not null`);
    await queryRunner.query(`
      create table notification_contacts (
        id uuid primary key,
        tenant_id uuid not null,
        user_id text not null,
        email text,
        roles text[] not null,
        home_location_id uuid,
        chat_endpoint_id uuid,
        channel_preferences jsonb not null,
        quiet_hours jsonb,
        digest_opt_out boolean not null,
        version int not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        unique (tenant_id, user_id)
      )`);
    await queryRunner.query(`create index notification_contacts_keyset on notification_contacts (tenant_id, created_at, id)`);
    await queryRunner.query(`create index notification_contacts_roles on notification_contacts using gin (roles)`);
    // One row per location as its latest event left it (changed_at guards against an older event
    // applied late); a deleted location stays as a tombstone so a late event cannot bring it back.
    await queryRunner.query(`
      create table known_locations (
        tenant_id uuid not null,
        location_id uuid not null,
        parent_id uuid,
        deleted boolean not null,
        changed_at timestamptz not null,
        primary key (tenant_id, location_id)
      )`);
    await queryRunner.query(`
      create table known_asset_locations (
        tenant_id uuid not null,
        asset_id uuid not null,
        location_id uuid,
        changed_at timestamptz not null,
        primary key (tenant_id, asset_id)
      )`);
    await queryRunner.query(`
      create table outbound_allow_lists (
        tenant_id uuid primary key,
        entries text[] not null,
        version int not null,
        updated_by text not null,
        updated_at timestamptz not null
      )`);
    for (const table of TABLES) await enableTenantRowLevelSecurity(queryRunner, table);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      await disableTenantRowLevelSecurity(queryRunner, table);
      await queryRunner.query(`drop table ${table}`);
    }
    await queryRunner.query(`alter table webhook_endpoints drop column sealed_url, drop column masked_url`);
    await queryRunner.query(`alter table alert_rules drop column recipients, drop column location_id`);
    await queryRunner.query(`alter table alerts drop column location_id, drop column asset_id`);
  }
}
