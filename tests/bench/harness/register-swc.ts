import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { transformSync, type Options } from '@swc/core';

/**
 * Nest resolves constructor dependencies from `design:paramtypes` decorator metadata, which tsx
 * (esbuild) does not emit, so a Nest app started under tsx cannot inject e.g. MessagingRuntime's
 * DataSource. This hook compiles the repository's own .ts files with SWC, with the transform the
 * Jest tests use (jest.shared.js), so the benchmark runs the libraries exactly as the tests do.
 * tsx stays in charge of resolution (the `@mate/*` tsconfig paths). Import it before anything else.
 */
const swcOptions: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

type CompilingModule = NodeJS.Module & { _compile(code: string, filename: string): void };
type Loader = (module: CompilingModule, filename: string) => void;

const extensions = (Module as unknown as { _extensions: Record<string, Loader | undefined> })._extensions;
const previous = extensions['.ts'];

extensions['.ts'] = (module, filename) => {
  if (filename.includes(`${'/'}node_modules${'/'}`) || filename.endsWith('.d.ts')) {
    if (!previous) throw new Error(`no loader for ${filename}`);
    previous(module, filename);
    return;
  }
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};
process.setSourceMapsEnabled(true);
