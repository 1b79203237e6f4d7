import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { sampleAlert } from '../testing/sample-alert';
import { DEFAULT_ALERT_EMAIL_TEMPLATE } from './default-alert-template';
import { EmailSender } from './email-sender';
import { EmailTemplateEngine } from './email-template';

/** A real SMTP server on loopback that parses what it receives; `refuse` answers RCPT with that code. */
async function startSmtpServer(refuse?: number): Promise<{ server: SMTPServer; port: number; messages: ParsedMail[] }> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refuse === undefined) return callback();
      callback(Object.assign(new Error('mailbox unavailable'), { responseCode: refuse }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => messages.push(mail))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, messages };
}

function senderFor(port: number): EmailSender {
  return new EmailSender(
    { host: '127.0.0.1', port, secure: false, from: 'Mechanic\'s Mate <alerts@example.test>', timeoutMs: 5_000 },
    new EmailTemplateEngine(),
  );
}

describe('EmailSender over a real SMTP server', () => {
  it('sends plain text and responsive HTML with a Message-ID made of the delivery id', async () => {
    const smtp = await startSmtpServer();
    const sender = senderFor(smtp.port);
    try {
      const outcome = await sender.send({
        deliveryId: '0193a1f2-0000-7000-8000-00000000d001',
        attempt: 1,
        alert: sampleAlert({ title: 'Maximo <prod> & co needs new credentials' }),
        target: { to: ['planner@example.test'], template: DEFAULT_ALERT_EMAIL_TEMPLATE },
      });
      expect(outcome.kind).toBe('delivered');
      const [mail] = smtp.messages;
      expect(mail.subject).toBe('[Critical] Maximo <prod> & co needs new credentials');
      expect(mail.messageId).toBe('<0193a1f2-0000-7000-8000-00000000d001@notifications.mechanics-mate>');
      expect(mail.headers.get('x-mate-alert-id')).toBe(sampleAlert().alertId);
      expect(mail.text).toContain('Occurrences: 1');
      expect(mail.html).toContain('Maximo &lt;prod&gt; &amp; co');
      expect(mail.html).not.toContain('<prod>');
      expect(mail.html).toContain('@media only screen'); // MJML's responsive columns
    } finally {
      sender.close();
      await new Promise<void>((resolve) => smtp.server.close(resolve));
    }
  });

  it('treats a permanent SMTP refusal as rejected and a temporary one as retryable', async () => {
    for (const [code, kind] of [[550, 'rejected'], [451, 'retryable']] as const) {
      const smtp = await startSmtpServer(code);
      const sender = senderFor(smtp.port);
      try {
        const outcome = await sender.send({
          deliveryId: `d-${code}`,
          attempt: 1,
          alert: sampleAlert(),
          target: { to: ['nobody@example.test'], template: DEFAULT_ALERT_EMAIL_TEMPLATE },
        });
        expect(outcome).toMatchObject({ kind, responseStatus: code });
        expect(smtp.messages).toHaveLength(0);
      } finally {
        sender.close();
        await new Promise<void>((resolve) => smtp.server.close(resolve));
      }
    }
  });
});
