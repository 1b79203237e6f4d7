import { Client } from 'pg';
import { databaseNameOf } from './database-url';
import { PG_ERROR_CODES, postgresErrorCode } from './postgres-errors';

const { DUPLICATE_DATABASE, DUPLICATE_OBJECT, UNIQUE_VIOLATION } = PG_ERROR_CODES;

function quoteIdent(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

export interface EnsureDatabaseOptions {
  /** Owner URL of the service database, e.g. postgres://postgres@127.0.0.1:5432/mate_assets. */
  ownerUrl: string;
  /** Role the application connects as: owns no tables, no BYPASSRLS. */
  applicationRole: string;
  applicationRolePassword?: string;
}

/**
 * Creates the service database and the application role if they are missing, and grants the role
 * data access (not ownership) on everything the owner creates in `public`.
 * Safe to run from several replicas at once: "already exists" races are expected and ignored.
 */
export async function ensureDatabase(options: EnsureDatabaseOptions): Promise<void> {
  const databaseName = databaseNameOf(options.ownerUrl);
  const serverUrl = new URL(options.ownerUrl);
  serverUrl.pathname = '/postgres';

  const server = new Client({ connectionString: serverUrl.toString() });
  await server.connect();
  try {
    // Replicas starting together: concurrent GRANTs on one object fail with "tuple concurrently
    // updated", so the whole preparation runs under a server-wide advisory lock (released with the
    // session at the end).
    await server.query(`select pg_advisory_lock(hashtext('mate.ensure-database'))`);
    const exists = await server.query('select 1 from pg_database where datname = $1', [databaseName]);
    if (exists.rowCount === 0) {
      await server.query(`create database ${quoteIdent(databaseName)}`).catch((error: unknown) => {
        if (postgresErrorCode(error) !== DUPLICATE_DATABASE && postgresErrorCode(error) !== UNIQUE_VIOLATION) throw error;
      });
    }
    const role = await server.query('select 1 from pg_roles where rolname = $1', [options.applicationRole]);
    if (role.rowCount === 0) {
      const password = options.applicationRolePassword
        ? ` password ${server.escapeLiteral(options.applicationRolePassword)}`
        : '';
      await server
        .query(`create role ${quoteIdent(options.applicationRole)} login nosuperuser nobypassrls${password}`)
        .catch((error: unknown) => {
          if (postgresErrorCode(error) !== DUPLICATE_OBJECT && postgresErrorCode(error) !== UNIQUE_VIOLATION) throw error;
        });
    }
    await grantApplicationRole(options.ownerUrl, databaseName, options.applicationRole);
  } finally {
    await server.end();
  }
}

async function grantApplicationRole(ownerUrl: string, databaseName: string, applicationRole: string): Promise<void> {
  const database = new Client({ connectionString: ownerUrl });
  await database.connect();
  try {
    await database.query(`grant connect on database ${quoteIdent(databaseName)} to ${quoteIdent(applicationRole)}`);
    await grantSchemaAccess(database, applicationRole, 'public');
  } finally {
    await database.end();
  }
}

/**
 * After the migrations ran: grants the application role data access (never ownership) on the
 * schemas they created besides `public`, e.g. the job queue's. Those schemas do not exist yet when
 * ensureDatabase() runs, so their grants come here. Returns the schemas granted.
 */
export async function grantMigratedSchemas(ownerUrl: string, applicationRole: string): Promise<string[]> {
  const database = new Client({ connectionString: ownerUrl });
  await database.connect();
  try {
    const { rows } = await database.query<{ schema: string }>(
      `select nspname as schema from pg_namespace
        where nspowner = (select oid from pg_roles where rolname = current_user)
          and nspname <> 'public' and nspname <> 'information_schema' and nspname not like 'pg\\_%'
        order by nspname`,
    );
    for (const { schema } of rows) await grantSchemaAccess(database, applicationRole, schema);
    return rows.map((row) => row.schema);
  } finally {
    await database.end();
  }
}

/** Usage, DML on its tables and sequences, now and for what the owner creates there later. */
async function grantSchemaAccess(database: Client, applicationRole: string, schemaName: string): Promise<void> {
  const role = quoteIdent(applicationRole);
  const schema = quoteIdent(schemaName);
  await database.query(`grant usage on schema ${schema} to ${role}`);
  await database.query(`grant select, insert, update, delete on all tables in schema ${schema} to ${role}`);
  await database.query(`grant usage, select on all sequences in schema ${schema} to ${role}`);
  await database.query(
    `alter default privileges in schema ${schema} grant select, insert, update, delete on tables to ${role}`,
  );
  await database.query(`alter default privileges in schema ${schema} grant usage, select on sequences to ${role}`);
}
