import type { Tree } from '@nx/devkit';
import { parseDocument, type YAMLSeq } from 'yaml';
import type { ServiceNames } from './service-names';

export const SERVICE_PORTS_FILE = 'libs/service-kit/src/config/service-ports.constant.ts';
export const TOPICS_FILE = 'libs/contracts/src/topics.ts';

function read(tree: Tree, path: string): string {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`${path} is missing`);
  return text;
}

function portEntries(source: string): Map<string, number> {
  const entries = [...source.matchAll(/^\s+'?([a-z][a-z0-9-]*)'?: (\d+),$/gm)];
  return new Map(entries.map(([, service, port]) => [service, Number(port)]));
}

/** The local port the platform reserves for a service name (SERVICE_PORTS), if any. */
export function reservedPort(tree: Tree, name: string): number | undefined {
  return portEntries(read(tree, SERVICE_PORTS_FILE)).get(name);
}

/** Adds the service to SERVICE_PORTS (its PORT default), unless it is there already. */
export function reservePort(tree: Tree, { name, port }: ServiceNames): void {
  const source = read(tree, SERVICE_PORTS_FILE);
  const ports = portEntries(source);
  if (ports.has(name)) return;
  const owner = [...ports].find(([, used]) => used === port);
  if (owner) throw new Error(`port ${port} is ${owner[0]}'s`);
  const key = /^[a-z][a-z0-9]*$/.test(name) ? name : `'${name}'`;
  tree.write(SERVICE_PORTS_FILE, source.replace(/\n\}\);/, `\n  ${key}: ${port},\n});`));
}

/** The TOPICS entries (their first line's offset and topic name), in file order. */
function topicEntries(source: string): Array<{ at: number; topic: string }> {
  const entries = [...source.matchAll(/^ {2}(?:serviceTopic\('([^']+)'|\{\n {4}topic: '([^']+)')/gm)];
  return entries.map((m) => ({ at: m.index ?? 0, topic: m[1] !== undefined ? `mate.${m[1]}.v1` : m[2] }));
}

function addProducingService(source: string, name: string): string {
  return source.replace(/(export const PRODUCING_SERVICES = \[)([^\]]*)(\] as const;)/, (_all, open: string, body: string, close: string) => {
    const services = [...body.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    if (services.includes(name)) return `${open}${body}${close}`;
    const sorted = [...services, name].sort();
    return `${open}\n${sorted.map((service) => `  '${service}',`).join('\n')}\n${close}`;
  });
}

/** The producer's `serviceTopic(...)` call gets the new event in its list (a list is added if it has none). */
function addEventToEntry(source: string, names: ServiceNames, schema: string): string {
  const start = source.indexOf(`  serviceTopic('${names.name}',`);
  const end = source.indexOf('\n', start);
  const line = source.slice(start, end);
  if (line.endsWith('),')) {
    const listed = `${line.slice(0, -2)}, [\n    ${schema},\n  ]),`;
    return source.slice(0, start) + listed + source.slice(end);
  }
  const close = source.indexOf('\n  ]),', start);
  return `${source.slice(0, close)}\n    ${schema},${source.slice(close)}`;
}

function addTopicEntry(source: string, names: ServiceNames, schema: string): string {
  const call = `serviceTopic('${names.name}', 'Events published by the ${names.name} service.', [\n    ${schema},\n  ])`;
  const entry = names.topic === `mate.${names.name}.v1` ? `  ${call},\n` : `  { ...${call}, topic: '${names.topic}' },\n`;
  const end = source.indexOf('\n];', source.indexOf('export const TOPICS'));
  const next = topicEntries(source).find(({ topic }) => topic > names.topic);
  const at = next?.at ?? end + 1;
  return source.slice(0, at) + entry + source.slice(at);
}

/**
 * Registers the service as a producer in libs/contracts/src/topics.ts with its example event:
 * the topic is then provisioned at start, and in the AsyncAPI document and docs/events.md.
 */
export function registerTopic(tree: Tree, names: ServiceNames): void {
  const schema = `${names.agg.className}CreatedSchema`;
  let source = read(tree, TOPICS_FILE);
  if (source.includes(schema)) throw new Error(`${TOPICS_FILE} already has ${schema}`);
  const importLine = `import { ${schema} } from './gen/mate/${names.domain}/v1/${names.protoFile}_pb';\n`;
  source = source.replace(/\n\/\*\* The services that publish events/, `${importLine}\n/** The services that publish events`);
  source = addProducingService(source, names.name);
  const registered = topicEntries(source).some(({ at }) => source.startsWith(`  serviceTopic('${names.name}',`, at));
  if (registered && names.topic !== `mate.${names.name}.v1`) {
    throw new Error(`${names.name} already publishes to mate.${names.name}.v1; change its topic in ${TOPICS_FILE} by hand`);
  }
  source = registered ? addEventToEntry(source, names, schema) : addTopicEntry(source, names, schema);
  tree.write(TOPICS_FILE, source);
}

/** The README's services table: the service's row (replacing a "not yet" row of the same name). */
export function addReadmeRow(tree: Tree, names: ServiceNames): void {
  const lines = read(tree, 'README.md').split('\n');
  const row =
    `| ${names.name} | ${names.port} | generated from the chassis: example ${names.aggs.words} | ` +
    `[docs/services/${names.name}.md](docs/services/${names.name}.md), OpenAPI at \`/api/v1/${names.name}/docs\` |`;
  const existing = lines.findIndex((line) => line.startsWith(`| ${names.name} |`));
  if (existing >= 0) {
    lines[existing] = row;
  } else {
    const header = lines.findIndex((line) => line.startsWith('| service | port |'));
    if (header < 0) throw new Error('README.md has no services table');
    let last = header + 1;
    while (lines[last + 1]?.startsWith('|')) last += 1;
    lines.splice(last + 1, 0, row);
  }
  tree.write('README.md', lines.join('\n'));
}

function editYaml(tree: Tree, path: string, edit: (document: ReturnType<typeof parseDocument>) => void): void {
  const document = parseDocument(read(tree, path));
  edit(document);
  tree.write(path, document.toString({ lineWidth: 0 }));
}

/** deploy/base lists the service's folder; the production overlay pins its image and replicas. */
export function addDeployEntries(tree: Tree, { name }: ServiceNames): void {
  editYaml(tree, 'deploy/base/kustomization.yaml', (document) => {
    (document.get('resources') as YAMLSeq).add(name);
  });
  editYaml(tree, 'deploy/overlays/production/kustomization.yaml', (document) => {
    (document.get('replicas') as YAMLSeq).add(document.createNode({ name, count: 3 }));
    (document.get('images') as YAMLSeq).add(document.createNode({ name: `mechanics-mate/${name}`, newTag: '0.1.0' }));
  });
}
