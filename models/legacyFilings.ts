// F-11: the filings that opened before the order of filings (models/filingClaim.ts) existed took
// no place in it, so the order alone does not name every filing a new one may supersede. Finding
// them by person is a query the dev/test database (FerretDB on SQLite) answers only by decoding
// every filing view, and the clerk's pre-check and the opening's claim both needed it on every
// new filing (issue 13: most of the database's CPU per filing). But that set is closed: every
// filing opened since takes its place before its first view is stored, so no filing without a
// place appears any more; they only end. So each process finds them once (the live views that
// hold no place: views read first, places second, so a view stored by today's code is seen with
// its place), remembers them by the person's first number, and a caller reads the few of
// its person by _id for their current state.
import type mongoose from 'mongoose';
import { LIVE_FILING_STATUSES } from '../domain/filing/types';
import { driverCollection, perConnection } from './connection';
import { filingClaimModel } from './filingClaim';
import { filingViewModel } from './filingView';
import { canonicalPersonId } from './personAlias';

type LegacyIndex = Map<string, string[]>;

async function loadLegacyIndex(db: mongoose.Connection): Promise<LegacyIndex> {
  const live = await driverCollection(filingViewModel(db))
    .find({ status: { $in: [...LIVE_FILING_STATUSES] } }, { projection: { _id: 1, filingId: 1, personId: 1 } })
    .toArray();
  if (!live.length) return new Map();
  const placed = new Set(
    (
      await driverCollection(filingClaimModel(db))
        .find({}, { projection: { filingId: 1 } })
        .toArray()
    ).map((c) => c.filingId),
  );
  const index: LegacyIndex = new Map();
  for (const view of live) {
    const filingId = view.filingId ?? String(view._id);
    if (placed.has(filingId)) continue;
    const canonical = await canonicalPersonId(db, view.personId);
    index.set(canonical, [...(index.get(canonical) ?? []), filingId]);
  }
  return index;
}

const legacyIndex = perConnection(loadLegacyIndex);

/**
 * The person's filings opened before the order of filings (by the person's first number), as they
 * were live when this process first asked: read each by _id for its state now (some have ended).
 */
export async function legacyFilingIds(db: mongoose.Connection, canonical: string): Promise<string[]> {
  return (await legacyIndex.get(db)).get(canonical) ?? [];
}

/** Forgets what this process found (tests that store a view without a place, as an old filing had). */
export function forgetLegacyFilings(db: mongoose.Connection): void {
  legacyIndex.forget(db);
}
