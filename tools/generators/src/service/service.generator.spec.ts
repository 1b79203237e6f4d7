import { join } from 'node:path';
import { FsTree } from 'nx/src/generators/tree';
import { serviceGenerator } from './service.generator';
import { pluralOf } from './service-names';
import { SERVICE_PORTS_FILE, TOPICS_FILE } from './workspace-edits';

/**
 * The generator on this repository's files, its changes kept in memory (the Nx tree): here for the
 * services the platform already reserves a port and a topic for. tests/generator/ runs it for a
 * new name into a copy of the workspace and builds and boots the result.
 */
const ROOT = join(__dirname, '../../../..');

function changedText(tree: FsTree, path: string): string {
  return tree.read(path, 'utf-8') ?? '';
}

describe('nx g @mate/tools:service', () => {
  it('fills in a reserved service: its port, its topic entry, its README row', async () => {
    const tree = new FsTree(ROOT, false);
    // Every reserved service is built by now: reporting's folder stands aside so it counts as reserved only.
    tree.delete('services/reporting');
    await serviceGenerator(tree, { name: 'reporting', aggregate: 'report', skipInstall: true, skipCodegen: true });
    const topics = changedText(tree, TOPICS_FILE);
    expect(topics).toContain("import { ReportCreatedSchema } from './gen/mate/reporting/v1/report_events_pb';");
    expect(topics).toMatch(/serviceTopic\('reporting', '[^']+', \[[^\]]*\n {4}ReportCreatedSchema,\n {2}\]\),/);
    expect(topics.match(/^  'reporting',$/gm)).toHaveLength(1); // PRODUCING_SERVICES has it once
    expect(tree.listChanges().map((change) => change.path)).not.toContain(SERVICE_PORTS_FILE);
    expect(changedText(tree, 'README.md')).toMatch(/^\| reporting \| 3006 \| generated from the chassis/m);
    expect(changedText(tree, 'services/reporting/src/config/reporting.config.ts')).toContain("export const REPORTING_DATABASE = 'mate_reporting';");
    expect(changedText(tree, 'deploy/base/reporting/deployment.yaml')).toContain('containerPort: 3006');
  });

  it('adds a second event to a producer that already lists events', async () => {
    const tree = new FsTree(ROOT, false);
    // pm-scheduling is built: its folder stands aside so that only the edit of its topic entry is under test.
    tree.delete('services/pm-scheduling');
    await serviceGenerator(tree, { name: 'pm-scheduling', aggregate: 'pm-route', skipInstall: true, skipCodegen: true });
    expect(changedText(tree, TOPICS_FILE)).toMatch(/ {4}PmStreamPausedSchema,\n {4}PmRouteCreatedSchema,\n {2}\]\),/);
    expect(changedText(tree, 'proto/mate/pmscheduling/v1/pm_route_events.proto')).toContain('message PmRouteCreated {');
  });

  it('takes a database and a topic of its own', async () => {
    const tree = new FsTree(ROOT, false);
    await serviceGenerator(tree, { name: 'spare-ideas', port: 3990, database: 'mate_ideas', topic: 'mate.ideas.v1', skipInstall: true, skipCodegen: true });
    expect(changedText(tree, TOPICS_FILE)).toContain("{ ...serviceTopic('spare-ideas', 'Events published by the spare-ideas service.', [\n    ItemCreatedSchema,\n  ]), topic: 'mate.ideas.v1' },");
    expect(changedText(tree, SERVICE_PORTS_FILE)).toContain("'spare-ideas': 3990,");
    expect(changedText(tree, 'services/spare-ideas/src/config/spare-ideas.config.ts')).toContain("= 'mate_ideas';");
  });

  it('refuses an existing service, a port that disagrees with the reserved one, and a taken port', async () => {
    const generate = (options: { name: string; port?: number }) => {
      const tree = new FsTree(ROOT, false);
      if (options.name === 'reporting') tree.delete('services/reporting'); // built: here only its reserved port is under test
      return serviceGenerator(tree, { ...options, skipInstall: true, skipCodegen: true });
    };
    await expect(generate({ name: 'assets' })).rejects.toThrow('services/assets exists already');
    await expect(generate({ name: 'reporting', port: 3999 })).rejects.toThrow('has port 3006 reserved');
    await expect(generate({ name: 'spare-ideas', port: 3001 })).rejects.toThrow("port 3001 is work-orders's");
    await expect(generate({ name: 'spare-ideas' })).rejects.toThrow('pass --port');
  });

  it('names the collection in plural', () => {
    expect(['item', 'entry', 'address', 'pm-plan', 'day'].map(pluralOf)).toEqual(['items', 'entries', 'addresses', 'pm-plans', 'days']);
  });
});
