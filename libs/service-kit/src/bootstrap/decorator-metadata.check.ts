import 'reflect-metadata';
import { Injectable } from '@nestjs/common';

class MetadataProbeDependency {}

@Injectable()
class MetadataProbe {
  constructor(readonly dependency: MetadataProbeDependency) {}
}

/**
 * Nest's injection and the ValidationPipe need `emitDecoratorMetadata`. esbuild (and so tsx) drops
 * it silently, which would leave request bodies unvalidated: refuse to start instead.
 */
export function assertDecoratorMetadata(): void {
  const parameterTypes: unknown = Reflect.getMetadata('design:paramtypes', MetadataProbe);
  if (!Array.isArray(parameterTypes) || parameterTypes[0] !== MetadataProbeDependency) {
    throw new Error(
      'decorator metadata is missing: run services with a compiler that emits it (tsc, SWC), not tsx/esbuild',
    );
  }
}
