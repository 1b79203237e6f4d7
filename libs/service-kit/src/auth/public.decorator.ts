import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'mate:isPublic';

/** Opens a route to callers without a token. Health, metrics and docs are public already. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
