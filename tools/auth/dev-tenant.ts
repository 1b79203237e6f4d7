/**
 * The tenant of a local development setup: `npm run token` mints for it unless `--tenant` says
 * otherwise, and `npm run setup` connects the simulated Maximo in it, so a newcomer's first token
 * sees that connection at once. `MATE_DEV_TENANT` chooses another.
 */
export const DEFAULT_DEV_TENANT_ID = '0b9f6c7e-2a55-4bb1-9d1c-8c3f1f5b9a10';

export function devTenantId(env: NodeJS.ProcessEnv = process.env): string {
  return env['MATE_DEV_TENANT'] || DEFAULT_DEV_TENANT_ID;
}
