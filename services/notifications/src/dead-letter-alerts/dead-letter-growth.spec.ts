import { deadLetterGrowth, partitionKey } from './dead-letter-growth';

describe('dead-letter growth', () => {
  const at = (topic: string, partition: number, low: bigint, high: bigint) => ({ topic, partition, low, high });

  it('counts what arrived since the last check, summed over the partitions of a topic', () => {
    const counted = new Map([
      [partitionKey('mate.assets.v1.dlq', 0), 3n],
      [partitionKey('mate.assets.v1.dlq', 1), 5n],
    ]);
    expect(deadLetterGrowth([at('mate.assets.v1.dlq', 0, 0n, 4n), at('mate.assets.v1.dlq', 1, 0n, 7n)], counted)).toEqual([
      { topic: 'mate.assets.v1.dlq', arrived: 3n, held: 11n },
    ]);
  });

  it('reports nothing for a topic that did not grow', () => {
    expect(deadLetterGrowth([at('mate.assets.v1.dlq', 0, 0n, 4n)], new Map([[partitionKey('mate.assets.v1.dlq', 0), 4n]]))).toEqual([]);
  });

  it('counts a partition never counted from its oldest held letter, not from offset zero', () => {
    expect(deadLetterGrowth([at('mate.connectors.v1.dlq', 2, 10n, 12n)], new Map())).toEqual([{ topic: 'mate.connectors.v1.dlq', arrived: 2n, held: 2n }]);
  });

  it('skips letters retention removed since the last check', () => {
    const counted = new Map([[partitionKey('mate.connectors.v1.dlq', 0), 1n]]);
    expect(deadLetterGrowth([at('mate.connectors.v1.dlq', 0, 5n, 6n)], counted)).toEqual([{ topic: 'mate.connectors.v1.dlq', arrived: 1n, held: 1n }]);
  });
});
