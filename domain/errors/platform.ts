import { defineCatalogue } from './types';

export const platformErrors = defineCatalogue({
  VALIDATION_FAILED: {
    category: 'VALIDATION',
    status: 400,
    zh: '请求字段不符合要求，请按 details 中列出的字段修正后重试。',
    en: 'Some request fields are invalid; fix the fields listed in details and retry.',
  },
  MALFORMED_JSON: {
    category: 'VALIDATION',
    status: 400,
    zh: '请求体不是合法的 JSON，请检查格式后重试。',
    en: 'The request body is not valid JSON; check its syntax and retry.',
  },
  PAYLOAD_TOO_LARGE: {
    category: 'VALIDATION',
    status: 413,
    zh: '请求体过大，请拆分后重试。',
    en: 'The request body is too large; split it and retry.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    category: 'VALIDATION',
    status: 415,
    zh: '请求体须为 application/json。',
    en: 'The request body must be application/json.',
  },
  AUTH_MISSING: {
    category: 'AUTH',
    status: 401,
    zh: '缺少 API 密钥，请在 Authorization 头中以 Bearer 方式提供。',
    en: 'No API key; send it as "Authorization: Bearer <key>".',
  },
  AUTH_INVALID: {
    category: 'AUTH',
    status: 401,
    zh: 'API 密钥无效或已停用，请向管理员申请新的密钥。',
    en: 'The API key is unknown or disabled; ask an administrator for a valid key.',
  },
  AUTH_FORBIDDEN_ROLE: {
    category: 'AUTH',
    status: 403,
    zh: '当前机构角色无权执行此操作。',
    en: 'Your agency role may not perform this action.',
  },
  AUTH_FORBIDDEN_REGION: {
    category: 'AUTH',
    status: 403,
    zh: '只能办理或查看本统筹区（或寄往本机构）的业务。',
    en: 'You may act only on cases of your own region or addressed to your agency.',
  },
  NOT_FOUND: {
    category: 'NOT_FOUND',
    status: 404,
    zh: '未找到该资源，请核对编号。',
    en: 'No such resource; check the identifier.',
  },
  ROUTE_NOT_FOUND: {
    category: 'NOT_FOUND',
    status: 404,
    zh: '接口路径不存在，请查阅 /docs。',
    en: 'No such endpoint; see /docs.',
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    category: 'VALIDATION',
    status: 400,
    zh: '资金类请求（结算、报销、冲正）必须带 Idempotency-Key 请求头，否则重试无法与新单据区分；请为每笔业务生成唯一键并在重试时原样携带。',
    en: 'Money writes (settlements, reimbursements, reversals) need an Idempotency-Key header, or a retry could not be told from a new bill; send one unique key per transaction and repeat it on retries.',
  },
  AUTH_FORBIDDEN_INSTITUTION: {
    category: 'AUTH',
    status: 403,
    zh: '医疗机构的密钥只能办理本机构的业务；单据或结算记录属于其他机构，请使用该机构的密钥。',
    en: "A hospital key acts only for its own institution; this bill or settlement belongs to another one. Use that institution's key.",
  },
  IDEMPOTENCY_KEY_REUSED: {
    category: 'CONFLICT',
    status: 409,
    zh: '该幂等键已用于内容不同的请求，请为新请求使用新的幂等键。',
    en: 'This Idempotency-Key was used with a different request; use a new key for a new request.',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    category: 'CONFLICT',
    status: 409,
    zh: '使用该幂等键的请求仍在处理中，请稍后重试。',
    en: 'A request with this Idempotency-Key is still being processed; retry shortly.',
  },
  UPSTREAM_UNAVAILABLE: {
    category: 'UPSTREAM',
    status: 503,
    zh: '依赖的系统（工作流引擎或数据库）暂不可用，请稍后重试。',
    en: 'A system this service depends on (workflow engine or database) is unavailable; retry later.',
  },
  UPSTREAM_FAILED: {
    category: 'UPSTREAM',
    status: 502,
    zh: '依赖的系统返回错误，请稍后重试；如持续失败请联系运维。',
    en: 'A system this service depends on failed; retry later, and call operations if it persists.',
  },
  INTERNAL: {
    category: 'UPSTREAM',
    status: 500,
    zh: '系统内部错误，已记录，请联系运维并提供请求编号。',
    en: 'Internal error, logged; contact operations with the request id.',
  },
});
