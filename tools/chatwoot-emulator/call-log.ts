import type { FaultKind } from "./faults.js";

/** One API call as the emulator saw it. */
export interface CallRecord {
  /** Route name, e.g. "messages.create" ("unknown" for unmatched paths). */
  name: string;
  method: string;
  /** The route pattern, e.g. "/api/v1/accounts/:account_id/contacts". */
  route: string;
  path: string;
  /** null while in flight, or when the connection was dropped/held by a fault. */
  status: number | null;
  fault: FaultKind | null;
  rateLimited: boolean;
  startedAt: number;
  finishedAt: number | null;
}

/** Every call to the Chatwoot API surface (the /_emulator control routes excluded). */
export class CallLog {
  private records: CallRecord[] = [];
  private counts = new Map<string, number>();

  constructor(private readonly maxRecords: number) {}

  start(record: CallRecord): CallRecord {
    this.records.push(record);
    // Trim in batches: Array#shift on a full log would cost O(n) on every call.
    if (this.records.length > this.maxRecords * 1.25)
      this.records.splice(0, this.records.length - this.maxRecords);
    this.counts.set(record.name, (this.counts.get(record.name) ?? 0) + 1);
    return record;
  }

  list(): CallRecord[] {
    return this.records.slice(-this.maxRecords).map((r) => ({ ...r }));
  }

  /** Calls per route name since the last reset (not capped by maxRecords). */
  countsByRoute(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  reset(): void {
    this.records = [];
    this.counts = new Map();
  }
}
