// the one database step an imported filing takes when it opens: its place in the person's
// order of filings (F-11), read and written by _id only (the chain slots and the person's alias:
// the lookups every backend answers from an index), so that an import of 100,000 filings costs
// the same per filing as the tenth. Filings opened before the order of filings existed are not in
// it and are not looked for here (that search reads every view); a later clerk's filing of the
// person still finds an imported one, through the order.
import { provinceOf, coverageOverlaps } from '../domain/regions';
import { importedSupersession, type ImportedSupersession } from '../domain/filing/import';
import type { FilingCase } from '../domain/filing/case';
import { LIVE_FILING_STATUSES, type FilingStatus } from '../domain/filing/types';
import { isoDateInShanghai, type IsoDate } from '../domain/time';
import { claimSlotId, filingClaimModel, readClaimChain, type FilingClaim } from '../models/filingClaim';
import { filingViewModel } from '../models/filingView';
import { canonicalPersonId } from '../models/personAlias';
import { driverCollection } from '../models/connection';
import { insertOnce } from '../models/writes';
import type { ActivityDeps } from './deps';

/** A place taken by an imported filing also keeps its original application date (F-11 by date). */
interface ImportedClaim extends FilingClaim {
  appliedOn?: IsoDate;
}

const appliedOnOf = (claim: ImportedClaim): IsoDate => claim.appliedOn ?? isoDateInShanghai(new Date(claim.at).getTime());

export function createImportActivities({ db, policies, clock }: ActivityDeps) {
  return {
    /**
     * F-11, X-3: takes the imported filing's place in the person's order of filings in the province
     * (idempotent per filing) and answers, by application date, whether a newer filing had replaced
     * it and which older live filings it replaces (domain/filing/import.ts importedSupersession).
     */
    async claimImportedFilingSlot({ filing }: { filing: FilingCase }): Promise<ImportedSupersession> {
      const canonical = await canonicalPersonId(db, filing.personId);
      const chain = `${canonical}|${provinceOf(filing.treatmentRegion)}`;
      for (let attempt = 1; attempt <= 16; attempt += 1) {
        const claims: ImportedClaim[] = await readClaimChain(db, chain);
        let mine = claims.find((c) => c.claimId === filing.id);
        if (!mine) {
          const seq = claims.length + 1;
          const row: ImportedClaim = {
            _id: claimSlotId(chain, seq),
            chain,
            seq,
            claimId: filing.id,
            filingId: filing.id,
            treatmentRegion: filing.treatmentRegion,
            at: new Date(await clock.nowMs()),
            appliedOn: filing.createdOn,
          };
          if (!(await insertOnce(filingClaimModel(db), row))) continue; // another filing took this place: read again
          mine = row;
          claims.push(row);
        }
        // Each other filing as its latest place says (a filing moved to another region claimed again).
        const latest = new Map<string, ImportedClaim>();
        for (const c of claims) if (c.filingId !== filing.id) latest.set(c.filingId, c);
        const regions = policies.regionMap();
        const overlapping = [...latest.values()].filter((c) => coverageOverlaps(regions, filing.treatmentRegion, c.treatmentRegion));
        const ended = new Set<string>();
        for (const c of overlapping) {
          const view = await driverCollection(filingViewModel(db)).findOne({ _id: c.filingId }, { projection: { status: 1 } });
          if (view && !LIVE_FILING_STATUSES.includes(view.status as FilingStatus)) ended.add(c.filingId);
        }
        return importedSupersession(
          { appliedOn: filing.createdOn, seq: mine.seq, state: filing },
          overlapping.map((c) => ({
            filingId: c.filingId,
            seq: c.seq,
            appliedOn: appliedOnOf(c),
            overlaps: true,
            ended: ended.has(c.filingId),
          })),
        );
      }
      throw new Error(`F-11: could not take a place in ${chain} after 16 attempts (contended)`);
    },
  };
}

export type ImportActivities = ReturnType<typeof createImportActivities>;
