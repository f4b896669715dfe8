// Side effects of the recovery workflow (RC-1..RC-4). Every write is idempotent: agency calls
// carry keys built from the recovery id and the step, ledger legs have deterministic ids, and
// the transfer has one transferId per recovery, so retries and worker crashes change nothing twice.
import { recordCaseEvents, type HandedAuditEvent } from './caseEvents';
import { saveRecoveryView, type RecoveryView } from '../models/recoveryView';
import { claimRecoveryForCollection, COLLECTED_BY_FINANCE } from '../models/clearing';
import { checkLedgerBalance, ledgerEntryModel, recordMovement } from '../models/ledger';
import { movementEntries, type Movement } from '../domain/recovery/ledger';
import { reconciliationProblems, type ReconciliationReport } from '../domain/recovery/reconciliation';
import { inquiryTermsOn } from '../domain/inquiry/terms';
import type { CollectionStatus, RecoveryNotice, TransferRequest, TransferResult } from './agencyContract';
import type { ActivityDeps } from './deps';

export interface ReconcileRequest {
  recoveryId: string;
  transferId: string;
  expected: { fromAccount: string; toAccount: string; amountFen: number };
  /** The movements the recovery booked; a missing leg is rewritten under its deterministic id. */
  movements: Movement[];
}

export type ReconcileReport = ReconciliationReport;

export function createRecoveryActivities({ db, agency, policies }: ActivityDeps) {
  return {
    /** Audit first: a view never shows an event whose audit record could still be missing. */
    async persistRecovery({ view, audit }: { view: RecoveryView; audit: HandedAuditEvent[] }): Promise<void> {
      await recordCaseEvents(db, audit, [view.insuredRegion, view.treatmentRegion]);
      await saveRecoveryView(db, view);
    },

    /** RC-3 debtor deadline of the insured region's policy in force on `on` (F-7 starts pass none). */
    async recoveryTermsFor({ insuredRegion, on }: { insuredRegion: string; on: string }): Promise<{ debtorDeadlineDays: number }> {
      const { settlement } = policies.forRegion(insuredRegion);
      return { debtorDeadlineDays: inquiryTermsOn(settlement, on).debtorDeadlineDays };
    },

    async notifyDebtor({ region, notice, key }: { region: string; notice: RecoveryNotice; key: string }): Promise<{ receiptId: string }> {
      const receipt = await agency.notifyRecoveryDebtor(region, notice, key);
      return { receiptId: receipt.receiptId };
    },

    /** RC-3 collect: what finance has confirmed of the debtor's payments so far. */
    async checkCollection({ recoveryId }: { recoveryId: string }): Promise<CollectionStatus> {
      return agency.getCollection(recoveryId);
    },

    /** RC-4: both legs of one movement, idempotent by entry id. */
    /**
     * RC-3, P-2: before the case takes finance's collection, it claims the debt; a clearing of the
     * pair that claimed it first has offset it, and the case waits for that clearing's word instead.
     */
    async claimRecoveryCollection(claim: {
      recoveryId: string;
      insuredRegion: string;
      treatmentRegion: string;
      amountFen: number;
    }): Promise<{ settledBy: 'COLLECTION' } | { settledBy: 'CLEARING'; clearingId: string }> {
      const holder = await claimRecoveryForCollection(db, claim);
      return holder === COLLECTED_BY_FINANCE ? { settledBy: 'COLLECTION' } : { settledBy: 'CLEARING', clearingId: holder };
    },

    async bookMovement(movement: Movement): Promise<{ entryIds: string[] }> {
      const legs = await recordMovement(db, movement);
      return { entryIds: legs.map((l) => l.entryId).sort() };
    },

    /**
     * RC-1, RC-4: the one transfer to the paying fund, then its ledger movement. Retrying the
     * whole activity is safe: finance answers a repeated key (or transferId) with the first
     * transfer, and the ledger legs exist at most once.
     */
    async transferRecovered({
      transfer,
      key,
      movement,
    }: {
      transfer: TransferRequest;
      key: string;
      movement: Movement;
    }): Promise<TransferResult> {
      const result = await agency.transferFunds(transfer, key);
      await recordMovement(db, movement);
      return result;
    },

    /** RC-3 reconcile: finance recorded the transfer as ordered, and the ledger for the recovery balances. */
    async reconcileRecovery(request: ReconcileRequest): Promise<ReconcileReport> {
      const record = await agency.findTransfer(request.transferId);
      // Both legs of every movement must exist; a write cut short by a crash is completed here.
      const model = ledgerEntryModel(db);
      const repairedEntries: string[] = [];
      for (const movement of request.movements) {
        const wanted = movementEntries(movement).map((e) => e.entryId);
        const present = new Set((await model.find({ entryId: { $in: wanted } }, { entryId: 1 }).lean()).map((e) => e.entryId));
        const missing = wanted.filter((id) => !present.has(id));
        if (missing.length) {
          await recordMovement(db, movement);
          repairedEntries.push(...missing);
        }
      }
      const balance = await checkLedgerBalance(db, { recoveryId: request.recoveryId });
      const problems = reconciliationProblems({ transferId: request.transferId, ...request.expected }, record, balance);
      return {
        matched: problems.length === 0,
        financeAmountFen: record?.amountFen ?? 0,
        ledgerBalanced: balance.balanced,
        repairedEntries,
        problems,
      };
    },
  };
}

export type RecoveryActivities = ReturnType<typeof createRecoveryActivities>;
