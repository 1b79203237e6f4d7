/**
 * Every service owns one database, `mate_<service>`, on the server named by DATABASE_URL.
 * DATABASE_URL connects as the owner (creates the database, runs migrations); the application
 * itself connects as an unprivileged role so row-level security applies to it.
 */
export function serviceDatabaseUrl(baseUrl: string, databaseName: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/** The URL the application uses: same server and database, the application role instead of the owner. */
export function applicationRoleUrl(ownerUrl: string, role: string, password?: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password ?? '';
  return url.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** For logs and errors: never print a password. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
