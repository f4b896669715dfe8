// E-1 settlement codes (DOMAIN.md section 3). Each message says the cause and what to do next.
import { defineCatalogue } from './types';

export const settlementErrors = defineCatalogue({
  SETTLEMENT_BILL_INVALID: {
    category: 'VALIDATION',
    status: 400,
    zh: '结算单据有字段不符合要求（见 details.fields 中每个字段的问题代码），请更正后重新提交。',
    en: 'The bill has invalid fields (each listed in details.fields with a problem code); correct them and resubmit.',
  },
  SETTLEMENT_REGION_UNKNOWN: {
    category: 'POLICY',
    status: 422,
    zh: '参保地未发布异地就医结算政策，无法结算；请核对参保地区划编码，或联系参保地经办机构发布政策。',
    en: "The insured region has no settlement policy; check the insured region code or ask that region's agency to publish its policy.",
  },
  SETTLEMENT_POLICY_REGION_MISMATCH: {
    category: 'POLICY',
    status: 422,
    zh: '结算须使用参保地政策，但所用政策属于其他统筹区；请按参保地重新结算。',
    en: "Settlement must use the insured region's policy, but another region's policy was given; settle again under the insured region.",
  },
  SETTLEMENT_POLICY_NOT_IN_EFFECT: {
    category: 'POLICY',
    status: 422,
    zh: '入院日期不在参保地任何政策版本的有效期内；请核对入院日期，或联系参保地经办机构补充该时段的政策。',
    en: "No version of the insured region's policy was in force on the admission date; check the date or ask that agency to add a policy version for it.",
  },
  SETTLEMENT_POLICY_INVALID: {
    category: 'VALIDATION',
    status: 400,
    zh: '结算政策数据有误（见 details.problems），请修正政策文件后重新加载。',
    en: 'The settlement policy data is invalid (see details.problems); fix the policy file and reload it.',
  },
  SETTLEMENT_NO_VALID_FILING: {
    category: 'POLICY',
    status: 422,
    zh: '入院时参保人在就医地没有有效的异地就医备案，不能直接结算。请在出院结算前办理（补办）备案后再结算；如已自费出院，请参保人回参保地申请手工报销。',
    en: 'The person had no filing valid for this treatment region on the admission date, so direct settlement is not possible. File (or retro-file) before the discharge settlement and settle again; after a self-paid discharge the person claims manual reimbursement at the insured region.',
  },
  SETTLEMENT_REIMBURSEMENT_NEEDS_FILING: {
    category: 'POLICY',
    status: 422,
    zh: '参保地政策规定未备案的异地就医费用不予手工报销；请参保人先按规定补办备案，再申请报销。',
    en: 'The insured region does not reimburse unfiled out-of-region care; the person must retro-file first, then claim again.',
  },
  SETTLEMENT_INJURY_STATEMENT_MISSING: {
    category: 'POLICY',
    status: 422,
    zh: '无第三方责任外伤须由参保人签署无第三方责任承诺书后方可结算；请签署后重新提交。',
    en: 'A non-third-party injury can be settled only after the person signs the no-third-party statement; have it signed, then resubmit.',
  },
  SETTLEMENT_ACCUMULATOR_CONTENDED: {
    category: 'CONFLICT',
    status: 409,
    zh: '该参保人同时有多笔结算正在累计年度额度，本笔未能入账；请稍后用同一幂等键重试。',
    en: 'Several settlements for this person are updating the annual totals at once and this one could not be booked; retry shortly with the same Idempotency-Key.',
  },
  SETTLEMENT_NOT_REVERSIBLE: {
    category: 'STATE',
    status: 409,
    zh: '只有直接结算可以冲正；手工报销请由参保地经办机构按报销更正流程办理。',
    en: 'Only a direct settlement can be reversed; a manual reimbursement is corrected by the insured-region agency.',
  },
  SETTLEMENT_VISIT_TYPE_NOT_OFFERED: {
    category: 'POLICY',
    status: 422,
    zh: '参保地政策未开通该就诊类型的异地直接结算（如生育）；请参保人自费后回参保地按规定报销，或咨询参保地经办机构。',
    en: "The insured region's policy does not settle this visit type directly (e.g. maternity); the person pays and claims at the insured region, or asks its agency.",
  },
  SETTLEMENT_MATERNITY_IN_PROVINCE_ONLY: {
    category: 'POLICY',
    status: 422,
    zh: '生育费用仅在本省内异地直接结算；跨省生育请自费后回参保地报销。',
    en: 'Maternity costs settle directly only inside the insured province; for a birth in another province the person pays and claims at the insured region.',
  },
});
