import { setImmediate } from 'node:timers/promises';

/**
 * Statements of one transaction sent without waiting for each other, so PostgreSQL executes one
 * while this process prepares the next: a bulk write cut into chunks costs about the database time
 * plus one chunk's preparation, instead of the sum of both. node-postgres queues the statements on
 * the transaction's connection and runs them in order.
 *
 * A failed statement aborts the transaction, so the ones after it fail too; `finish()` reports the
 * first failure. The caller must call `finish()` before it commits or reads what was written.
 */
export class StatementPipeline {
  private readonly sent: Promise<unknown>[] = [];

  /** Starts `statement` and returns once it is on its way (not when it is done). */
  async send(statement: () => Promise<unknown>): Promise<void> {
    const running = statement();
    // finish() observes the outcome; until then a failure must not count as an unhandled rejection.
    running.catch(() => undefined);
    this.sent.push(running);
    // One turn of the event loop: TypeORM hands the statement to pg, which writes it to the socket.
    await setImmediate();
  }

  /** Waits for every statement sent; rejects with the first failure. */
  async finish(): Promise<void> {
    await Promise.all(this.sent);
  }
}
