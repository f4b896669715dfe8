// What an operator finds a case by in the Temporal UI and CLI: its kind, both regions, its status
// and its next deadline, as search attributes (never a person's ID number: everything here is
// indexed in plain text), and a one-line summary given when the case starts. The five names must
// be registered on the server (the dev and time-skipping launchers in scripts/servers/ do it; in
// production the compose job does, and the worker refuses to start without them).
import * as wf from '@temporalio/workflow';
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
} from '@temporalio/common';

export const CASE_KINDS = ['FILING', 'INQUIRY', 'RECOVERY', 'CLEARING'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CaseKindKey = defineSearchAttributeKey('CaseKind', SearchAttributeType.KEYWORD);
export const InsuredRegionKey = defineSearchAttributeKey('InsuredRegion', SearchAttributeType.KEYWORD);
export const TreatmentRegionKey = defineSearchAttributeKey('TreatmentRegion', SearchAttributeType.KEYWORD);
export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const NextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);

/** The names and types to register, as `temporal operator search-attribute create` spells the types. */
export const CASE_SEARCH_ATTRIBUTES = {
  CaseKind: 'Keyword',
  InsuredRegion: 'Keyword',
  TreatmentRegion: 'Keyword',
  CaseStatus: 'Keyword',
  NextDeadline: 'Datetime',
} as const;

/**
 * the upserts are new commands in the case workflows; recorded histories replay without them
 * and a running case takes them up at its next publish on this code. Planned removal:
 * deprecatePatch once every case begun before it has continued as new or ended, then delete.
 */
export const CASE_SEARCH_ATTRIBUTES_PATCH = 'case-search-attributes';

export interface CaseFacts {
  kind: CaseKind;
  insuredRegion: string;
  treatmentRegion: string;
  status: string;
  /** Epoch ms of the next durable deadline, null when the case waits only for people (or has ended). */
  nextDeadlineMs: number | null;
}

/** The search attributes of a case as it stands. */
export function caseSearchAttributes(facts: CaseFacts): SearchAttributeUpdatePair[] {
  return [
    { key: CaseKindKey, value: facts.kind },
    { key: InsuredRegionKey, value: facts.insuredRegion },
    { key: TreatmentRegionKey, value: facts.treatmentRegion },
    { key: CaseStatusKey, value: facts.status },
    { key: NextDeadlineKey, value: facts.nextDeadlineMs === null ? null : new Date(facts.nextDeadlineMs) },
  ];
}

const KIND_LABEL: Record<CaseKind, string> = { FILING: '备案', INQUIRY: '协查', RECOVERY: '追回', CLEARING: '清算' };

/** The case in one line, e.g. "备案 440800→110000 OTHER_TEMPORARY": what it is, never whom it is about. */
export function caseSummary(kind: CaseKind, insuredRegion: string, treatmentRegion: string, detail: string): string {
  return `${KIND_LABEL[kind]} ${insuredRegion}→${treatmentRegion} ${detail}`;
}

/**
 * Keeps one case's search attributes current: called where the workflow publishes its read model,
 * it upserts only what changed since the last call (each upsert is a history event).
 */
export function createCaseSearchAttributes(): { keep(facts: CaseFacts): void } {
  let last: string | undefined;
  return {
    keep(facts) {
      const seen = JSON.stringify(facts);
      if (seen === last || !wf.patched(CASE_SEARCH_ATTRIBUTES_PATCH)) return;
      wf.upsertSearchAttributes(caseSearchAttributes(facts));
      last = seen;
    },
  };
}

/** What a case carries from its start for operators: the one-line summary and the attributes known then. */
export function caseStartOptions(
  kind: CaseKind,
  insuredRegion: string,
  treatmentRegion: string,
  detail: string,
): { staticSummary: string; typedSearchAttributes: SearchAttributePair[] } {
  return {
    staticSummary: caseSummary(kind, insuredRegion, treatmentRegion, detail),
    typedSearchAttributes: [
      { key: CaseKindKey, value: kind },
      { key: InsuredRegionKey, value: insuredRegion },
      { key: TreatmentRegionKey, value: treatmentRegion },
    ],
  };
}
