// Typed fakes of every activity, for fast workflow tests on the time-skipping server with no
// database and no agency simulator. Each fake records its calls; a test replaces the behaviour it
// needs (`fakes.set('checkCollection', async () => ...)`) and reads what the workflow asked for.
// Typed against the real Activities, so a changed activity signature breaks the fakes at compile time.
import type { Activities } from '../../activities';
import { loadTestPolicies } from './policies';

type Name = keyof Activities;
type Impl<N extends Name> = Activities[N];

export interface FakeActivities {
  /** The object to hand to Worker.create({ activities }). */
  readonly activities: Activities;
  /** Replace one activity's behaviour (until reset()). */
  set<N extends Name>(name: N, impl: Impl<N>): void;
  /** Arguments of every call of one activity, in order. */
  calls<N extends Name>(name: N): Parameters<Impl<N>>[0][];
  /** Back to the defaults, calls forgotten. */
  reset(): void;
}

function defaults(): Activities {
  let receipt = 0;
  const nextReceipt = async () => ({ receiptId: `R-${++receipt}` });
  return {
    persistFiling: async () => undefined,
    recordCommitmentBar: async () => undefined,
    findLiveFilings: async () => [],
    claimFilingSlot: async () => ({ supersede: [] }),
    claimImportedFilingSlot: async () => ({ supersededBy: null, supersede: [] }),
    fundPaidUnderCommitment: async () => ({ fundFen: 0, settlementIds: [] }),
    persistInquiry: async () => undefined,
    workingCalendars: async ({ insuredRegion, treatmentRegion }) => ({
      calendars: loadTestPolicies().calendarsOf(insuredRegion),
      treatmentCalendars: loadTestPolicies().calendarsOf(treatmentRegion),
    }),
    notifyInquiryAgency: nextReceipt,
    remindInquiryAgency: nextReceipt,
    escalateCase: nextReceipt,
    persistRecovery: async () => undefined,
    recoveryTermsFor: async () => ({ debtorDeadlineDays: 30 }),
    notifyDebtor: nextReceipt,
    checkCollection: async ({ recoveryId }) => ({ recoveryId, confirmed: false, amountFen: 0 }),
    claimRecoveryCollection: async () => ({ settledBy: 'COLLECTION' as const }),
    bookMovement: async (m) => ({ entryIds: [`${m.recoveryId}:${m.step}:C`, `${m.recoveryId}:${m.step}:D`] }),
    transferRecovered: async ({ transfer }) => ({
      transferId: transfer.transferId,
      status: 'COMPLETED' as const,
      completedAt: new Date(0).toISOString(),
    }),
    recordPersonAlias: async ({ personId }) => ({ canonicalPersonId: personId }),
    findPersonCases: async () => ({ filings: [], recoveries: [] }),
    reconcileRecovery: async ({ expected }) => ({
      matched: true,
      financeAmountFen: expected.amountFen,
      ledgerBalanced: true,
      repairedEntries: [],
      problems: [],
    }),
    // P-1..P-6, M-1, M-2 (clearing, advance, daily jobs): an empty period that reconciles at once.
    persistClearing: async () => undefined,
    lockClearingPeriod: async () => ({ lockedAt: new Date(0).toISOString(), count: 0, fundFen: 0, adjustments: { count: 0, fundFen: 0 } }),
    reconcileClearing: async () => ({
      summary: {
        reconciledOn: '1970-01-01',
        ourCount: 0,
        ourFundFen: 0,
        theirCount: 0,
        theirFundFen: 0,
        matched: 0,
        onlyOurs: 0,
        onlyTheirs: 0,
        amountDiffers: 0,
        carriedIn: 0,
      },
      exceptions: [],
    }),
    buildClearingStatement: async () => ({
      madeOn: '1970-01-01',
      count: 0,
      fundFen: 0,
      byScheme: [],
      byVisitType: [],
      adjustments: { count: 0, fundFen: 0 },
      recoveryOffsetFen: 0,
      recoveries: [],
      netDueFen: 0,
      lineCount: 0,
    }),
    applyForClearing: nextReceipt,
    sendClearingNotice: nextReceipt,
    bookClearingMovement: async (m) => ({ entryIds: [`${m.movementId}:C`, `${m.movementId}:D`] }),
    measureAdvanceUsage: async () => ({
      year: 1970,
      quotaFen: 500_000_000,
      balanceFen: 500_000_000,
      outstandingFen: 0,
      usagePercent: 0,
      alert: 'NONE' as const,
      measuredAt: new Date(0).toISOString(),
    }),
    persistAdvance: async () => undefined,
    recordCaseFailure: async () => undefined,
    buildDailyErrorReport: async ({ day }) => ({ day, total: 0, kept: true }),
    uploadSettlementsOfDay: async () => ({ settlements: 0, reversals: 0 }),
    evaluateMonitoring: async () => ({ indicators: 0, raised: [] }),
    clearingPairs: async () => [],
  };
}

export function createFakeActivities(): FakeActivities {
  let impls: Record<string, (...args: any[]) => Promise<unknown>> = { ...defaults() };
  const log = new Map<string, unknown[]>();
  const activities = Object.fromEntries(
    Object.keys(defaults()).map((name) => [
      name,
      async (...args: unknown[]) => {
        log.set(name, [...(log.get(name) ?? []), args[0]]);
        return impls[name](...args);
      },
    ]),
  ) as unknown as Activities;
  return {
    activities,
    set(name, impl) {
      impls[name] = impl as (...args: any[]) => Promise<unknown>;
    },
    calls(name) {
      return (log.get(name) ?? []) as any;
    },
    reset() {
      impls = { ...defaults() };
      log.clear();
    },
  };
}
