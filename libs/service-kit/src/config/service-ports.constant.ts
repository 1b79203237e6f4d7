/** Local default ports (docs/conventions.md). A service not listed here must set PORT. */
export const SERVICE_PORTS: Readonly<Record<string, number>> = Object.freeze({
  'work-orders': 3001,
  assets: 3002,
  'pm-scheduling': 3003,
  connectors: 3004,
  notifications: 3005,
  reporting: 3006,
});
