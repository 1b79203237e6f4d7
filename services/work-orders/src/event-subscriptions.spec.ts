import { subscriptionProblems } from '@mate/messaging';
import { subscriptions } from './app.module';

describe('the work-orders service’s subscriptions', () => {
  it('handle or ignore, with a reason, every event type of every consumed topic', () => {
    expect(subscriptionProblems(subscriptions())).toEqual([]);
  });
});
