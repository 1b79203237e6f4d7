import { countAfterMarker } from './count-after-marker';

describe('countAfterMarker', () => {
  it('sends the marker, waits until its effect shows, and only then counts', async () => {
    const steps: string[] = [];
    let polls = 0;
    const counted = await countAfterMarker(
      {
        send: async () => {
          steps.push('send');
        },
        arrived: () => {
          polls += 1;
          steps.push(`poll ${polls}`);
          if (polls < 3) throw new Error('marker not there yet');
        },
      },
      () => {
        steps.push('count');
        return 1;
      },
      { timeoutMs: 5_000 },
    );
    expect(counted).toBe(1);
    expect(steps).toEqual(['send', 'poll 1', 'poll 2', 'poll 3', 'count']);
  });

  it('never counts when the marker does not arrive in time', async () => {
    const count = jest.fn();
    const attempt = countAfterMarker(
      {
        send: async () => undefined,
        arrived: () => {
          throw new Error('marker never arrived');
        },
      },
      count,
      { timeoutMs: 300 },
    );
    await expect(attempt).rejects.toThrow('marker never arrived');
    expect(count).not.toHaveBeenCalled();
  });
});
