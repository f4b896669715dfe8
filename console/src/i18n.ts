// Chinese first, English available (U: each person works in their own language). Strings are
// written in place as pairs, t('中文', 'English'); enum values of the API have labels here.
import { createContext, useContext } from 'react';

export type Lang = 'zh' | 'en';
export const LangContext = createContext<Lang>('zh');

export type T = (zh: string, en: string) => string;

export function useLang(): Lang {
  return useContext(LangContext);
}

export function useT(): T {
  const lang = useLang();
  return (zh, en) => (lang === 'zh' ? zh : en);
}

const LABELS: Record<string, [string, string]> = {
  // roles
  INSURED_CLERK: ['参保地经办', 'Insured-region clerk'],
  TREATMENT_AGENCY: ['就医地经办机构', 'Treatment-region agency'],
  HOSPITAL: ['医院结算窗口', 'Hospital counter'],
  ADMIN: ['管理员', 'Administrator'],
  // filing
  ACTIVE: ['有效', 'Active'],
  COMMITMENT_PENDING: ['承诺期内', 'Commitment pending'],
  LAPSED: ['承诺失效', 'Lapsed'],
  CANCELLED: ['已注销', 'Cancelled'],
  EXPIRED: ['已到期', 'Expired'],
  SUPERSEDED: ['已被替代', 'Superseded'],
  ENDED: ['已终止', 'Ended'],
  LONG_TERM: ['异地长期居住', 'Long-term'],
  REFERRAL: ['转诊转院', 'Referral'],
  EMERGENCY: ['急诊抢救', 'Emergency'],
  OTHER_TEMPORARY: ['其他临时外出就医', 'Other temporary'],
  RESETTLED: ['异地安置', 'Resettled'],
  RESIDENT: ['长期居住', 'Resident'],
  WORKING: ['常驻异地工作', 'Working'],
  EMPLOYEE: ['职工医保', 'Employee scheme'],
  COMMITMENT_LAPSE: ['承诺期届满', 'Commitment lapses'],
  INSURANCE_END: ['参保终止', 'Insurance ends'],
  HOUSEHOLD_REGISTRATION: ['户口簿', 'Household registration'],
  ID_CARD: ['身份证', 'ID card'],
  RESIDENCE_PROOF: ['居住证明', 'Residence proof'],
  WORK_CERTIFICATE: ['工作证明', 'Work certificate'],
  STUDY_CERTIFICATE: ['进修证明', 'Study certificate'],
  MEDICAL_RECORD: ['病历', 'Medical record'],
  EXPIRY: ['备案到期', 'Filing expires'],
  // settlement
  IN_SERVICE: ['在职', 'In service'],
  RETIRED: ['退休', 'Retired'],
  INPATIENT: ['住院', 'Inpatient'],
  OUTPATIENT: ['门诊', 'Outpatient'],
  CHRONIC: ['门诊慢特病', 'Chronic'],
  DIRECT: ['直接结算', 'Direct settlement'],
  REIMBURSEMENT: ['手工报销', 'Reimbursement'],
  SETTLED: ['已结算', 'Settled'],
  REVERSED: ['已冲正', 'Reversed'],
  REFERRAL_DESIGNATED_HOSPITAL: ['指定转诊医院转诊', 'Referral by a designated hospital'],
  OWN_FAULT_MANUAL: ['本人原因未直接结算', 'Own fault (manual)'],
  UNFILED_MANUAL: ['未备案手工报销', 'Unfiled (manual)'],
  // inquiry
  EXPENSE_INQUIRY: ['费用协查', 'Expense inquiry'],
  ISSUE_COLLABORATION: ['问题协同', 'Issue collaboration'],
  AWAITING_RESPONSE: ['待答复', 'Awaiting response'],
  AWAITING_CONFIRMATION: ['待确认', 'Awaiting confirmation'],
  NEGOTIATING: ['协商中', 'Negotiating'],
  ESCALATED: ['已上报', 'Escalated'],
  CONFIRMED: ['已确认', 'Confirmed'],
  VERIFIED_OK: ['核实无误', 'Verified OK'],
  VERIFIED_ISSUE: ['核实有问题', 'Verified issue'],
  CONFIRM: ['确认', 'Confirm'],
  DISPUTE: ['有异议', 'Dispute'],
  ANSWER_DUE: ['答复期限', 'Answer due'],
  CONFIRMATION_DUE: ['确认期限', 'Confirmation due'],
  NEGOTIATION_DUE: ['协商期限', 'Negotiation due'],
  REMINDER: ['催办', 'Reminder'],
  // recovery
  ORDERED: ['已下达', 'Ordered'],
  AWAITING_PAYMENT: ['待缴回', 'Awaiting payment'],
  COLLECTED: ['已收回', 'Collected'],
  TRANSFERRED: ['已划转', 'Transferred'],
  RECONCILED: ['已对账', 'Reconciled'],
  CLOSED: ['已办结', 'Closed'],
  INQUIRY: ['协查结果', 'Inquiry'],
  COMMITMENT: ['承诺不实', 'Commitment'],
  AUDIT: ['审核扣款', 'Audit'],
  FRAUD: ['欺诈骗保', 'Fraud'],
  DEBTOR_DEADLINE: ['缴回期限', 'Debtor deadline'],
  ADMINISTRATIVE_FINE: ['行政罚款', 'Administrative fine'],
  CONTRACT_PENALTY: ['违约金', 'Contract penalty'],
  DEBIT: ['借', 'Debit'],
  CREDIT: ['贷', 'Credit'],
  // registry
  SUSPENDED: ['暂停结算', 'Suspended'],
  // clearing, advances, warnings
  RECONCILING: ['对账中', 'Reconciling'],
  EXCEPTIONS: ['有差异待处理', 'Exceptions'],
  STATEMENT_READY: ['清算单已生成', 'Statement ready'],
  APPLIED: ['已申请清算', 'Applied'],
  PAID: ['已拨付', 'Paid'],
  OVERDUE: ['逾期', 'Overdue'],
  DUE: ['到期日', 'Due'],
  ESCALATION: ['再次上报', 'Escalation'],
  ONLY_OURS: ['仅我方有', 'Only ours'],
  ONLY_THEIRS: ['仅对方有', 'Only theirs'],
  AMOUNT_DIFFERS: ['金额不符', 'Amount differs'],
  ACCEPT_OURS: ['以我方为准', 'Accept ours'],
  ACCEPT_THEIRS: ['以对方为准', 'Accept theirs'],
  DEFER: ['顺延下期', 'Defer'],
  NONE: ['正常', 'Normal'],
  YELLOW: ['黄色预警', 'Yellow alert'],
  RED: ['红色预警', 'Red alert'],
  AVG_COST_GROWTH_MOM: ['次均费用环比增长过快', 'Average cost up month on month'],
  AVG_COST_GROWTH_YOY: ['次均费用同比增长过快', 'Average cost up year on year'],
  LOW_DEDUCTION_RATE: ['审核扣款率偏低', 'Low deduction rate'],
  OPEN: ['未处置', 'Open'],
  ACKNOWLEDGED: ['已处置', 'Acknowledged'],
  STOPPED: ['停保', 'Stopped'],
  TRANSFERRED_OUT: ['转出', 'Transferred out'],
  DECEASED: ['死亡', 'Deceased'],
};

/** The label of an API enum value in the language chosen; unknown values are shown as they are. */
export function useLabel(): (value: string | null | undefined) => string {
  const lang = useLang();
  return (value) => {
    if (value === null || value === undefined || value === '') return '—';
    const pair = LABELS[value];
    return pair ? pair[lang === 'zh' ? 0 : 1] : value;
  };
}

/** Schemes have their own words (RESIDENT is also a LONG_TERM subtype). */
export function useSchemeLabel(): (value: string | null | undefined) => string {
  const t = useT();
  return (value) =>
    value === 'EMPLOYEE' ? t('职工医保', 'Employee') : value === 'RESIDENT' ? t('城乡居民医保', 'Resident') : (value ?? '—');
}

/** Options for a radio group or select of enum values. */
export function useOptions(): (values: readonly string[]) => { value: string; label: string }[] {
  const label = useLabel();
  return (values) => values.map((value) => ({ value, label: label(value) }));
}
