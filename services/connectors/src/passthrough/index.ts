export { PassthroughController } from './passthrough.controller';
export { RunPassthrough } from './run-passthrough';
