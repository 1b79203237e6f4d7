import { createRegistry, type DescMessage } from '@bufbuild/protobuf';
import { file_mate_platform_v1_diagnostics } from './gen/mate/platform/v1/diagnostics_pb';

/**
 * Every event schema of the platform, looked up by its full protobuf name (the CloudEvents
 * `ce_type`). Add each new generated file here.
 */
export const eventRegistry = createRegistry(file_mate_platform_v1_diagnostics);

export function eventSchemaOf(ceType: string): DescMessage | undefined {
  return eventRegistry.getMessage(ceType);
}
