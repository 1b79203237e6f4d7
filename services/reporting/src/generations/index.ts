export { enterGeneration, GENERATION_LOCK_SQL, PROJECTION_TARGET, type ProjectionTarget } from './projection-generation';
