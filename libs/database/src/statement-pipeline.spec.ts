import { StatementPipeline } from './statement-pipeline';

describe('StatementPipeline', () => {
  it('returns from send() before the statement is done, and starts the next one only after it', async () => {
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const statement = (n: number) => () => {
      started.push(n);
      return new Promise<void>((resolve) => releases.push(resolve));
    };
    const pipeline = new StatementPipeline();
    await pipeline.send(statement(1));
    expect(started).toEqual([1]);
    const second = pipeline.send(statement(2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1]); // one in flight at a time
    releases[0]();
    await second;
    expect(started).toEqual([1, 2]);
    let finished = false;
    const finishing = pipeline.finish().then(() => (finished = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(false);
    releases[1]();
    await finishing;
  });

  it('surfaces a failure at the next send() or finish(), never as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pipeline = new StatementPipeline();
      await pipeline.send(() => Promise.reject(new Error('duplicate key')));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
      let sentAfterFailure = false;
      await expect(pipeline.send(async () => void (sentAfterFailure = true))).rejects.toThrow('duplicate key');
      expect(sentAfterFailure).toBe(false);
      await expect(pipeline.finish()).rejects.toThrow('duplicate key');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
