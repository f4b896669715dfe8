// P-1, P-4 double-entry ledger of the advance fund and the clearings. Like the recovery ledger
// (models/ledger.ts): both legs of a movement in one unordered insert with deterministic entry
// ids, a duplicate key meaning "already written", so a retried booking lands once.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';
import { isDuplicateKey } from './writes';
import {
  clearingLedgerBalance,
  movementLegs,
  type ClearingBalance,
  type ClearingLedgerEntryInput,
  type ClearingMovement,
} from '../domain/clearing/ledger';

export interface ClearingLedgerEntry extends ClearingLedgerEntryInput {
  _id?: string;
  createdAt: Date;
}

const schema = new Schema<ClearingLedgerEntry>(
  {
    _id: { type: String },
    entryId: { type: String, required: true },
    movementId: { type: String, required: true },
    caseId: { type: String, required: true, index: true },
    insuredRegion: { type: String, index: true },
    treatmentRegion: String,
    step: { type: String, required: true },
    side: { type: String, enum: ['DEBIT', 'CREDIT'], required: true },
    account: { type: String, required: true },
    amountFen: { type: Number, required: true },
    bookedOn: String,
    memo: String,
    createdAt: Date,
  },
  { collection: 'clearing_ledger_entries', versionKey: false },
);

export function clearingLedgerModel(connection: mongoose.Connection) {
  return modelOn<ClearingLedgerEntry>(connection, 'ClearingLedgerEntry', schema);
}

export async function bookClearingMovement(connection: mongoose.Connection, movement: ClearingMovement): Promise<string[]> {
  const legs = movementLegs(movement).map((e) => ({ _id: e.entryId, ...e, createdAt: new Date() }));
  try {
    await clearingLedgerModel(connection).collection.insertMany(legs as never[], { ordered: false });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return legs.map((l) => l.entryId);
}

export async function clearingLedgerEntries(connection: mongoose.Connection, filter: { caseId?: string; insuredRegion?: string } = {}) {
  const query: Record<string, string> = {};
  if (filter.caseId) query.caseId = filter.caseId;
  if (filter.insuredRegion) query.insuredRegion = filter.insuredRegion;
  return clearingLedgerModel(connection)
    .find(query, { _id: 0, createdAt: 0 })
    .sort({ caseId: 1, entryId: 1 })
    .lean<ClearingLedgerEntry[]>();
}

export async function checkClearingLedger(connection: mongoose.Connection, filter: { caseId?: string } = {}): Promise<ClearingBalance> {
  return clearingLedgerBalance(await clearingLedgerEntries(connection, filter));
}
