/**
 * What the stand-in Slack incoming webhook (alert-server.ts) records, as a plain type with no
 * imports: the server runs in Node, and the workerd tests read the records as JSON.
 */
export interface ReceivedAlert {
  text: string;
  blocks: unknown[] | null;
  /** What the stand-in answered: 200 when accepted. */
  status: number;
  receivedAt: number;
}
