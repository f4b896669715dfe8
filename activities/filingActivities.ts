// Side effects of the filing workflow: the read model, the audit trail, the F-7 bar and the
// lookup behind F-11 supersession. Each write is keyed by workflow identity (filing id +
// revision/event seq), so a retried or replayed activity writes once.
import { saveFilingView, filingViewModel, type FilingView } from '../models/filingView';
import { LIVE_FILING_STATUSES, type FilingStatus } from '../domain/filing/types';
import { coverageOverlaps, provinceOf } from '../domain/regions';
import { claimSlotId, filingClaimModel, readClaimChain, type FilingClaim } from '../models/filingClaim';
import { insertOnce } from '../models/writes';
import { recordCaseEvents, type HandedAuditEvent } from './caseEvents';
import { recordCommitmentBar, type CommitmentBar } from '../models/personBar';
import { canonicalPersonId } from '../models/personAlias';
import { legacyFilingIds } from '../models/legacyFilings';
import { driverCollection } from '../models/connection';
import { settlementRecordModel } from '../models/settlementRecord';
import type { ActivityDeps } from './deps';

export function createFilingActivities({ db, policies, clock }: ActivityDeps) {
  return {
    /** Audit first: a view never shows an event whose audit record could still be missing. */
    async persistFiling({ view, audit }: { view: FilingView; audit: HandedAuditEvent[] }): Promise<void> {
      await recordCaseEvents(db, audit, [view.insuredRegion, view.treatmentRegion]);
      await saveFilingView(db, view);
    },

    /** F-7: the bar follows the person, not the number: it is kept under the person's first number. */
    async recordCommitmentBar(bar: CommitmentBar): Promise<void> {
      await recordCommitmentBar(db, { ...bar, personId: await canonicalPersonId(db, bar.personId) });
    },

    /**
     * F-7: what the fund paid under the filing while it was pending: the stored settlements that
     * recorded it as their commitment filing, net of reversals (S-8). Read at the lapse, so no
     * payment depends on a message having arrived.
     */
    async fundPaidUnderCommitment({ filingId }: { filingId: string }): Promise<{ fundFen: number; settlementIds: string[] }> {
      const rows = await settlementRecordModel(db)
        .find({ commitmentFilingId: filingId, state: 'STORED' }, { fundFen: 1, reversal: 1 })
        .lean();
      const counted = rows.filter((r) => !r.reversal);
      return { fundFen: counted.reduce((sum, r) => sum + r.fundFen, 0), settlementIds: counted.map((r) => r._id).sort() };
    },

    /**
     * F-11, R-1: takes this filing's place in the order of the person's filings in the province
     * (an insert against a unique slot: concurrent filings get distinct places) and answers the
     * filings it must supersede: those placed before it whose coverage overlaps its own and that
     * are still live, plus live filings opened before the order existed. Idempotent per claimId.
     */
    async claimFilingSlot(claim: {
      claimId: string;
      filingId: string;
      personId: string;
      treatmentRegion: string;
    }): Promise<{ supersede: string[] }> {
      const canonical = await canonicalPersonId(db, claim.personId);
      const chain = `${canonical}|${provinceOf(claim.treatmentRegion)}`;
      for (let attempt = 1; attempt <= 16; attempt += 1) {
        const claims = await readClaimChain(db, chain);
        let mine = claims.find((c) => c.claimId === claim.claimId);
        if (!mine) {
          const seq = claims.length + 1;
          const row: FilingClaim = {
            _id: claimSlotId(chain, seq),
            chain,
            seq,
            claimId: claim.claimId,
            filingId: claim.filingId,
            treatmentRegion: claim.treatmentRegion,
            at: new Date(await clock.nowMs()),
          };
          if (!(await insertOnce(filingClaimModel(db), row))) continue; // another filing took this place: read again
          mine = row;
          claims.push(mine);
        }
        const place = mine.seq;
        const movedLater = new Set(claims.filter((c) => c.seq > place).map((c) => c.filingId));
        const regionOf = new Map<string, string>();
        for (const c of claims) if (c.seq < place) regionOf.set(c.filingId, c.treatmentRegion);
        // Filings opened before the order existed are not in it: those of the person still live
        // (found once per process, models/legacyFilings.ts), each read by _id.
        const chained = new Set(claims.map((c) => c.filingId));
        const views = driverCollection(filingViewModel(db));
        for (const id of await legacyFilingIds(db, canonical)) {
          if (chained.has(id)) continue;
          const v = await views.findOne({ _id: id }, { projection: { treatmentRegion: 1, status: 1 } });
          if (v && LIVE_FILING_STATUSES.includes(v.status as FilingStatus)) regionOf.set(id, v.treatmentRegion);
        }
        regionOf.delete(claim.filingId);
        const regions = policies.regionMap();
        const competing = [...regionOf.entries()]
          .filter(([id, region]) => !movedLater.has(id) && coverageOverlaps(regions, claim.treatmentRegion, region))
          .map(([id]) => id);
        // Drop the ones whose case has visibly ended (each view by _id, the lookup every backend
        // answers from an index); one whose view is not stored yet is told anyway.
        const ended = new Set<string>();
        for (const id of competing) {
          const v = await views.findOne({ _id: id }, { projection: { status: 1 } });
          if (v && !LIVE_FILING_STATUSES.includes(v.status as FilingStatus)) ended.add(id);
        }
        return { supersede: competing.filter((id) => !ended.has(id)).sort() };
      }
      throw new Error(`F-11: could not take a place in ${chain} after 16 attempts (contended)`);
    },

    /** F-11: the live filings this new one supersedes (same person, same treatment region). */
    async findLiveFilings(query: { personId: string; treatmentRegion: string; excludeFilingId: string }): Promise<string[]> {
      const rows = await filingViewModel(db)
        .find(
          {
            personId: query.personId,
            treatmentRegion: query.treatmentRegion,
            status: { $in: [...LIVE_FILING_STATUSES] },
            filingId: { $ne: query.excludeFilingId },
          },
          { filingId: 1 },
        )
        .lean();
      return rows.map((row) => row.filingId);
    },
  };
}

export type FilingActivities = ReturnType<typeof createFilingActivities>;
