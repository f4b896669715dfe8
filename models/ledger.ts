// RC-4 double-entry ledger in MongoDB. No transactions (FerretDB has none): both legs of a
// movement are written in one unordered insertMany with deterministic entry ids, a duplicate key
// means "already written", and the reconcile step re-checks that both legs exist.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';
import { isDuplicateKey } from './writes';
import { ledgerBalance, movementEntries, type LedgerBalance, type LedgerEntryInput, type Movement } from '../domain/recovery/ledger';

export interface LedgerEntry extends LedgerEntryInput {
  /** = entryId. */
  _id?: string;
  createdAt: Date;
}

const ledgerSchema = new Schema<LedgerEntry>(
  {
    // The entry id itself: a second write of a leg is a duplicate primary key (RC-4).
    _id: { type: String },
    entryId: { type: String, required: true, unique: true },
    movementId: { type: String, required: true, index: true },
    recoveryId: { type: String, required: true, index: true },
    step: { type: String, required: true },
    side: { type: String, enum: ['DEBIT', 'CREDIT'], required: true },
    account: { type: String, required: true, index: true },
    amountFen: { type: Number, required: true },
    origin: { type: Schema.Types.Mixed, required: true },
    bookedOn: { type: String, required: true },
    memo: { type: String, default: '' },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'ledger_entries', versionKey: false },
);

export function ledgerEntryModel(connection: mongoose.Connection) {
  return modelOn<LedgerEntry>(connection, 'LedgerEntry', ledgerSchema);
}

/** Writes both legs of a movement; legs already there stay as they are. Returns the stored legs. */
export async function recordMovement(connection: mongoose.Connection, movement: Movement): Promise<LedgerEntry[]> {
  const model = ledgerEntryModel(connection);
  const legs = movementEntries(movement).map((e) => ({ _id: e.entryId, ...e, createdAt: new Date() }));
  try {
    await model.insertMany(legs, { ordered: false });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return model.find({ movementId: legs[0].movementId }).lean<LedgerEntry[]>();
}

export async function ledgerEntries(connection: mongoose.Connection, filter: { recoveryId?: string } = {}): Promise<LedgerEntry[]> {
  return ledgerEntryModel(connection)
    .find(filter.recoveryId ? { recoveryId: filter.recoveryId } : {}, { _id: 0 })
    .sort({ recoveryId: 1, entryId: 1 })
    .lean<LedgerEntry[]>();
}

/** RC-4: debits == credits per recovery and overall, and every movement has exactly its two legs. */
export async function checkLedgerBalance(connection: mongoose.Connection, filter: { recoveryId?: string } = {}): Promise<LedgerBalance> {
  return ledgerBalance(await ledgerEntries(connection, filter));
}
