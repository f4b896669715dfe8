// S-5: annual accumulators updated exactly once per settlement, retries included, without
// multi-document transactions (FerretDB has none). A charge is one conditional update of the
// accumulator document (models/accumulator.ts): it applies only if nobody charged since we
// read it (version) and only if this settlement was not counted yet (applied ids). A lost race
// re-reads and recomputes, so two bills can never both spend the same cap room.
//
// Inside one process the bills of one accumulator also queue behind each other: they would
// only lose races to each other, and a queue costs one await where a lost race costs a
// round-trip. The version check still guards against other API processes.
import type mongoose from 'mongoose';
import { DomainError } from '../../domain/errors';
import { accumulatorKeyId, type AccumulatorKey, type AccumulatorValues } from '../../domain/settlement';
import { accumulatorModel } from '../../models/accumulator';

/** What one settlement adds (domain SettlementBreakdown.accumulatorDelta). */
export interface AccumulatorCharge {
  deductibleFen: number;
  fundFen: number;
}

export interface AccumulatorSnapshot extends AccumulatorValues {
  keyId: string;
  /** 0 when the document does not exist yet. */
  version: number;
  exists: boolean;
}

/**
 * Cross-process races for one person's accumulator are rare (it takes two replicas settling
 * the same person's bills at the same instant), so a handful of attempts is plenty; running
 * out answers a retryable conflict rather than waiting without bound.
 */
export const MAX_CHARGE_ATTEMPTS = 16;

export interface ChargeSteps<T> {
  /** Computes the settlement against these totals and makes it durable as PENDING; may throw a rule error. */
  prepare(snapshot: AccumulatorSnapshot): Promise<{ charge: AccumulatorCharge; result: T }>;
  /** This settlement was already counted (a retry): finish and return what was recorded then. */
  alreadyCharged(): Promise<T>;
}

export interface ChargeOutcome<T> {
  result: T;
  /** False when an earlier attempt had already counted this settlement. */
  chargedNow: boolean;
  attempts: number;
}

const ZERO: AccumulatorValues = { deductibleUsedFen: 0, fundPaidFen: 0 };

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class AccumulatorStore {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly db: mongoose.Connection) {}

  private get model() {
    return accumulatorModel(this.db);
  }

  /** Current totals (zero when nothing was settled yet) and whether `settlementId` is counted. */
  async read(key: AccumulatorKey, settlementId?: string): Promise<AccumulatorSnapshot & { applied: boolean }> {
    const keyId = accumulatorKeyId(key);
    const doc = await this.model.findById(keyId).lean();
    if (!doc) return { keyId, version: 0, exists: false, ...ZERO, applied: false };
    return {
      keyId,
      version: doc.version,
      exists: true,
      deductibleUsedFen: doc.deductibleUsedFen,
      fundPaidFen: doc.fundPaidFen,
      applied: settlementId !== undefined && doc.appliedSettlementIds.includes(settlementId),
    };
  }

  /**
   * Counts `settlementId` in the accumulator exactly once. `prepare` runs against the totals
   * the charge will be checked against; when another writer got there first it runs again
   * on fresh totals (so its durable side effect must be an overwrite of the same record).
   */
  async chargeOnce<T>(key: AccumulatorKey, settlementId: string, steps: ChargeSteps<T>): Promise<ChargeOutcome<T>> {
    const keyId = accumulatorKeyId(key);
    return this.queued(keyId, async () => {
      for (let attempt = 1; attempt <= MAX_CHARGE_ATTEMPTS; attempt += 1) {
        const snapshot = await this.read(key, settlementId);
        if (snapshot.applied) return { result: await steps.alreadyCharged(), chargedNow: false, attempts: attempt };
        const { charge, result } = await steps.prepare(snapshot);
        if (await this.tryCharge(key, snapshot, settlementId, charge)) return { result, chargedNow: true, attempts: attempt };
        // Another process charged in between: back off a little (jittered, so replicas spread out).
        await pause(Math.random() * Math.min(50, 2 * attempt));
      }
      throw new DomainError('SETTLEMENT_ACCUMULATOR_CONTENDED', { accumulator: keyId, attempts: MAX_CHARGE_ATTEMPTS });
    });
  }

  /** One atomic single-document write; false when the totals moved since `snapshot`. */
  private async tryCharge(
    key: AccumulatorKey,
    snapshot: AccumulatorSnapshot,
    settlementId: string,
    charge: AccumulatorCharge,
  ): Promise<boolean> {
    const now = new Date();
    if (!snapshot.exists) {
      // The first charge creates the document; a concurrent first charge loses on the _id.
      try {
        await this.model.create({
          _id: snapshot.keyId,
          personId: key.personId,
          scheme: key.scheme,
          year: key.year,
          capGroup: key.capGroup,
          deductibleUsedFen: charge.deductibleFen,
          fundPaidFen: charge.fundFen,
          version: 1,
          appliedSettlementIds: [settlementId],
          updatedAt: now,
        });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    }
    const updated = await this.model.updateOne(
      { _id: snapshot.keyId, version: snapshot.version, appliedSettlementIds: { $ne: settlementId } },
      {
        $inc: { deductibleUsedFen: charge.deductibleFen, fundPaidFen: charge.fundFen, version: 1 },
        $push: { appliedSettlementIds: settlementId },
        $set: { updatedAt: now },
      },
    );
    return updated.matchedCount === 1;
  }

  /** Runs `work` after every earlier call for the same key has finished (failures included). */
  private async queued<R>(keyId: string, work: () => Promise<R>): Promise<R> {
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

/** The process's store for a connection: one queue per accumulator per process. */
export function accumulatorStore(db: mongoose.Connection): AccumulatorStore {
  let store = stores.get(db);
  if (!store) {
    store = new AccumulatorStore(db);
    stores.set(db, store);
  }
  return store;
}
