// Side effects of the advance workflow (P-1, P-5): the measurement derived from the records, the
// yearly quota grant booked once, and the read model of the pair's advance case.
import { recordAuditEvent, type AuditEvent } from '../models/auditEvent';
import { saveAdvanceView, type AdvanceView } from '../models/advance';
import { bookClearingMovement } from '../models/clearingLedger';
import { measureAdvance, type Pair } from '../models/advanceMeasure';
import { advanceIdOf, type AdvanceMeasure } from '../domain/advance';
import { grantMovement } from '../domain/clearing/ledger';
import { isoDateInShanghai } from '../domain/time';
import type { ActivityDeps } from './deps';

export function createAdvanceActivities({ db, policies, clock }: ActivityDeps) {
  return {
    /**
     * P-5: usage as the records say now. The year's default quota grant is booked here once
     * (deterministic movement id), so the ledger holds every advance the balance counts.
     */
    async measureAdvanceUsage(pair: Pair): Promise<AdvanceMeasure> {
      const terms = policies.forRegion(pair.insuredRegion).clearing.advance;
      const nowMs = await clock.nowMs();
      const measure = await measureAdvance(db, pair, terms, nowMs);
      const grant = grantMovement({
        caseId: advanceIdOf(pair.insuredRegion, pair.treatmentRegion),
        ...pair,
        year: measure.year,
        seq: 0,
        amountFen: terms.defaultQuotaFen,
        bookedOn: isoDateInShanghai(nowMs),
      });
      if (grant) await bookClearingMovement(db, grant);
      return measure;
    },

    async persistAdvance({ view, audit }: { view: AdvanceView; audit: Array<Omit<AuditEvent, 'at'> & { at: string }> }): Promise<void> {
      for (const event of audit) await recordAuditEvent(db, { ...event, at: new Date(event.at) });
      await saveAdvanceView(db, view);
    },
  };
}

export type AdvanceActivities = ReturnType<typeof createAdvanceActivities>;
