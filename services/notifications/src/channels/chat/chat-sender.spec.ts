import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FetchOutboundHttp } from '../http/fetch-outbound-http';
import { sampleAlert } from '../testing/sample-alert';
import { ChatSender } from './chat-sender';
import { slackDigestPayload, slackPayload } from './slack-payload';
import { teamsDigestPayload, teamsPayload } from './teams-payload';

describe('chat payloads', () => {
  it('Slack: a fallback text and blocks, with mentions and links escaped', () => {
    const payload = slackPayload(sampleAlert({ summary: 'see <!channel> and <http://evil|here>' }));
    expect(payload.text).toBe('[Critical] Maximo production needs new credentials');
    expect(JSON.stringify(payload.blocks)).toContain('see &lt;!channel&gt; and &lt;http://evil|here&gt;');
  });

  it('Teams: one Adaptive Card with the alert facts', () => {
    const payload = teamsPayload(sampleAlert({ notification: 'alert.resolved' })) as { attachments: Array<{ contentType: string; content: { body: Array<{ text?: string; facts?: unknown[] }> } }> };
    const [card] = payload.attachments;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.body[0].text).toBe('[Resolved] Maximo production needs new credentials');
    expect(card.content.body[2].facts).toContainEqual({ title: 'Occurrences', value: '1' });
  });
});

describe('chat digest payloads', () => {
  const digest = { tenantId: 't1', windowEnd: new Date('2026-12-04T11:00:00Z'), alerts: [sampleAlert({ severity: 'warning', title: 'Pump <!here>' }), sampleAlert({ severity: 'info', status: 'resolved', title: 'Valve' })] };

  it('Slack: one header and one escaped line per alert, with its status', () => {
    const payload = slackDigestPayload(digest) as { text: string; blocks: Array<{ text: { text: string } }> };
    expect(payload.text).toBe('[Digest] 2 alerts until 2026-12-04T11:00:00.000Z');
    expect(payload.blocks[1].text.text.split('\n')).toEqual([expect.stringContaining('[Warning, open] Pump &lt;!here&gt;'), expect.stringContaining('[Info, resolved] Valve')]);
  });

  it('Teams: one card, one text block per alert', () => {
    const payload = teamsDigestPayload(digest) as { attachments: Array<{ content: { body: Array<{ text: string }> } }> };
    expect(payload.attachments[0].content.body.map((block) => block.text)).toEqual([
      '[Digest] 2 alerts until 2026-12-04T11:00:00.000Z',
      expect.stringContaining('[Warning, open] Pump'),
      expect.stringContaining('[Info, resolved] Valve'),
    ]);
  });
});

describe('ChatSender', () => {
  let server: Server;
  const bodies: unknown[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        bodies.push(JSON.parse(body));
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => server.close());

  it('posts the format of its channel to the incoming webhook', async () => {
    const http = new FetchOutboundHttp((url, init) => fetch(url, { ...init, redirect: 'manual' }), () => false);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXX`;
    const request = { deliveryId: 'd1', attempt: 1, alert: sampleAlert(), target: { url } };
    await expect(new ChatSender('slack', http).send(request)).resolves.toMatchObject({ kind: 'delivered' });
    await expect(new ChatSender('teams', http).send(request)).resolves.toMatchObject({ kind: 'delivered' });
    expect(bodies).toEqual([slackPayload(sampleAlert()), teamsPayload(sampleAlert())]);
  });
});
