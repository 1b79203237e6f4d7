/**
 * `npm run bench`: the benchmark harness (docs/benchmarks.md). Benchmarks live in
 * tests/bench/benchmarks, one file each, registered in benchmarks/index.ts.
 */
// Run through @swc-node/register (package.json): decorator metadata, which Nest needs, and the
// `@mate/*` paths.
import { main } from './harness/main';

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
