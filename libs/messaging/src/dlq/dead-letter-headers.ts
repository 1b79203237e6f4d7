/** Error text for a dead-letter header: one line, bounded, never an upstream body. */
export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 1_000);
}
