import { statusAfter } from './alert-status-transitions';

describe('statusAfter', () => {
  it('acknowledge, mute and resolve from an open alert', () => {
    expect(statusAfter('open', 'acknowledge')).toBe('acknowledged');
    expect(statusAfter('open', 'mute')).toBe('muted');
    expect(statusAfter('acknowledged', 'resolve')).toBe('resolved');
    expect(statusAfter('muted', 'acknowledge')).toBe('acknowledged');
  });

  it('a resolved alert stays resolved: resolving again changes nothing, anything else is refused', () => {
    expect(statusAfter('resolved', 'resolve')).toBe('resolved');
    expect(statusAfter('resolved', 'acknowledge')).toBeNull();
    expect(statusAfter('resolved', 'mute')).toBeNull();
  });
});
