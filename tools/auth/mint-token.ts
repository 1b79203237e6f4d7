// Mints a development bearer token signed with the dev secret (AUTH_JWT_SECRET or its development default).
//   npm run token -- [--tenant <uuid>] --roles admin,planner [--sub user] [--ttl 1h]
// Without --tenant: the development tenant (dev-tenant.ts), where `npm run setup` connects the simulated Maximo.
// Refuses in AUTH_MODE=oidc: there, tokens come from the identity provider.
import { parseArgs } from 'node:util';
import { isRole, isUuid, loadAuthConfig, ROLES, signDevelopmentToken, type Role } from '@mate/service-kit';
import { devTenantId } from './dev-tenant';

const USAGE = `usage: npm run token -- [--tenant <uuid>] --roles ${ROLES.join(',')} [--sub user] [--ttl 1h]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', default: devTenantId() },
      roles: { type: 'string' },
      sub: { type: 'string', default: 'dev-user' },
      ttl: { type: 'string', default: '1h' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!isUuid(values.tenant)) fail('--tenant must be a uuid');
  const roles = (values.roles ?? '').split(',').map((role) => role.trim()).filter((role) => role.length > 0);
  const unknown = roles.filter((role) => !isRole(role));
  if (roles.length === 0 || unknown.length > 0) fail(`--roles must be a comma-separated list of: ${ROLES.join(', ')}`);
  if (!/^\d+[smhd]$/.test(values.ttl)) fail('--ttl must look like 30m, 1h or 7d');

  if (process.env['AUTH_MODE'] === 'oidc') fail('AUTH_MODE=oidc: get tokens from the identity provider, not from this tool');
  // A development default is only offered for development and test.
  const auth = loadAuthConfig({ env: { NODE_ENV: 'development', ...process.env } });
  if (auth.mode !== 'dev') fail('AUTH_MODE=oidc: get tokens from the identity provider, not from this tool');

  const token = await signDevelopmentToken(auth, {
    subject: values.sub,
    tenantId: values.tenant,
    roles: roles as Role[],
    expiresIn: values.ttl,
  });
  process.stdout.write(`${token}\n`);
}

void main();
