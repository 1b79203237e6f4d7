import { endpointHealthAfter } from './endpoint-health';

const HOUR = 3_600_000;
const at = new Date('2026-12-04T12:00:00Z');
const hoursBefore = (hours: number) => new Date(at.getTime() - hours * HOUR);

describe('endpointHealthAfter', () => {
  it('writes nothing for a success of a healthy endpoint', () => {
    expect(endpointHealthAfter({ enabled: true, failingSince: null }, 'delivered', at, 72 * HOUR)).toBeNull();
  });

  it('ends the failing period on a success', () => {
    expect(endpointHealthAfter({ enabled: true, failingSince: hoursBefore(5) }, 'delivered', at, 72 * HOUR)).toEqual({ failingSince: null, disable: false });
  });

  it('starts a failing period on the first failure', () => {
    expect(endpointHealthAfter({ enabled: true, failingSince: null }, 'retryable', at, 72 * HOUR)).toEqual({ failingSince: at, disable: false });
  });

  it('keeps the period (and writes nothing) while it is shorter than allowed', () => {
    expect(endpointHealthAfter({ enabled: true, failingSince: hoursBefore(71) }, 'rejected', at, 72 * HOUR)).toBeNull();
  });

  it('disables once the period reaches the limit', () => {
    expect(endpointHealthAfter({ enabled: true, failingSince: hoursBefore(72) }, 'retryable', at, 72 * HOUR)).toEqual({ failingSince: hoursBefore(72), disable: true });
  });

  it('does not disable an endpoint twice', () => {
    expect(endpointHealthAfter({ enabled: false, failingSince: hoursBefore(100) }, 'retryable', at, 72 * HOUR)).toBeNull();
  });
});
