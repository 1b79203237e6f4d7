// The first import of a service's main.ts, through its src/instrument.ts:
//   import '@mate/service-kit/instrument';
// Importing starts OpenTelemetry, so http, express, pg and Nest are patched before they load.
// The service name is OTEL_SERVICE_NAME, or the services/<name> folder of the entry script.
import { serviceNameFromProcess, startTelemetry } from './start-telemetry';

startTelemetry(serviceNameFromProcess());

export { startTelemetry, serviceNameFromProcess };
