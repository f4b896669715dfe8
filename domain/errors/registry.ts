// E-1 codes of the designated-institution registry (DOMAIN.md H-1..H-4) and of the facts a
// settlement takes from it. Each message says the cause and what to do next.
import { defineCatalogue } from './types';

export const registryErrors = defineCatalogue({
  HOSPITAL_ALREADY_SUSPENDED: {
    category: 'STATE',
    status: 409,
    zh: '该定点医药机构在生效日期已处于暂停状态，无需重复暂停；如需变更请先恢复。',
    en: 'The institution is already suspended on that date; reinstate it first if the suspension must change.',
  },
  HOSPITAL_NOT_SUSPENDED: {
    category: 'STATE',
    status: 409,
    zh: '该定点医药机构在生效日期未被暂停，无需恢复；请核对机构编号和生效日期。',
    en: 'The institution is not suspended on that date, so there is nothing to reinstate; check the institution id and date.',
  },
  HOSPITAL_NOT_IN_YOUR_REGION: {
    category: 'AUTH',
    status: 403,
    zh: '只能管理本就医地的定点医药机构；该机构属于其他就医地，请由其所在地经办机构办理。',
    en: "You may only manage institutions of your own treatment region; ask that region's agency to do it.",
  },
  SETTLEMENT_HOSPITAL_UNKNOWN: {
    category: 'POLICY',
    status: 422,
    zh: '结算机构不在定点医药机构名单中，不能直接结算；请核对机构编号，或联系就医地经办机构登记。',
    en: 'The institution is not in the designated-institution registry, so it cannot settle directly; check its id or ask the treatment-region agency to register it.',
  },
  SETTLEMENT_HOSPITAL_NOT_IN_REGION: {
    category: 'POLICY',
    status: 422,
    zh: '结算机构不属于单据所填的就医地；请按机构登记的就医地重新提交。',
    en: "The institution is not in the bill's treatment region; resubmit with the region it is registered in.",
  },
  SETTLEMENT_HOSPITAL_NOT_NETWORKED: {
    category: 'POLICY',
    status: 422,
    zh: '该机构未开通跨省异地就医直接结算，不能直接结算；请参保人自费后回参保地手工报销。',
    en: 'The institution is not networked for cross-region direct settlement; the person pays and claims manual reimbursement at the insured region.',
  },
  SETTLEMENT_HOSPITAL_SUSPENDED: {
    category: 'POLICY',
    status: 422,
    zh: '该定点医药机构已被暂停异地就医直接结算（原因与日期见 details）；恢复前不能直接结算，请参保人自费后回参保地手工报销。',
    en: 'The institution is suspended from direct settlement (reason and date in details); until it is reinstated the person pays and claims manual reimbursement.',
  },
  SETTLEMENT_HOSPITAL_LEVEL_MISMATCH: {
    category: 'POLICY',
    status: 422,
    zh: '单据所填医院等级与定点名单登记的等级不符（登记等级见 details.registeredLevel）；请按登记等级重新提交。',
    en: 'The hospital level on the bill differs from the registered level (details.registeredLevel); resubmit with the registered level.',
  },
  SETTLEMENT_SELF_REFERRAL: {
    category: 'POLICY',
    status: 422,
    zh: '结算机构不能把自己填为转诊医院；转诊医院以备案登记的转出医院为准，请删除 referredBy 后重新提交。',
    en: "A bill cannot name its own institution as the referrer; the referrer is the filing's referring hospital. Remove referredBy and resubmit.",
  },
});
