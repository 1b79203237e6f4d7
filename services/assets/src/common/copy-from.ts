import type { Connection, Submittable } from 'pg';

/**
 * `COPY … FROM STDIN` over a node-postgres client, through its Submittable hook (what
 * pg-copy-streams does, without the dependency): the whole buffer is one CopyData message.
 */
export class CopyFromStdin implements Submittable {
  private error: Error | undefined;
  private settle!: { resolve: () => void; reject: (error: Error) => void };
  readonly done = new Promise<void>((resolve, reject) => {
    this.settle = { resolve, reject };
  });

  constructor(
    private readonly statement: string,
    private readonly data: Buffer,
  ) {}

  submit(connection: Connection): void {
    (connection as unknown as { query(text: string): void }).query(this.statement);
  }

  handleCopyInResponse(connection: Connection): void {
    const copy = connection as unknown as { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void };
    copy.sendCopyFromChunk(this.data);
    copy.endCopyFrom();
  }

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** A value in COPY text format: NULL as \N; backslash, tab, CR and LF escaped. */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** bytea in COPY text format (hex, with the backslash escaped). */
export function copyBytea(value: Uint8Array): string {
  return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}
