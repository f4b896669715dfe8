// S-5: annual accumulators counted exactly once per settlement, retries included, with no
// multi-document transaction and no atomic update (see models/accumulator.ts for why it is a
// log of charges). Charging = take the newest charge of the chain, compute the bill against
// its totals, insert the next slot. A lost race (someone took the slot) re-reads and
// recomputes, so two bills can never both spend the same cap room; a settlement already in
// the log (unique settlementId) gets its first receipt back and is never charged again. The
// receipt travels inside the charge, so charging and keeping the answer are one insert.
//
// Inside one process the bills of one chain also queue behind each other: they would only
// lose races to each other, and a queue costs an await where a lost race costs round-trips.
// The unique slot still guards against other API processes.
import type mongoose from 'mongoose';
import { DomainError } from '../../domain/errors';
import { accumulatorKeyId, type AccumulatorKey, type AccumulatorValues } from '../../domain/settlement';
import { accumulatorChargeModel, chargeSlotId, refusalMarkerId, REFUSALS, type AccumulatorCharge } from '../../models/accumulator';
import { driverCollection } from '../../models/connection';
import { insertOnce } from '../../models/writes';

/** What one settlement adds (domain SettlementBreakdown.accumulatorDelta). */
export interface ChargeAmounts {
  deductibleFen: number;
  fundFen: number;
}

export interface AccumulatorSnapshot extends AccumulatorValues {
  keyId: string;
  /** Number of charges so far (the newest charge's seq; 0 for none). */
  seq: number;
}

export interface ChargeOutcome<R> {
  receipt: R;
  /** False when the settlement was already in the log (a retry): receipt is the one recorded then. */
  chargedNow: boolean;
  attempts: number;
}

/**
 * Cross-process races on one chain need two replicas settling the same person's bills at the
 * same instant, so a handful of attempts is plenty; running out answers a retryable conflict
 * rather than waiting without bound.
 */
export const MAX_CHARGE_ATTEMPTS = 16;

/** Chains whose newest charge this process remembers (a lower bound: charges only ever grow). */
const REMEMBERED_CHAINS = 10_000;

/**
 * How stale a quote's totals may be. A quote stores nothing and a stored settlement always
 * charges against the true newest charge, so a quote may miss what another API process
 * charged lately (a single process never misses anything: every charge of its own goes
 * through this memory). Up to QUOTE_FRESHNESS_MS the memory is used as is; up to
 * QUOTE_STALE_LIMIT_MS it is used while a read refreshes it in the background (so a quiet
 * person's next quote does not wait for the database); beyond that a quote waits for the read.
 */
export const QUOTE_FRESHNESS_MS = 5_000;
export const QUOTE_STALE_LIMIT_MS = 60_000;

interface Remembered {
  snapshot: AccumulatorSnapshot;
  /** When the database last confirmed it was the newest charge (a read, or our own insert). */
  confirmedAt: number;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function snapshotOf(
  keyId: string,
  charge: Pick<AccumulatorCharge, 'seq' | 'deductibleUsedFen' | 'fundPaidFen'> | null,
): AccumulatorSnapshot {
  return charge
    ? { keyId, seq: charge.seq, deductibleUsedFen: charge.deductibleUsedFen, fundPaidFen: charge.fundPaidFen }
    : { keyId, seq: 0, deductibleUsedFen: 0, fundPaidFen: 0 };
}

export class AccumulatorStore {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly newest = new Map<string, Remembered>();
  private readonly reading = new Map<string, Promise<AccumulatorSnapshot>>();

  constructor(private readonly db: mongoose.Connection) {}

  private get model() {
    return accumulatorChargeModel(this.db);
  }

  /**
   * The totals after the newest charge of the chain (zero when there is none). Concurrent
   * reads of one chain share the read under way, so the answer may be as old as that read's
   * start; a charge never relies on it (its insert is the check), a quote may.
   */
  read(key: AccumulatorKey): Promise<AccumulatorSnapshot> {
    const keyId = accumulatorKeyId(key);
    let pending = this.reading.get(keyId);
    if (!pending) {
      pending = this.readNow(keyId).finally(() => this.reading.delete(keyId));
      this.reading.set(keyId, pending);
    }
    return pending;
  }

  private async readNow(keyId: string): Promise<AccumulatorSnapshot> {
    const snapshot = await this.findNewest(keyId, this.newest.get(keyId)?.snapshot ?? snapshotOf(keyId, null));
    this.remember(snapshot);
    return snapshot;
  }

  /** The totals for a quote: this process's memory, refreshed as QUOTE_FRESHNESS_MS says. */
  async readForQuote(key: AccumulatorKey): Promise<AccumulatorSnapshot> {
    const known = this.newest.get(accumulatorKeyId(key));
    const age = known ? Date.now() - known.confirmedAt : Infinity;
    if (!known || age > QUOTE_STALE_LIMIT_MS) return this.read(key);
    if (age > QUOTE_FRESHNESS_MS) this.read(key).catch(() => undefined); // a failed refresh: the next quote tries again
    return known.snapshot;
  }

  /**
   * Counts `settlementId` in the chain (given as a key, or its stored key id) exactly once. A
   * reversal (S-8) is a charge of its own, with negative amounts, under its own unique id. `prepare` computes the settlement against
   * the totals it will be charged at and returns what to add plus a receipt stored with the
   * charge; it runs again on fresh totals when another process took the slot first.
   */
  async chargeOnce<R>(
    key: AccumulatorKey | string,
    settlementId: string,
    prepare: (snapshot: AccumulatorSnapshot) => { amounts: ChargeAmounts; receipt: R },
  ): Promise<ChargeOutcome<R>> {
    const keyId = typeof key === 'string' ? key : accumulatorKeyId(key);
    return this.queued(keyId, async () => {
      // What this process last charged here is usually still the newest charge, so it goes
      // straight to the insert; if another process charged since, the slot is taken and the
      // insert says so.
      let snapshot = this.newest.get(keyId)?.snapshot ?? (await this.readNow(keyId));
      for (let attempt = 1; attempt <= MAX_CHARGE_ATTEMPTS; attempt += 1) {
        const seq = snapshot.seq + 1;
        const { amounts, receipt } = prepare(snapshot);
        const charge: AccumulatorCharge = {
          _id: chargeSlotId(keyId, seq),
          keyId,
          seq,
          settlementId,
          deductibleFen: amounts.deductibleFen,
          fundFen: amounts.fundFen,
          deductibleUsedFen: snapshot.deductibleUsedFen + amounts.deductibleFen,
          fundPaidFen: snapshot.fundPaidFen + amounts.fundFen,
          at: new Date(),
          receipt,
        };
        if (await insertOnce(this.model, charge)) {
          this.remember(snapshotOf(keyId, charge));
          return { receipt, chargedNow: true, attempts: attempt };
        }
        const earlier = await this.whyRefused(charge);
        if (earlier) return { receipt: earlier.receipt as R, chargedNow: false, attempts: attempt };
        // Another process took the slot: back off a little (jittered, so replicas spread out).
        if (attempt > 1) await pause(Math.random() * Math.min(50, 2 * attempt));
        snapshot = await this.readNow(keyId);
      }
      throw new DomainError('SETTLEMENT_ACCUMULATOR_CONTENDED', { accumulator: keyId, attempts: MAX_CHARGE_ATTEMPTS });
    });
  }

  /**
   * Records that `settlementId` was refused, in the log its charge would go to, so the unique
   * settlement id lets only one of "charged" and "refused" ever exist for it: a settlement
   * refused once is never charged by a retry, and one charged is never refused by a retry.
   * Returns the receipt that counts: this one, or what an earlier attempt recorded.
   */
  async refuseOnce<R>(settlementId: string, receipt: R): Promise<{ receipt: R; refusedNow: boolean }> {
    const marker: AccumulatorCharge = {
      _id: refusalMarkerId(settlementId),
      keyId: REFUSALS,
      seq: 0,
      settlementId,
      deductibleFen: 0,
      fundFen: 0,
      deductibleUsedFen: 0,
      fundPaidFen: 0,
      at: new Date(),
      receipt,
    };
    if (await insertOnce(this.model, marker)) return { receipt, refusedNow: true };
    const earlier = (await this.model.findById(marker._id).lean()) ?? (await this.model.findOne({ settlementId }).lean());
    if (!earlier) throw new Error(`refusal of ${settlementId} refused as a duplicate, but nothing holds that settlement id`);
    return { receipt: earlier.receipt as R, refusedNow: false };
  }

  /**
   * An insert is refused for its slot (a race: null) or for its settlement id (already
   * charged, or refused: that entry). The slot is looked up by _id; only when it is free is the
   * earlier entry searched by settlement id, which happens on retries alone.
   */
  private async whyRefused(charge: AccumulatorCharge): Promise<AccumulatorCharge | null> {
    const inSlot = await this.model.findById(charge._id).lean();
    if (inSlot) return inSlot.settlementId === charge.settlementId ? inSlot : null;
    const earlier = await this.model.findOne({ settlementId: charge.settlementId }).lean();
    if (!earlier) throw new Error(`charge ${charge._id} refused as a duplicate, but neither its slot nor its settlement exists`);
    return earlier;
  }

  /**
   * The newest charge at or after `known`. Charges have no gaps, so probing slots by _id (the
   * only lookup every backend answers from an index) finds it: usually one miss right after
   * `known`; after a cold start, doubling steps then halving, O(log n) lookups.
   */
  private async findNewest(keyId: string, known: AccumulatorSnapshot): Promise<AccumulatorSnapshot> {
    const at = (seq: number) =>
      driverCollection(this.model).findOne(
        { _id: chargeSlotId(keyId, seq) },
        { projection: { seq: 1, deductibleUsedFen: 1, fundPaidFen: 1 } },
      );
    let newest = known;
    let step = 1;
    for (;;) {
      const found = await at(newest.seq + step);
      if (!found) break;
      newest = snapshotOf(keyId, found);
      step *= 2;
    }
    // newest exists, newest.seq + step does not: the last charge lies between them.
    let missing = newest.seq + step;
    while (missing - newest.seq > 1) {
      const mid = Math.floor((newest.seq + missing) / 2);
      const found = await at(mid);
      if (found) newest = snapshotOf(keyId, found);
      else missing = mid;
    }
    return newest;
  }

  private remember(snapshot: AccumulatorSnapshot): void {
    const current = this.newest.get(snapshot.keyId);
    if (current && current.snapshot.seq > snapshot.seq) return;
    if (!current && this.newest.size >= REMEMBERED_CHAINS) this.newest.clear();
    this.newest.set(snapshot.keyId, { snapshot, confirmedAt: Date.now() });
  }

  /** Runs `work` after every earlier call for the same chain has finished (failures included). */
  private async queued<T>(keyId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(keyId) ?? Promise.resolve();
    const run = previous.then(work);
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(keyId, done);
    try {
      return await run;
    } finally {
      if (this.queues.get(keyId) === done) this.queues.delete(keyId);
    }
  }
}

const stores = new WeakMap<mongoose.Connection, AccumulatorStore>();

/** The process's store for a connection: one queue and one memory of chains per process. */
export function accumulatorStore(db: mongoose.Connection): AccumulatorStore {
  let store = stores.get(db);
  if (!store) {
    store = new AccumulatorStore(db);
    stores.set(db, store);
  }
  return store;
}
