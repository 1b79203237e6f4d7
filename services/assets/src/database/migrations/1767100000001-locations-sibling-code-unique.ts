import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A location's code is unique among its siblings (same tenant, same parent; top-level locations are
 * siblings of each other), as the contract says: a unique index, so two concurrent writes cannot
 * both pass a check made before them. The comparison is exact (case-sensitive), like asset tags and
 * part SKUs, and like the CSV import's `parentCode` / `locationCode` lookups, which match a code
 * exactly. Locations without a code never conflict (the index skips them); `nulls not distinct`
 * makes the top-level locations (parent null) one group of siblings.
 *
 * Codes written before this rule may already repeat among siblings. Failing the migration would
 * block every deployment until someone edits the data by hand, and clearing the codes would lose
 * them, so the oldest location of each group (by creation, then id) keeps its code and the others
 * get the code with a suffix of their own id: `left(code, 31) || '~' || first 8 characters of the
 * id`, which stays within the API's 40 characters (an export still imports again) and is still
 * found by searching the old code (`q`). Their version moves (a client holding the old ETag gets
 * 412 instead of overwriting) and so does updated_at. No `LocationUpdated` is published: a
 * migration cannot write the outbox's protobuf events, and no consumer keeps location codes.
 * Should a suffixed code happen to be taken as well, the index cannot be built and the whole
 * migration rolls back (nothing is half-renamed).
 */
export class LocationsSiblingCodeUnique1767100000001 implements MigrationInterface {
  name = 'LocationsSiblingCodeUnique1767100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Row-level security is forced on locations (even for the owner) and no tenant is set here, so
    // it is lifted for this one statement, which must see every tenant's rows.
    await queryRunner.query(`alter table locations no force row level security`);
    await queryRunner.query(`
      with ranked as (
        select id, row_number() over (partition by tenant_id, parent_id, code order by created_at, id) as rank
          from locations
         where code is not null
      )
      update locations l
         set code = left(l.code, 31) || '~' || left(l.id::text, 8),
             version = l.version + 1,
             updated_at = now()
        from ranked r
       where r.id = l.id and r.rank > 1`);
    await queryRunner.query(`alter table locations force row level security`);
    await queryRunner.query(
      `create unique index locations_sibling_code_idx on locations (tenant_id, parent_id, code) nulls not distinct where code is not null`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The suffixed codes stay: which ones were renamed is not recorded.
    await queryRunner.query(`drop index if exists locations_sibling_code_idx`);
  }
}
