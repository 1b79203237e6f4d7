import { createRegistry, type DescMessage } from '@bufbuild/protobuf';
import { allGeneratedFiles } from './gen';

/**
 * Every protobuf type of the platform, looked up by its full name (for events, the CloudEvents
 * `ce_type`). Built from every generated file, so `npm run proto:generate` is the only step.
 */
export const eventRegistry = createRegistry(...allGeneratedFiles);

export function eventSchemaOf(ceType: string): DescMessage | undefined {
  return eventRegistry.getMessage(ceType);
}
