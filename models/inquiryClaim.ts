// One inquiry per settlement (I-1, I-5): a settlement is claimed by the first inquiry opened on it,
// so the money disallowed on it can never add up to more than the fund paid. FerretDB has no
// transactions and applies conditional updates non-atomically, so the claim is an insert against
// the primary key (`_id` = the settlement id): of two concurrent openings exactly one inserts.
//
// A claim whose inquiry never started (its opening failed after the claim, and nobody retried
// with the same key) would block the settlement for ever. It is taken over, never deleted: the
// successor is one more insert, under `<settlementId>><abandoned inquiryId>`, so only one opening
// can take over a given abandoned claim, and the holder is found by following successors (every
// read a primary-key lookup).
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';
import { insertOnce } from './writes';

export interface InquiryClaim {
  /** The settlement id for the first claim; `<settlementId>><inquiryId it took over>` for a successor. */
  _id: string;
  settlementId: string;
  inquiryId: string;
  /** ISO instant; an abandoned claim is only taken over once it is old enough (see the API service). */
  claimedAt: string;
  /** The abandoned inquiry id this claim took over from (successors only). */
  replaces?: string;
}

const claimSchema = new Schema<InquiryClaim>(
  {
    _id: { type: String },
    settlementId: { type: String, required: true },
    inquiryId: { type: String, required: true },
    claimedAt: { type: String, required: true },
    replaces: { type: String },
  },
  { collection: 'inquiry_claims', versionKey: false },
);

export function inquiryClaimModel(connection: mongoose.Connection) {
  return modelOn<InquiryClaim>(connection, 'InquiryClaim', claimSchema);
}

export type ClaimOutcome = { held: true } | { held: false; holder: InquiryClaim };

const successorId = (settlementId: string, inquiryId: string) => `${settlementId}>${inquiryId}`;

/** The claim in force for a settlement (following take-overs), or null when it was never claimed. */
export async function currentClaim(connection: mongoose.Connection, settlementId: string): Promise<InquiryClaim | null> {
  const model = inquiryClaimModel(connection);
  let claim = await model.findById(settlementId).lean<InquiryClaim>();
  while (claim) {
    const next = await model.findById(successorId(settlementId, claim.inquiryId)).lean<InquiryClaim>();
    if (!next) return claim;
    claim = next;
  }
  return null;
}

async function outcomeFor(connection: mongoose.Connection, settlementId: string, inquiryId: string): Promise<ClaimOutcome> {
  const holder = await currentClaim(connection, settlementId);
  if (!holder) throw new Error(`inquiry claim of ${settlementId} vanished`); // claims are never deleted
  return holder.inquiryId === inquiryId ? { held: true } : { held: false, holder };
}

/**
 * Claims the settlement for `inquiryId`. Held when this inquiry is (or already was, a retried
 * opening) the settlement's inquiry; otherwise the inquiry that holds it.
 */
export async function claimSettlement(
  connection: mongoose.Connection,
  claim: { settlementId: string; inquiryId: string; claimedAt: string },
): Promise<ClaimOutcome> {
  const doc: InquiryClaim = { _id: claim.settlementId, ...claim };
  if (await insertOnce(inquiryClaimModel(connection), doc)) return { held: true };
  return outcomeFor(connection, claim.settlementId, claim.inquiryId);
}

/** Takes over an abandoned claim (the caller has checked that its inquiry never started). One taker wins. */
export async function takeOverClaim(
  connection: mongoose.Connection,
  abandoned: InquiryClaim,
  claim: { inquiryId: string; claimedAt: string },
): Promise<ClaimOutcome> {
  const doc: InquiryClaim = {
    _id: successorId(abandoned.settlementId, abandoned.inquiryId),
    settlementId: abandoned.settlementId,
    inquiryId: claim.inquiryId,
    claimedAt: claim.claimedAt,
    replaces: abandoned.inquiryId,
  };
  if (await insertOnce(inquiryClaimModel(connection), doc)) return { held: true };
  return outcomeFor(connection, abandoned.settlementId, claim.inquiryId);
}
