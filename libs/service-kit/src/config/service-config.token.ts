/** Injection token of the validated ServiceConfig: `@Inject(SERVICE_CONFIG) config: ServiceConfig`. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
