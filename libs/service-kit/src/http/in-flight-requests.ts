import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { finalize, type Observable } from 'rxjs';

/**
 * Counts the HTTP requests whose handler is still running, including those whose client has gone
 * away: closing the socket does not stop the handler, and the HTTP server no longer waits for it.
 * Shutdown waits for them (ShutdownState) before the modules close the database, because TypeORM's
 * DataSource.destroy() hands the connections of unfinished transactions back to the pool, where
 * another unfinished request can pick one up in the middle of someone else's transaction.
 */
@Injectable()
export class InFlightRequests implements NestInterceptor {
  private running = 0;
  private readonly waiting = new Set<() => void>();

  get count(): number {
    return this.running;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    this.running += 1;
    return next.handle().pipe(finalize(() => this.leave()));
  }

  /** Resolves true once no handler runs, or false after `timeoutMs` with some still running. */
  async drained(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return true;
    let wake: () => void = () => undefined;
    const idle = new Promise<true>((resolve) => {
      wake = () => resolve(true);
      this.waiting.add(wake);
    });
    const timeout = new AbortController();
    try {
      return await Promise.race([idle, sleep(timeoutMs, false, { signal: timeout.signal })]);
    } finally {
      timeout.abort();
      this.waiting.delete(wake);
    }
  }

  private leave(): void {
    this.running -= 1;
    if (this.running > 0) return;
    for (const wake of this.waiting) wake();
  }
}
