import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { generateFiles, type GeneratorCallback, type Tree } from '@nx/devkit';
import { serviceNames, type ServiceGeneratorOptions } from './service-names';
import { addDeployEntries, addReadmeRow, registerTopic, reservedPort, reservePort } from './workspace-edits';

/**
 * `nx g @mate/tools:service <name>`: a new service from the chassis, shaped as
 * docs/architecture.md describes, with one example aggregate end to end (HTTP → use case →
 * repository and outbox → event on the service's topic), its tests, and every entry outside
 * services/ a service needs (port, topic registry, proto, deploy/, README). docs/new-service.md.
 */
export async function serviceGenerator(tree: Tree, options: ServiceGeneratorOptions): Promise<GeneratorCallback> {
  if (tree.exists(`services/${options.name}`)) throw new Error(`services/${options.name} exists already`);
  const names = serviceNames(options, reservedPort(tree, options.name), new Date());
  // A service planned ahead may have its page already (docs/services/connectors.md): it stays.
  const page = `docs/services/${names.name}.md`;
  const plannedPage = tree.read(page);
  generateFiles(tree, join(__dirname, 'files'), '.', {
    ...names,
    plural: names.aggs.fileName,
    singular: names.agg.fileName,
    tmpl: '',
  });
  if (plannedPage !== null) tree.write(page, plannedPage);
  reservePort(tree, names);
  registerTopic(tree, names);
  addReadmeRow(tree, names);
  addDeployEntries(tree, names);
  return () => {
    const run = (args: string[]) => execFileSync('npm', args, { cwd: tree.root, stdio: 'inherit' });
    // The example event's TypeScript (libs/contracts/src/gen) and the catalogue that lists it.
    if (!options.skipCodegen) {
      run(['run', '-s', 'proto:generate']);
      run(['run', '-s', 'asyncapi:generate']);
    }
    // Records the new workspace package in package-lock.json.
    if (!options.skipInstall) run(['install', '--no-audit', '--no-fund']);
  };
}

export default serviceGenerator;
