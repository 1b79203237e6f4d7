import { serviceNameFromProcess } from './start-telemetry';

describe('serviceNameFromProcess', () => {
  it('prefers OTEL_SERVICE_NAME', () => {
    expect(serviceNameFromProcess({ OTEL_SERVICE_NAME: 'reporting' }, '/app/services/assets/src/main.ts')).toBe('reporting');
  });

  it('reads the services/<name> folder of the entry script', () => {
    expect(serviceNameFromProcess({}, '/work/main/services/pm-scheduling/src/main.ts')).toBe('pm-scheduling');
    expect(serviceNameFromProcess({}, '/app/dist/services/work-orders/src/main.js')).toBe('work-orders');
  });

  it('falls back to a generic name', () => {
    expect(serviceNameFromProcess({}, '/app/main.js')).toBe('mate-service');
    expect(serviceNameFromProcess({}, undefined)).toBe('mate-service');
  });
});
