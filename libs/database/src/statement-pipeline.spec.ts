import { StatementPipeline } from './statement-pipeline';

describe('StatementPipeline', () => {
  it('returns from send() before the statement is done, and finish() waits for all of them', async () => {
    const done: number[] = [];
    const releases: Array<() => void> = [];
    const statement = (n: number) => () =>
      new Promise<void>((resolve) => releases.push(() => (done.push(n), resolve())));
    const pipeline = new StatementPipeline();
    await pipeline.send(statement(1));
    await pipeline.send(statement(2));
    expect(done).toEqual([]);
    let finished = false;
    const finishing = pipeline.finish().then(() => (finished = true));
    releases[0]();
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(false);
    releases[1]();
    await finishing;
    expect(done).toEqual([1, 2]);
  });

  it('reports the first failure from finish(), and a failure before it is not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pipeline = new StatementPipeline();
      await pipeline.send(() => Promise.reject(new Error('duplicate key')));
      await pipeline.send(() => Promise.reject(new Error('current transaction is aborted')));
      await new Promise((resolve) => setTimeout(resolve, 10));
      await expect(pipeline.finish()).rejects.toThrow('duplicate key');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
