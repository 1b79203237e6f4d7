// Rebuilds the reporting projections from the topics: npm run reporting:rebuild
// The service keeps answering (and projecting) from the active generation until the switch-over.
import { loadServiceConfig } from '@mate/service-kit';
import { REPORTING_CONFIG_SPEC, REPORTING_DATABASE, REPORTING_SERVICE } from './config/reporting.config';
import { rebuildProjections } from './rebuild';

async function main(): Promise<void> {
  const config = loadServiceConfig(REPORTING_SERVICE, REPORTING_CONFIG_SPEC, { databaseName: REPORTING_DATABASE });
  const result = await rebuildProjections({ config, onProgress: (line) => console.log(line) });
  console.log(
    `switched to generation ${result.generation} (${result.progress.events.done} events replayed); generation ${result.retired} dropped`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : 'rebuild failed');
  process.exit(1);
});
