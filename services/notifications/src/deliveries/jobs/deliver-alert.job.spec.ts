import { deliveryJobPriority } from './deliver-alert.job';

describe('deliveryJobPriority', () => {
  it('puts chat and webhook deliveries ahead of e-mail ones', () => {
    expect(deliveryJobPriority('webhook')).toBeGreaterThan(deliveryJobPriority('email'));
    expect(deliveryJobPriority('slack')).toBe(deliveryJobPriority('webhook'));
    expect(deliveryJobPriority('teams')).toBe(deliveryJobPriority('webhook'));
  });
});
