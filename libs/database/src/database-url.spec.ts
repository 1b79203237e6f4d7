import { applicationRoleUrl, databaseNameOf, redactUrl, serviceDatabaseUrl } from './database-url';

describe('database urls', () => {
  it('points the base url at the service database', () => {
    expect(serviceDatabaseUrl('postgres://postgres@127.0.0.1:5432/postgres', 'mate_assets')).toBe(
      'postgres://postgres@127.0.0.1:5432/mate_assets',
    );
  });

  it('swaps the owner for the application role', () => {
    const url = applicationRoleUrl('postgres://owner:secret@db:5432/mate_assets', 'mate_app');
    expect(url).toBe('postgres://mate_app@db:5432/mate_assets');
    expect(databaseNameOf(url)).toBe('mate_assets');
  });

  it('never prints a password', () => {
    expect(redactUrl('postgres://owner:secret@db/x')).not.toContain('secret');
  });
});
