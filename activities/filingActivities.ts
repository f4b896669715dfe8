// Side effects of the filing workflow: the read model, the audit trail, the F-7 bar and the
// lookup behind F-11 supersession. Each write is keyed by workflow identity (filing id +
// revision/event seq), so a retried or replayed activity writes once.
import { saveFilingView, filingViewModel, type FilingView } from '../models/filingView';
import { LIVE_FILING_STATUSES } from '../domain/filing/types';
import { recordAuditEvent, type AuditEvent } from '../models/auditEvent';
import { recordCommitmentBar, type CommitmentBar } from '../models/personBar';
import { canonicalPersonId } from '../models/personAlias';
import { settlementRecordModel } from '../models/settlementRecord';
import type { ActivityDeps } from './deps';

export function createFilingActivities({ db }: ActivityDeps) {
  return {
    /** Audit first: a view never shows an event whose audit record could still be missing. */
    async persistFiling({ view, audit }: { view: FilingView; audit: Array<Omit<AuditEvent, 'at'> & { at: string }> }): Promise<void> {
      for (const event of audit) await recordAuditEvent(db, { ...event, at: new Date(event.at) });
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
