import { setImmediate } from 'node:timers/promises';

/**
 * The statements of a bulk write, one in flight at a time, so that PostgreSQL executes one while
 * this process prepares the next (computes the next chunk, encodes its events): the write costs
 * about the larger of the database time and the CPU time, instead of their sum. One at a time,
 * not more: node-postgres deprecates queueing queries on a busy client (gone in pg 9), and one is
 * enough for the overlap.
 *
 * `send()` waits for the statement in flight, so a failure surfaces at the next `send()` or at
 * `finish()`, which the caller must await before it commits or reads what was written.
 */
export class StatementPipeline {
  private inFlight: Promise<unknown> = Promise.resolve();

  /** Waits for the statement in flight (rethrowing its failure), starts `statement` and returns once it is sent. */
  async send(statement: () => Promise<unknown>): Promise<void> {
    await this.inFlight;
    const running = statement();
    // Observed by the next send() or finish(); until then a failure must not count as unhandled.
    running.catch(() => undefined);
    this.inFlight = running;
    // One turn of the event loop: TypeORM hands the statement to pg, which writes it to the socket.
    await setImmediate();
  }

  /** Waits for the statement in flight; rejects with its failure. */
  async finish(): Promise<void> {
    await this.inFlight;
  }
}
