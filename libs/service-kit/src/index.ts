// Bootstrap: what a service's main.ts and app.module.ts use.
export { bootstrapService, type BootstrapOptions } from './bootstrap/bootstrap-service';
export { createTestingApp } from './bootstrap/create-testing-app';
export { configureApp, API_PREFIX, type HttpOptions } from './bootstrap/configure-app';
export { ServiceKitModule, type ServiceKitModuleOptions } from './bootstrap/service-kit.module';
export { assertDecoratorMetadata } from './bootstrap/decorator-metadata.check';

// Config
export {
  loadServiceConfig,
  type ServiceConfig,
  type DatabaseConfig,
  type ConfigSpec,
  type ConfigValues,
  type LogLevel,
} from './config/service-config';
export {
  loadAuthConfig,
  DEV_JWT_SECRET,
  DEV_JWT_ISSUER,
  DEV_JWT_AUDIENCE,
  type AuthConfig,
  type DevAuthConfig,
  type OidcAuthConfig,
  type LoadConfigOptions,
  type NodeEnv,
} from './config/auth-config';
export {
  ConfigValidationError,
  throwingConfigReporter,
  exitingConfigReporter,
  type ConfigProblem,
  type ConfigReporter,
} from './config/config-validation.error';
export { SERVICE_CONFIG } from './config/service-config.token';
export { SERVICE_PORTS } from './config/service-ports.constant';
export { isBeyondFutureTolerance } from './config/future-time-tolerance';

// Errors
export {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  statusTitle,
  problemTypeForCode,
  type ProblemDetails,
  type FieldError,
} from './errors/problem-details';
export { ProblemException, type ProblemExceptionOptions } from './errors/problem.exception';
export { DomainException, type DomainHttpStatus } from './errors/domain.exception';
export { assertUnreachable } from './errors/assert-unreachable.util';
export { toProblem, type MappedProblem } from './errors/problem.mapper';
export { ProblemDetailsFilter } from './errors/problem-details.filter';
export { createValidationPipe, flattenValidationErrors } from './errors/validation.pipe';
export { IsPresentNotNull } from './errors/is-present-not-null';
export { IsCalendarDate, IsDateTime } from './errors/is-date-time';
export { isCalendarDate, isDateTime, isTimestampText } from './errors/date-time-text';
export { csvLines } from './csv/csv-lines';
export { readCsvRows, readCsvRecords, CsvReadError } from './csv/csv-reader';

// CSV import (per-row errors, all or nothing or partial) and the streamed CSV/JSON export of a resource
export {
  CsvImporter,
  CSV_IMPORT_MAX_ROWS,
  IMPORT_MODES,
  csvBodyParser,
  csvBody,
  numberCell,
  booleanCell,
  type ImportMode,
  type ImportRowError,
  type ImportReport,
  type CsvImportRow,
  type CsvImportTarget,
} from './import-export/csv-importer';
export { ExportStreamer, exportFile, EXPORT_FORMATS, EXPORT_MAX_ROWS, type ExportFormat, type ExportPlan } from './import-export/export-streamer';
export { ImportQueryDto, ImportRowErrorDto, ImportReportBaseDto, ExportFormatProperty } from './import-export/import-export.dto';

// Auth
export { ROLES, isRole, type Role } from './auth/roles';
export { isUuid, type Principal, type AuthenticatedRequest } from './auth/principal';
export { Public } from './auth/public.decorator';
export { Roles } from './auth/roles.decorator';
export { CurrentPrincipal } from './auth/current-principal.decorator';
export { JwtAuthGuard } from './auth/jwt-auth.guard';
export { JwtVerifier, InvalidTokenError } from './auth/jwt-verifier';
export { signDevelopmentToken, type DevelopmentTokenClaims } from './auth/dev-token.util';

// HTTP: optimistic concurrency (ETag / If-Match)
export { etagOf, setEtag, VersionPrecondition } from './http/version-precondition';
export { IfMatch } from './http/if-match.decorator';

// Pagination
export { invalidCursor, type CursorValueType } from './pagination/cursor';
export { CursorPageQuery, SortedPageQuery } from './pagination/cursor-page.query';
export {
  KeysetPage,
  sortOrder,
  creationOrder,
  mapPage,
  type Page,
  type KeysetOrder,
  type KeysetColumn,
  type SortKey,
} from './pagination/keyset-page';

// Tenancy and database
export { TenantTransactions } from './tenancy/tenant-transactions.service';
export { ServiceDatabaseModule, type ServiceDatabaseOptions } from './database/service-database.module';
export { prepareDatabase, type MigrationList, type PrepareDatabaseResult } from './database/prepare-database';
export { DatabaseHealthCheck } from './database/database.health';

// Health
export { HealthModule, type HealthModuleOptions } from './health/health.module';
export { InFlightRequests } from './http/in-flight-requests';
export { UnsupportedMediaTypeInterceptor } from './http/unsupported-media-type.interceptor';
export type { HealthCheck, HealthCheckOutcome } from './health/health-check.interface';

// Logging and telemetry
export { REDACTED, redactSecrets, isSecretKey } from './logging/redact-secrets.util';
export { traceContextMixin } from './logging/trace-context.mixin';
export { prometheusExporter, ensureMeterProvider } from './telemetry/telemetry-state';
export { METRICS_PATH } from './telemetry/metrics.endpoint';

// Custom fields: the value rules of tenant-defined fields
export {
  CUSTOM_FIELD_TYPES,
  CUSTOM_FIELD_KEY_PATTERN,
  customFieldValueProblem,
  customFieldValueFromText,
  mergeCustomFieldValues,
  parseCustomFieldFilters,
  customFieldFilterSql,
  type CustomFieldType,
  type CustomFieldSpec,
  type CustomFieldValue,
  type CustomFieldValues,
  type CustomFieldFilter,
  type CustomFieldFilterOperator,
} from './custom-fields/custom-field-values';
// Custom fields: the definitions' CRUD on each service's own table (its controller and DTOs stay in the service)
export { CustomFieldDefinitionColumns } from './custom-fields/custom-field-definition.columns';
export { CustomFieldException, CustomFieldExceptionCode } from './custom-fields/custom-field.exception';
export {
  CustomFieldDefinitionsService,
  applyCustomFieldFilters,
  type CustomFieldDefinitionsOptions,
  type CustomFieldDefinitionChanges,
  type CustomFieldDefinitionView,
  type NewCustomFieldDefinition,
} from './custom-fields/custom-field-definitions.service';

// OpenAPI
export { ApiProblemResponses, problemResponse, type DocumentedProblemStatus } from './openapi/api-problem-responses.decorator';
export { ProblemDetailsSchema, ValidationProblemSchema, FieldErrorSchema } from './openapi/problem-details.schema';
export { createOpenApiDocument, openApiPaths } from './openapi/setup-openapi';
export { OPENAPI_OUTPUT_VARIABLE, writeOpenApiDocument } from './openapi/write-openapi-document';
