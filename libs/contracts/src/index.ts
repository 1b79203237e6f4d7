export * from './gen/mate/platform/v1/diagnostics_pb';
export { eventRegistry, eventSchemaOf } from './registry';
