import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, Subject } from 'rxjs';
import { InFlightRequests } from './in-flight-requests';

const http = { getType: () => 'http' } as unknown as ExecutionContext;

describe('InFlightRequests', () => {
  it('is drained at once when nothing runs, and once the last handler finishes', async () => {
    const inFlight = new InFlightRequests();
    expect(await inFlight.drained(10)).toBe(true);
    const handler = new Subject<string>();
    const running = lastValueFrom(inFlight.intercept(http, { handle: () => handler } as CallHandler));
    expect(inFlight.count).toBe(1);
    const drained = inFlight.drained(5_000);
    handler.next('done');
    handler.complete();
    await running;
    expect(await drained).toBe(true);
    expect(inFlight.count).toBe(0);
  });

  it('gives up after the timeout while a handler still runs, and counts a failed handler as finished', async () => {
    const inFlight = new InFlightRequests();
    const handler = new Subject<string>();
    const running = lastValueFrom(inFlight.intercept(http, { handle: () => handler } as CallHandler)).catch((error: unknown) => error);
    expect(await inFlight.drained(20)).toBe(false);
    handler.error(new Error('boom'));
    await running;
    expect(inFlight.count).toBe(0);
  });
});
