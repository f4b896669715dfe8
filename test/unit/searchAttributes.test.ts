// What an operator finds a case by in Temporal (workflows/searchAttributes.ts, temporal.ts): the
// attributes and one-line summary a case carries, what the worker checks is registered, and the
// upserts a case makes as it moves (only on change, only on code past the patch).
import { SearchAttributeType } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import {
  CASE_KINDS,
  CASE_SEARCH_ATTRIBUTES,
  CASE_SEARCH_ATTRIBUTES_PATCH,
  caseSearchAttributes,
  caseStartOptions,
  caseSummary,
  createCaseSearchAttributes,
  type CaseFacts,
} from '../../workflows/searchAttributes';
import { caseSearchAttributeTypes, checkSearchAttributes } from '../../temporal';

// The workflow API outside a workflow: the patch answer and the upserts are recorded here.
const workflowApi = { patched: true, upserts: [] as unknown[][], patchesAsked: [] as string[] };
jest.mock('@temporalio/workflow', () => ({
  patched: (name: string) => {
    workflowApi.patchesAsked.push(name);
    return workflowApi.patched;
  },
  upsertSearchAttributes: (pairs: unknown[]) => workflowApi.upserts.push(pairs),
}));

const facts: CaseFacts = {
  kind: 'FILING',
  insuredRegion: '440800',
  treatmentRegion: '110000',
  status: 'ACTIVE',
  nextDeadlineMs: Date.parse('2025-07-01T00:00:00+08:00'),
};

const asRecord = (pairs: Array<{ key: { name: string }; value: unknown }>) => Object.fromEntries(pairs.map((p) => [p.key.name, p.value]));

describe('case search attributes', () => {
  beforeEach(() => {
    workflowApi.patched = true;
    workflowApi.upserts = [];
    workflowApi.patchesAsked = [];
  });

  it('a case carries CaseKind, both regions, CaseStatus and NextDeadline as a date', () => {
    expect(asRecord(caseSearchAttributes(facts) as never)).toEqual({
      CaseKind: 'FILING',
      InsuredRegion: '440800',
      TreatmentRegion: '110000',
      CaseStatus: 'ACTIVE',
      NextDeadline: new Date('2025-06-30T16:00:00Z'),
    });
  });

  it('a case waiting only for people clears NextDeadline (null removes the attribute)', () => {
    expect(asRecord(caseSearchAttributes({ ...facts, nextDeadlineMs: null }) as never).NextDeadline).toBeNull();
  });

  it('the keys are declared with the types the servers register', () => {
    for (const pair of caseSearchAttributes(facts)) {
      const declared = CASE_SEARCH_ATTRIBUTES[pair.key.name as keyof typeof CASE_SEARCH_ATTRIBUTES];
      expect(pair.key.type).toBe(declared === 'Datetime' ? SearchAttributeType.DATETIME : SearchAttributeType.KEYWORD);
    }
    expect(Object.keys(CASE_SEARCH_ATTRIBUTES).sort()).toEqual(
      caseSearchAttributes(facts)
        .map((p) => p.key.name)
        .sort(),
    );
  });

  it('a case starts with its summary and the attributes known then, never a person', () => {
    const options = caseStartOptions('FILING', '440800', '110000', 'OTHER_TEMPORARY');
    expect(options.staticSummary).toBe('备案 440800→110000 OTHER_TEMPORARY');
    expect(asRecord(options.typedSearchAttributes as never)).toEqual({
      CaseKind: 'FILING',
      InsuredRegion: '440800',
      TreatmentRegion: '110000',
    });
  });

  it('every kind has a summary word of its own', () => {
    const words = CASE_KINDS.map((kind) => caseSummary(kind, '440800', '110000', 'x').split(' ')[0]);
    expect(words).toEqual(['备案', '协查', '追回', '清算']);
  });

  it('keep() upserts on the first call and on each change, not when nothing changed', () => {
    const searchable = createCaseSearchAttributes();
    searchable.keep(facts);
    searchable.keep({ ...facts });
    searchable.keep({ ...facts, status: 'EXPIRED', nextDeadlineMs: null });
    expect(workflowApi.upserts).toHaveLength(2);
    expect(asRecord(workflowApi.upserts[1] as never)).toMatchObject({ CaseStatus: 'EXPIRED', NextDeadline: null });
    expect(workflowApi.patchesAsked).toContain(CASE_SEARCH_ATTRIBUTES_PATCH);
  });

  it('X-2: replaying a history recorded before the patch upserts nothing', () => {
    workflowApi.patched = false;
    createCaseSearchAttributes().keep(facts);
    expect(workflowApi.upserts).toHaveLength(0);
  });
});

describe('the worker refuses a namespace without the search attributes', () => {
  const { IndexedValueType } = proto.api.enums.v1;

  it('the types registered are Keyword for the four names and Datetime for NextDeadline', () => {
    expect(caseSearchAttributeTypes()).toEqual({
      CaseKind: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      InsuredRegion: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      TreatmentRegion: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      CaseStatus: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      NextDeadline: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
    });
  });

  it('all registered: the check passes', async () => {
    const operator = { listSearchAttributes: async () => ({ customAttributes: caseSearchAttributeTypes() }) };
    await expect(checkSearchAttributes(operator as never, 'default')).resolves.toBeUndefined();
  });

  it('one missing or of another type: the check fails naming it and the command that registers it', async () => {
    const { NextDeadline: _missing, ...rest } = caseSearchAttributeTypes();
    const registered = { ...rest, CaseStatus: IndexedValueType.INDEXED_VALUE_TYPE_TEXT };
    const operator = { listSearchAttributes: async () => ({ customAttributes: registered }) };
    await expect(checkSearchAttributes(operator as never, 'default')).rejects.toThrow(
      /lacks the search attributes CaseStatus, NextDeadline: .*temporal operator search-attribute create --namespace default.*--name NextDeadline --type Datetime/,
    );
  });

  it('a server that cannot list them (the time-skipping server: UNIMPLEMENTED) is not refused; other errors are', async () => {
    const unimplemented = { listSearchAttributes: async () => Promise.reject(Object.assign(new Error('unimplemented'), { code: 12 })) };
    await expect(checkSearchAttributes(unimplemented as never, 'default')).resolves.toBeUndefined();
    const unavailable = { listSearchAttributes: async () => Promise.reject(Object.assign(new Error('unavailable'), { code: 14 })) };
    await expect(checkSearchAttributes(unavailable as never, 'default')).rejects.toThrow('unavailable');
  });
});
