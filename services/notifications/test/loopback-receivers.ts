import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  /** The raw body, as a receiver verifies it. */
  body: string;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/** A webhook receiver on loopback that records every request and answers 200 (or the statuses queued). */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The statuses of the next requests, in order (then 200 again). */
  answerNext(statuses: number[]): void;
  /** Leave the next `count` requests unanswered (the sender waits until it times out or dies); closing drops them. */
  holdNext(count: number): void;
  /** Called on every request as it arrives (benchmarks time it). */
  onReceived?: (webhook: ReceivedWebhook) => void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/hooks'): Promise<WebhookReceiver> {
  const statuses: number[] = [];
  const held: ServerResponse[] = [];
  let toHold = 0;
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answerNext: (next) => statuses.push(...next),
    holdNext: (count) => (toHold += count),
    close: () => {
      for (const response of held) response.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const webhook = { headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      receiver.received.push(webhook);
      receiver.onReceived?.(webhook);
      if (toHold > 0) {
        toHold -= 1;
        held.push(response);
        return;
      }
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}

/** A real SMTP server (the `smtp-server` package) on loopback that parses every message it receives. */
export interface SmtpReceiver {
  port: number;
  /** Every message received, parsed, in order. */
  mails: ParsedMail[];
  /** The environment that points the service at it. */
  env: { SMTP_HOST: string; SMTP_PORT: string };
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => mails.push(mail))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
