// F-11: one live filing per person and treatment coverage, even for two filings opened at the
// same moment. Every filing of a person in a province takes the next slot of one chain
// (`<canonical person>|<province>#<n>`, an insert against the unique _id: of two filings opened
// at once exactly one gets each slot), so the filings of a person in a province have one order,
// and a filing supersedes the competing filings before it, never after it.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { driverCollection, modelOn } from './connection';

export interface FilingClaim {
  _id: string;
  chain: string;
  seq: number;
  /** Unique per claim: a filing claims again when it moves to another treatment region. */
  claimId: string;
  filingId: string;
  treatmentRegion: string;
  at: Date;
}

const claimSchema = new Schema<FilingClaim>(
  {
    _id: { type: String, required: true },
    chain: { type: String, required: true },
    seq: { type: Number, required: true },
    claimId: { type: String, required: true },
    filingId: { type: String, required: true },
    treatmentRegion: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'filing_claims', versionKey: false },
);

export function filingClaimModel(connection: mongoose.Connection) {
  return modelOn<FilingClaim>(connection, 'FilingClaim', claimSchema);
}

export function claimSlotId(chain: string, seq: number): string {
  return `${chain}#${seq}`;
}

/** The whole chain, in order: slots are read by _id until the first free one (no gaps). */
export async function readClaimChain(connection: mongoose.Connection, chain: string): Promise<FilingClaim[]> {
  const claims: FilingClaim[] = [];
  for (;;) {
    const next = await driverCollection(filingClaimModel(connection)).findOne({ _id: claimSlotId(chain, claims.length + 1) });
    if (!next) return claims;
    claims.push(next);
  }
}
