// Production build: compiles each service and exactly the sources it reaches (its own files, the
// libs' files, the generated protobuf code) to CommonJS JavaScript for Node 20 in dist/, mirroring
// the repository's layout (services/<name>/src/main.ts -> dist/services/<name>/src/main.js).
//
//   bash tools/build/build.sh [--out-dir dist] [service ...]     (default: every services/*/src/main.ts)
//
// The transform is the one the services run with in development (@swc-node/register reading
// the tsconfig): legacy decorators WITH decorator metadata, ES2022 class fields, class names
// kept, ES module interop. `@mate/*` imports become relative requires through the tsconfig paths,
// so the output needs no workspace links (libs' package.json `main` points at TypeScript sources).
// Types are not checked here: that is `npm run typecheck`.
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { transformFileSync, type Options } from '@swc/core';

const ROOT = resolve(__dirname, '../..');

interface PackageJson {
  dependencies?: Record<string, string>;
}
interface PackageLock {
  packages: Record<string, { dev?: boolean }>;
}
interface TsConfig {
  compilerOptions: { paths: Record<string, string[]> };
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(resolve(ROOT, path), 'utf8')) as T;
}

function swcOptions(paths: Record<string, string[]>, sourceFileName: string): Options {
  return {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: ROOT,
      paths,
    },
    module: { type: 'commonjs', noInterop: false },
    sourceMaps: true,
    // The image holds no TypeScript: the maps carry the sources themselves.
    inlineSourcesContent: true,
    sourceFileName,
  };
}

/** `require("…")` calls in SWC's CommonJS output (imports, re-exports and dynamic imports alike). */
function requiredSpecifiers(code: string): string[] {
  return [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1] ?? '');
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const BUILTINS = new Set(builtinModules);

/** The TypeScript file a relative require points at, as Node would find its compiled form. */
function resolveSource(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

export interface BuildResult {
  outDir: string;
  /** The sources compiled, relative to the repository. */
  sources: string[];
  /** Packages the output requires that `npm ci --omit=dev` installs only as another package's dependency. */
  indirectDependencies: string[];
}

/**
 * Compiles each entry file and everything it requires into `outDir` (emptied first), at the same
 * relative paths as in the repository. Throws, listing every problem, when a require cannot work
 * at runtime: a relative path to no TypeScript file, an `@mate/*` import the paths do not map, or
 * a package `npm ci --omit=dev` does not install.
 */
export function build(outDir: string, entries: readonly string[]): BuildResult {
  const tsconfig = readJson<TsConfig>('tsconfig.base.json');
  const paths = Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([alias, targets]) => [alias, targets.map((target) => resolve(ROOT, target))]),
  );
  // The runtime image installs production packages only (npm ci --omit=dev): the lockfile marks the rest `dev`.
  const directDependencies = new Set(Object.keys(readJson<PackageJson>('package.json').dependencies ?? {}));
  const installed = readJson<PackageLock>('package-lock.json').packages;
  const installedForProduction = (name: string): boolean => {
    const entry = installed[`node_modules/${name}`];
    return entry !== undefined && entry.dev !== true;
  };
  const indirect = new Set<string>();

  rmSync(outDir, { recursive: true, force: true });
  const compiled = new Set<string>();
  const problems: string[] = [];

  const compile = (source: string): void => {
    if (compiled.has(source)) return;
    compiled.add(source);
    const target = join(outDir, relative(ROOT, source)).replace(/\.ts$/, '.js');
    const { code, map } = transformFileSync(source, swcOptions(paths, relative(dirname(target), source)));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${basename(target)}.map\n`);
    if (map) writeFileSync(`${target}.map`, map);

    for (const specifier of requiredSpecifiers(code)) {
      const where = `${relative(ROOT, source)}: require("${specifier}")`;
      if (specifier.startsWith('.')) {
        const next = resolveSource(source, specifier);
        if (next === undefined) problems.push(`${where} matches no TypeScript file`);
        else compile(next);
      } else if (specifier.startsWith('@mate/')) {
        problems.push(`${where} was not rewritten: add it to tsconfig.base.json "paths"`);
      } else if (!specifier.startsWith('node:') && !BUILTINS.has(specifier)) {
        const name = packageName(specifier);
        if (!installedForProduction(name)) problems.push(`${where}: "${name}" is not installed by npm ci --omit=dev`);
        else if (!directDependencies.has(name)) indirect.add(name);
      }
    }
  };

  for (const entry of entries) compile(resolve(entry));
  if (problems.length > 0) throw new Error(`build failed:\n  ${problems.join('\n  ')}`);
  return {
    outDir,
    sources: [...compiled].map((source) => relative(ROOT, source)),
    indirectDependencies: [...indirect].sort(),
  };
}

function allServices(): string[] {
  return readdirSync(resolve(ROOT, 'services')).filter((name) => existsSync(resolve(ROOT, 'services', name, 'src/main.ts')));
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { 'out-dir': { type: 'string', default: 'dist' } },
    allowPositionals: true,
  });
  const outDir = resolve(ROOT, values['out-dir']);
  // Emptied first, so only git-ignored folders: dist/ or under .local/. Inside the repository also
  // lets the compiled code find its packages in ./node_modules.
  const [top] = relative(ROOT, outDir).split(sep);
  if (top !== 'dist' && !(top === '.local' && relative(ROOT, outDir) !== '.local')) {
    throw new Error(`--out-dir must be dist, a folder under it, or a folder under .local: ${outDir}`);
  }
  const known = allServices();
  const unknown = positionals.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`unknown service(s): ${unknown.join(', ')} (known: ${known.join(', ')})`);

  const services = positionals.length > 0 ? positionals : known;
  const result = build(outDir, services.map((name) => resolve(ROOT, 'services', name, 'src/main.ts')));
  console.log(`built ${services.join(', ')}: ${result.sources.length} files in ${relative(ROOT, outDir)}/`);
  for (const service of services) console.log(`  node ${relative(ROOT, outDir)}/services/${service}/src/main.js`);
  for (const name of result.indirectDependencies) {
    console.warn(`note: "${name}" is required directly but installed only as another package's dependency; list it in "dependencies"`);
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
