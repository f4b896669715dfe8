// F-7 (220000): a person whose commitment lapsed may never again use commitment filing.
// Keyed by region and person so one insured region's bar does not leak into another's.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';

export interface CommitmentBar {
  insuredRegion: string;
  personId: string;
  filingId: string;
  barredOn: string;
}

const barSchema = new Schema<CommitmentBar>(
  {
    insuredRegion: { type: String, required: true },
    personId: { type: String, required: true },
    filingId: { type: String, required: true },
    barredOn: { type: String, required: true },
  },
  { collection: 'commitment_bars', versionKey: false },
);
barSchema.index({ insuredRegion: 1, personId: 1 }, { unique: true });

export function commitmentBarModel(connection: mongoose.Connection) {
  return modelOn<CommitmentBar>(connection, 'CommitmentBar', barSchema);
}

export async function recordCommitmentBar(connection: mongoose.Connection, bar: CommitmentBar): Promise<void> {
  await commitmentBarModel(connection).updateOne(
    { insuredRegion: bar.insuredRegion, personId: bar.personId },
    { $setOnInsert: bar },
    { upsert: true },
  );
}

export async function isCommitmentBarred(connection: mongoose.Connection, insuredRegion: string, personId: string): Promise<boolean> {
  return (await commitmentBarModel(connection).exists({ insuredRegion, personId })) !== null;
}
