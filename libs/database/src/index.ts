export { serviceDatabaseUrl, applicationRoleUrl, databaseNameOf, redactUrl } from './database-url';
export { ensureDatabase, grantMigratedSchemas, type EnsureDatabaseOptions } from './ensure-database';
export { withTenantTransaction, setTenant } from './tenant-transaction';
export { arrayLiteral } from './array-literal';
export { StatementPipeline } from './statement-pipeline';
export {
  CURRENT_TENANT_SQL,
  enableTenantRowLevelSecurity,
  disableTenantRowLevelSecurity,
} from './row-level-security';
export { PG_ERROR_CODES, postgresErrorCode, isUniqueViolation, isDataException, escapeLike } from './postgres-errors';
