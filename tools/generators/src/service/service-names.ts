import { names } from '@nx/devkit';

/** What the generator is asked for (schema.json). */
export interface ServiceGeneratorOptions {
  name: string;
  port?: number;
  database?: string;
  topic?: string;
  aggregate?: string;
  skipInstall?: boolean;
  skipCodegen?: boolean;
}

/** The spellings of one kebab-case name the templates use. */
export interface NameForms {
  /** kebab-case: file names, URL paths. */
  fileName: string;
  className: string;
  propertyName: string;
  constantName: string;
  /** snake_case: SQL and protobuf. */
  snake: string;
  /** Plain words, for comments and descriptions. */
  words: string;
  /** `a` or `an`, before `words`. */
  article: string;
}

export interface ServiceNames extends Omit<NameForms, 'fileName' | 'snake' | 'words' | 'article'> {
  name: string;
  port: number;
  database: string;
  topic: string;
  /** The protobuf package segment: `pm-scheduling` → `pmscheduling` (mate.<domain>.v1). */
  domain: string;
  agg: NameForms;
  aggs: NameForms & { table: string };
  protoFile: string;
  migrationTimestamp: string;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function forms(kebab: string): NameForms {
  const n = names(kebab);
  return {
    fileName: n.fileName,
    className: n.className,
    propertyName: n.propertyName,
    constantName: n.constantName,
    snake: kebab.replace(/-/g, '_'),
    words: kebab.replace(/-/g, ' '),
    article: /^[aeiou]/.test(kebab) ? 'an' : 'a',
  };
}

/** English plural of the last word, for the usual cases (`item` → `items`, `entry` → `entries`). */
export function pluralOf(kebab: string): string {
  if (/[^aeiou]y$/.test(kebab)) return `${kebab.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(kebab)) return `${kebab}es`;
  return `${kebab}s`;
}

/** Every name the templates and workspace edits need, from the options and the reserved ports. */
export function serviceNames(options: ServiceGeneratorOptions, reservedPort: number | undefined, now: Date): ServiceNames {
  const { name } = options;
  const aggregate = options.aggregate ?? 'item';
  if (!KEBAB.test(name)) throw new Error(`the service name must be kebab-case: "${name}"`);
  if (!KEBAB.test(aggregate)) throw new Error(`the aggregate name must be kebab-case: "${aggregate}"`);
  const port = options.port ?? reservedPort;
  if (port === undefined) throw new Error(`"${name}" has no reserved port: pass --port`);
  if (reservedPort !== undefined && port !== reservedPort) {
    throw new Error(`"${name}" has port ${reservedPort} reserved (SERVICE_PORTS); --port ${port} would disagree with it`);
  }
  const service = forms(name);
  const aggs = forms(pluralOf(aggregate));
  return {
    name,
    className: service.className,
    propertyName: service.propertyName,
    constantName: service.constantName,
    port,
    database: options.database ?? `mate_${service.snake}`,
    topic: options.topic ?? `mate.${name}.v1`,
    domain: name.replace(/-/g, ''),
    agg: forms(aggregate),
    aggs: { ...aggs, table: aggs.snake },
    protoFile: `${aggregate.replace(/-/g, '_')}_events`,
    migrationTimestamp: String(now.getTime()),
  };
}
