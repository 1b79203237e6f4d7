/** One server-sent event of the alert stream: its id (the stream position) and the alert as sent. */
export interface StreamedAlert {
  id: string;
  alert: { id: string; status: string; recipientUserId: string | null };
}

/** Reads the first `events` events of `GET /api/v1/alerts/stream`, then closes the connection. */
export async function readAlertStream(url: string, headers: Record<string, string>, events: number): Promise<StreamedAlert[]> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (!response.headers.get('content-type')?.includes('text/event-stream')) throw new Error(`not an event stream: ${response.status}`);
  const reader = response.body!.getReader();
  let text = '';
  const parsed = (): StreamedAlert[] =>
    text
      .split('\n\n')
      .filter((block) => block.includes('data:'))
      .map((block) => ({ id: /^id: (.*)$/m.exec(block)![1], alert: JSON.parse(/^data: (.*)$/m.exec(block)![1]) }));
  while (parsed().length < events) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  return parsed().slice(0, events);
}
