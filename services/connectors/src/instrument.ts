// First import of main.ts: OpenTelemetry patches http, express, pg and Nest before they load.
import '@mate/service-kit/instrument';
