// In-memory business state of the simulated outside world: what each treatment-region
// agency has been told, and the finance department's accounts, transfers and collections.
// Nothing persists: a restart (or POST /__reset) starts from an empty world.
import type { TransferRecord, TransferRequest } from '../../activities/agencyContract';

export type AgencyMessageKind = 'INQUIRY' | 'REMINDER' | 'ESCALATION' | 'RECOVERY';

export interface AgencyMessage {
  receiptId: string;
  kind: AgencyMessageKind;
  region: string;
  receivedAt: string;
  payload: unknown;
}

export interface Collection {
  recoveryId: string;
  payments: { amountFen: number; confirmedAt: string }[];
}

export class SimulatorState {
  private messages: AgencyMessage[] = [];
  private balances = new Map<string, number>();
  private transfers: TransferRecord[] = [];
  private collections = new Map<string, Collection>();
  private sequence = 0;

  reset(): void {
    this.messages = [];
    this.balances.clear();
    this.transfers = [];
    this.collections.clear();
    this.sequence = 0;
  }

  // ---- agencies ----
  receive(region: string, kind: AgencyMessageKind, payload: unknown): AgencyMessage {
    const message = { receiptId: `rcpt-${region}-${++this.sequence}`, kind, region, receivedAt: now(), payload };
    this.messages.push(message);
    return message;
  }

  inbox(region: string): AgencyMessage[] {
    return this.messages.filter((m) => m.region === region);
  }

  // ---- finance ----
  balance(account: string): number {
    return this.balances.get(account) ?? 0; // accounts open on first use with 0
  }

  /** Sets a balance directly (test control), e.g. to seed an advance fund account. */
  setBalance(account: string, balanceFen: number): void {
    this.balances.set(account, balanceFen);
  }

  findTransfer(transferId: string): TransferRecord | undefined {
    return this.transfers.find((t) => t.transferId === transferId);
  }

  listTransfers(filter: { transferId?: string; originType?: string; originId?: string }): TransferRecord[] {
    return this.transfers.filter(
      (t) =>
        (filter.transferId === undefined || t.transferId === filter.transferId) &&
        (filter.originType === undefined || t.origin.type === filter.originType) &&
        (filter.originId === undefined || t.origin.id === filter.originId),
    );
  }

  /** Both legs in one synchronous step, so the books always balance. Negative balances allowed. */
  transfer(request: TransferRequest): TransferRecord {
    const record: TransferRecord = { ...request, status: 'COMPLETED', completedAt: now() };
    this.balances.set(request.fromAccount, this.balance(request.fromAccount) - request.amountFen);
    this.balances.set(request.toAccount, this.balance(request.toAccount) + request.amountFen);
    this.transfers.push(record);
    return record;
  }

  confirmCollection(recoveryId: string, amountFen: number): Collection {
    const collection = this.collections.get(recoveryId) ?? { recoveryId, payments: [] };
    collection.payments.push({ amountFen, confirmedAt: now() });
    this.collections.set(recoveryId, collection);
    return collection;
  }

  collection(recoveryId: string): Collection {
    return this.collections.get(recoveryId) ?? { recoveryId, payments: [] };
  }
}

function now(): string {
  return new Date().toISOString();
}
