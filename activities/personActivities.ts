// Side effects of a person-number change: the alias that makes both numbers one person,
// and the lookup of the person's in-flight cases. The alias is an insert against the number's
// unique _id, so a retried activity records it once.
import { DomainError } from '../domain/errors';
import { LIVE_FILING_STATUSES } from '../domain/filing/types';
import { filingViewModel } from '../models/filingView';
import { canonicalPersonId, personNumbers, recordPersonAlias } from '../models/personAlias';
import { recoveryViewModel } from '../models/recoveryView';
import type { ActivityDeps } from './deps';

/** Recovery statuses in which the debtor is still being asked for money (RC-3). */
const COLLECTING = ['ORDERED', 'AWAITING_PAYMENT', 'ESCALATED'];

export function createPersonActivities({ db, clock }: ActivityDeps) {
  return {
    /** The new number joins the person of the old one; answers the person's first number. */
    async recordPersonAlias({ personId, newPersonId, changeId }: { personId: string; newPersonId: string; changeId: string }) {
      const canonical = await canonicalPersonId(db, personId);
      const recorded = await recordPersonAlias(db, { newPersonId, canonical, changeId, at: new Date(await clock.nowMs()) });
      if (!recorded) throw new DomainError('PERSON_NUMBER_IN_USE', { newPersonId });
      return { canonicalPersonId: canonical };
    },

    /** Live filings of the person (under any of its numbers) and recoveries still collecting from it. */
    async findPersonCases({ personId }: { personId: string }) {
      const numbers = await personNumbers(db, await canonicalPersonId(db, personId));
      const [filings, recoveries] = await Promise.all([
        filingViewModel(db)
          .find(
            { $or: [{ personId: { $in: numbers } }, { formerPersonIds: { $in: numbers } }], status: { $in: [...LIVE_FILING_STATUSES] } },
            { filingId: 1 },
          )
          .lean(),
        recoveryViewModel(db)
          .find({ debtor: { $in: numbers }, status: { $in: COLLECTING } }, { recoveryId: 1 })
          .lean(),
      ]);
      return { filings: filings.map((f) => f.filingId).sort(), recoveries: recoveries.map((r) => r.recoveryId).sort() };
    },
  };
}

export type PersonActivities = ReturnType<typeof createPersonActivities>;
