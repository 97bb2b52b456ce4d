/**
 * The post-commit event bus: the unit of work hands it the events an action committed, in seq
 * order, and never before the commit. Consumers: the gateway's socket hub (fan-out to the
 * sessions that may see each event); later the channel outbox and the cluster transport.
 */
export interface EventBus {
  publish(events: readonly LoggedEvent[]): void;
  /** Returns the unsubscribe. */
  subscribe(consumer: (events: readonly LoggedEvent[]) => void): () => void;
  /** An ephemeral signal (typing): to the signal consumers of every node, this one's at once; never logged. */
  signal(signal: unknown): void;
  /** Returns the unsubscribe. */
  subscribeSignals(consumer: (signal: unknown) => void): () => void;
}

/** An event as the log stores it: `data` is its JSON; the other columns say who may see it. */
export interface EventRow {
  seq: number;
  name: string;
  data: string;
  conversation_id: number | null;
  assignee_id: string | null;
  prev_assignee_id: string | null;
  assignee_changed: number;
  customer_id: number | null;
  target_user_key: string | null;
  created_at: number;
}

export type NewEvent = Omit<EventRow, 'seq'>;

/** An event row as written, with its data kept parsed for fan-out. */
export interface LoggedEvent {
  row: EventRow;
  data: unknown;
}
