import { subscriptionProblems } from '@mate/messaging';
import { SUBSCRIPTIONS } from './app.module';

describe('the connectors service’s subscriptions', () => {
  it('handle or ignore, with a reason, every event type of every consumed topic', () => {
    expect(subscriptionProblems(SUBSCRIPTIONS)).toEqual([]);
  });
});
