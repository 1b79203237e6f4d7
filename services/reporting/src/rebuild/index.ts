export { rebuildProjections, type RebuildOptions, type RebuildResult } from './rebuild-projections';
export type { RebuildProgress } from './rebuild-progress';
