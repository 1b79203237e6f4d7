// Master key rotation, step 2: rewraps every tenant's data key with the current (first) master key.
//   npm run connectors:rewrap-keys
// Step 1 deploys CONNECTORS_MASTER_KEYS="<new>,<old>" (both accepted); step 3 drops <old> once this
// has run. The service keeps running throughout; running this twice changes nothing the second time.
import { loadServiceConfig } from '@mate/service-kit';
import { DataSource } from 'typeorm';
import { CONNECTORS_CONFIG_SPEC, CONNECTORS_SERVICE } from './config/connectors.config';
import { EnvelopeEncryption, TenantDataKey, parseMasterKeyring, rewrapDataKeys } from './credentials';

async function main(): Promise<void> {
  const config = loadServiceConfig(CONNECTORS_SERVICE, CONNECTORS_CONFIG_SPEC);
  const envelope = new EnvelopeEncryption(parseMasterKeyring(config.extra.CONNECTORS_MASTER_KEYS));
  // The owner: the data keys of every tenant, across row-level security.
  const owner = new DataSource({ type: 'postgres', url: config.database.ownerUrl, entities: [TenantDataKey], logging: false });
  await owner.initialize();
  try {
    const result = await rewrapDataKeys(owner, envelope);
    console.log(`master key ${envelope.currentMasterKeyVersion}: ${result.rewrapped} data key(s) rewrapped, ${result.alreadyCurrent} already current`);
  } finally {
    await owner.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : 'rewrap failed');
  process.exit(1);
});
