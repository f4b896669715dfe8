// Typed fakes of every activity, for fast workflow tests on the time-skipping server with no
// database and no agency simulator. Each fake records its calls; a test replaces the behaviour it
// needs (`fakes.set('checkCollection', async () => ...)`) and reads what the workflow asked for.
// Typed against the real Activities, so a changed activity signature breaks the fakes at compile time.
import type { Activities } from '../../activities';

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
    fundPaidUnderCommitment: async () => ({ fundFen: 0, settlementIds: [] }),
    persistInquiry: async () => undefined,
    notifyInquiryAgency: nextReceipt,
    remindInquiryAgency: nextReceipt,
    escalateCase: nextReceipt,
    persistRecovery: async () => undefined,
    recoveryTermsFor: async () => ({ debtorDeadlineDays: 30 }),
    notifyDebtor: nextReceipt,
    checkCollection: async ({ recoveryId }) => ({ recoveryId, confirmed: false, amountFen: 0 }),
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
