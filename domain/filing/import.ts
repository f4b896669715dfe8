// X-3 migration: a filing the old system granted, moved into this engine with its original dates
// so that its deadlines stay live. The same rules as a clerk's filing decide whether it may exist
// (F-1..F-3, F-6, F-9), except the limits of a *new* application: it is not back-dated now (F-5's
// limits), and it is not refused for a commitment bar (F-7) the old system did not know. Its dates
// are the old system's: validity from the original start, to the original end when the old system
// recorded one (else F-2 computes it), the commitment deadline from the original start (F-6), so
// a commitment imported five months into its six lapses one month later. A deadline already passed
// on the import day fires at once: the case ends as the rule says it ended on that date.
import { DomainError } from '../errors/types';
import type { FilingPolicy } from '../policy/filingPolicy';
import { compareDates, maxDate, type IsoDate } from '../time';
import { openFilingCase, type FilingCase, type FilingCaseTransition } from './case';
import { checkProofKind, checkWorkingPerson } from './materials';
import type { FilingApplication } from './types';

/** What the old system knew about the filing beyond the request itself. */
export interface ImportedOrigin {
  /** The old system's record id: one imported filing per insured region and source id. */
  sourceId: string;
  importId: string;
  /** The line of the import file (1-based). */
  line: number;
  /** The original validity start. */
  validFrom: IsoDate;
  /** The original application date (default: validFrom). */
  applicationDate?: IsoDate;
  /** The original last valid day, when the old system recorded one (else F-2 computes it). */
  validUntil?: IsoDate | null;
  /** The original last day of the commitment period (else F-6 computes it from validFrom). */
  commitmentDeadline?: IsoDate;
  /** F-7: fund money the old system paid under the pending commitment; recovered too at a lapse. */
  fundPaidUnderCommitmentFen?: number;
  /** The day of the import (the rule "not applied in the future" is judged on it). */
  importedOn: IsoDate;
}

/** The application date the case keeps (createdOn): the original one. */
export function originalApplicationDate(origin: Pick<ImportedOrigin, 'applicationDate' | 'validFrom'>): IsoDate {
  return origin.applicationDate ?? origin.validFrom;
}

/** The dates of the origin must agree with each other and with the kind of filing. */
function checkOriginalDates(app: FilingApplication, origin: ImportedOrigin): void {
  const applied = originalApplicationDate(origin);
  const problems: string[] = [];
  if (compareDates(applied, origin.importedOn) > 0) problems.push('applicationDate is after the import day');
  if (origin.validUntil && compareDates(origin.validUntil, origin.validFrom) < 0) problems.push('validUntil is before validFrom');
  if (origin.commitmentDeadline !== undefined) {
    if (!app.commitment) problems.push('commitmentDeadline needs commitment: true');
    else if (compareDates(origin.commitmentDeadline, origin.validFrom) < 0) problems.push('commitmentDeadline is before validFrom');
  }
  if (origin.fundPaidUnderCommitmentFen && !app.commitment) problems.push('fundPaidUnderCommitmentFen needs commitment: true');
  if (problems.length) {
    throw new DomainError('IMPORT_DATES_INCONSISTENT', {
      problems,
      validFrom: origin.validFrom,
      applicationDate: applied,
      validUntil: origin.validUntil ?? null,
      commitmentDeadline: origin.commitmentDeadline ?? null,
      importedOn: origin.importedOn,
    });
  }
}

/**
 * the imported filing opened as its case, with the original dates. Throws the catalogue
 * error a clerk's filing would get for the same content (the API checks each line with this, and
 * the workflow opens the case with it, so both always agree).
 */
export function openImportedFilingCase(
  policy: FilingPolicy,
  args: { id: string; application: FilingApplication; origin: ImportedOrigin },
): FilingCaseTransition {
  const { id, application, origin } = args;
  checkWorkingPerson(application);
  checkProofKind(policy, application.subtype, application.proof);
  checkOriginalDates(application, origin);
  // Planned as if applied on its own start day: the F-5 limits of a new back-dated application
  // do not apply to a filing that is only being moved, and no bar (F-7) refuses it.
  const opened = openFilingCase(policy, {
    id,
    application: { ...application, startDate: origin.validFrom },
    applicationDate: origin.validFrom,
    commitmentBarred: false,
  });
  const applied = originalApplicationDate(origin);
  const pending = opened.state.status === 'COMMITMENT_PENDING';
  const state: FilingCase = {
    ...opened.state,
    validUntil: origin.validUntil === undefined ? opened.state.validUntil : origin.validUntil,
    commitmentDeadline: pending && origin.commitmentDeadline ? origin.commitmentDeadline : opened.state.commitmentDeadline,
    retroactive: compareDates(origin.validFrom, applied) < 0,
    createdOn: applied,
    carriedFundPaidFen: pending ? (origin.fundPaidUnderCommitmentFen ?? 0) : 0,
  };
  return {
    state,
    effects: [],
    event: {
      type: 'CREATED',
      note: 'X-3',
      data: {
        ...opened.event.data,
        validUntil: state.validUntil,
        commitmentDeadline: state.commitmentDeadline,
        retroactive: state.retroactive,
        ruleRefs: [...(opened.event.data.ruleRefs as string[]), 'X-3'],
        imported: {
          sourceId: origin.sourceId,
          importId: origin.importId,
          line: origin.line,
          applicationDate: applied,
          importedOn: origin.importedOn,
          ...(state.carriedFundPaidFen ? { fundPaidUnderCommitmentFen: state.carriedFundPaidFen } : {}),
        },
      },
    },
  };
}

/** A filing of the same person in the same province, as the order of filings (F-11) knows it. */
export interface ClaimedFiling {
  filingId: string;
  /** Its place in the person's order of filings. */
  seq: number;
  /** Its application date: the original one for an imported filing, the claim's day otherwise. */
  appliedOn: IsoDate;
  /** Its coverage overlaps this filing's. */
  overlaps: boolean;
  /** Its case has visibly ended (read model); a filing not known to have ended counts as live. */
  ended: boolean;
}

export interface ImportedSupersession {
  /** F-11: the newer filing that had replaced this one in the old system's order, and since when. */
  supersededBy: { filingId: string; on: IsoDate } | null;
  /** F-11: older live filings this one replaces. */
  supersede: string[];
}

const newer = (a: { appliedOn: IsoDate; seq: number }, b: { appliedOn: IsoDate; seq: number }) =>
  compareDates(a.appliedOn, b.appliedOn) > 0 || (a.appliedOn === b.appliedOn && a.seq > b.seq);

/**
 * F-11 for an imported filing: the person's filings of overlapping coverage are ordered by
 * application date (then by place), not by when the import reached them, so two imported filings
 * end as the old system had them whatever order the lines arrive in, and a filing made in this
 * engine (always newer than the old system's) keeps its place. A newer filing applied while this
 * one still counted replaced it on that day (also one that has ended since, as in the old system);
 * otherwise this one replaces its older live competitors.
 */
export function importedSupersession(
  mine: { appliedOn: IsoDate; seq: number; state: FilingCase },
  others: ClaimedFiling[],
): ImportedSupersession {
  const competing = others.filter((o) => o.overlaps);
  const lastCounted = mine.state.status === 'COMMITMENT_PENDING' ? mine.state.commitmentDeadline : mine.state.validUntil;
  const replacing = competing
    .filter((o) => newer(o, mine) && (lastCounted === null || compareDates(o.appliedOn, lastCounted) <= 0))
    .sort((a, b) => (newer(a, b) ? -1 : 1))[0];
  if (replacing)
    return { supersededBy: { filingId: replacing.filingId, on: maxDate(replacing.appliedOn, mine.state.validFrom) }, supersede: [] };
  return {
    supersededBy: null,
    supersede: competing
      .filter((o) => !o.ended && newer(mine, o))
      .map((o) => o.filingId)
      .sort(),
  };
}
