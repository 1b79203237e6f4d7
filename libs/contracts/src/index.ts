export * from './gen';
export { eventRegistry, eventSchemaOf } from './registry';
export * from './topics';
export * from './dlq-headers';
export * from './envelope-headers';
