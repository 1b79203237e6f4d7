/**
 * What every API request of every simulator goes through, in order: body parsing, identification
 * of the credential, counting, injected faults, the rate limit, then authentication; only then the
 * system's own routes.
 */
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECTION_LIMIT_REPLY, type FaultRule } from './faults';
import { sendReply } from './http';
import { SimulatedFailure } from './system';
import type { SimulatorState } from './state';

const parsers = [express.json({ type: ['application/json', '+json'] }), express.urlencoded({ extended: false })];

/** Parses JSON and form bodies, keeping a parse error for later: a malformed request is still counted and authenticated first. */
const parseBody: RequestHandler = (req, res, next) => {
  const run = (index: number) => {
    const parser = parsers[index];
    if (!parser) return next();
    parser(req, res, (error?: unknown) => {
      if (error) res.locals.bodyError = error;
      run(index + 1);
    });
  };
  run(0);
};

/** Answers as the fault says; resolves true when the request must go no further. */
async function applyFault(fault: FaultRule, sim: SimulatorState, req: Request, res: Response): Promise<boolean> {
  const { errors } = sim.system;
  switch (fault.kind) {
    case 'rate_limit':
      sendReply(res, errors.rateLimited(fault.retryAfterSeconds ?? 1));
      return true;
    case 'connection_limit':
      sendReply(res, CONNECTION_LIMIT_REPLY);
      return true;
    case 'server_error':
      sendReply(res, errors.serverError(fault.status ?? 503));
      return true;
    case 'malformed':
      // Cut off mid-document, as a proxy that dropped the connection half-way would deliver it.
      res.status(200).type('application/json').send('{"truncated": [{"id": 1, "descr');
      return true;
    case 'disconnect':
      req.socket.destroy();
      return true;
    case 'timeout':
      if (fault.delayMs !== undefined) {
        const timer = setTimeout(() => req.socket.destroy(), fault.delayMs);
        res.on('close', () => clearTimeout(timer));
      }
      return true;
    case 'latency':
      await sleep(fault.delayMs ?? 0);
      return false;
    case 'drop_reply':
      // The handler runs and commits; whatever it answers is thrown away with the connection.
      res.end = (() => {
        req.socket.destroy();
        return res;
      }) as Response['end'];
      return false;
  }
}

function gate(sim: SimulatorState): RequestHandler {
  return async (req, res, next) => {
    const outcome = sim.system.authenticate(req, sim);
    const credentialId = 'credentialId' in outcome ? outcome.credentialId : undefined;
    const entry = sim.requests.record(req.method, req.path, credentialId);
    res.on('finish', () => {
      entry.status = res.statusCode;
      sim.options.onRequest?.(entry);
    });

    const fault = sim.faults.next(req.method, req.path);
    if (fault && (await applyFault(fault, sim, req, res))) return;

    const wait = sim.rateLimiter.take(credentialId ?? req.ip ?? 'unknown');
    if (wait > 0) return sendReply(res, sim.system.errors.rateLimited(wait));

    const { errors } = sim.system;
    if (outcome.kind === 'missing') return sendReply(res, outcome.reply ?? errors.missingCredentials());
    if (outcome.kind === 'invalid') return sendReply(res, outcome.reply ?? errors.invalidCredentials());
    if (outcome.kind === 'expired') return sendReply(res, outcome.reply ?? errors.expiredCredentials());
    if (res.locals.bodyError) return sendReply(res, errors.validation('The request body is not valid JSON.'));
    res.locals.credentialId = credentialId;
    next();
  };
}

const handleFailure =
  (sim: SimulatorState): ErrorRequestHandler =>
  (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof SimulatedFailure) return sendReply(res, error.reply);
    console.error(`[${sim.system.kind} simulator]`, error);
    sendReply(res, sim.system.errors.serverError(500));
  };

/** The system's API behind the shared pipeline, with its own 404 and error shapes. */
export function apiRouter(sim: SimulatorState): express.Router {
  const router = express.Router();
  const systemRoutes = express.Router();
  sim.system.routes(systemRoutes, sim);
  router.use(parseBody, gate(sim), systemRoutes);
  router.use((req: Request, res: Response) => sendReply(res, sim.system.errors.notFound(req.path)));
  router.use(handleFailure(sim));
  return router;
}
