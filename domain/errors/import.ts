// E-1 catalogue for the bulk import of existing filings. A rejected line never fails the
// import: it is reported with one of these codes (or the filing rule's own) and the line number.
import { defineCatalogue } from './types';

export const importErrors = defineCatalogue({
  IMPORT_LINE_MALFORMED: {
    category: 'VALIDATION',
    status: 400,
    zh: '该行不是一个合法的 JSON 对象，请按每行一条备案记录（NDJSON）修正该行后重新导入。',
    en: 'This line is not one JSON object; write one filing record per line (NDJSON), fix the line and import again.',
  },
  IMPORT_LINE_TOO_LONG: {
    category: 'VALIDATION',
    status: 400,
    zh: '该行超过单条备案记录允许的长度（details.maxBytes），请检查是否漏了换行或混入了其他数据。',
    en: 'This line is longer than one filing record may be (details.maxBytes); check for a missing line break or data that does not belong.',
  },
  IMPORT_DATES_INCONSISTENT: {
    category: 'VALIDATION',
    status: 400,
    zh: '原系统的日期互相矛盾（见 details.problems），请在原系统核对申请日期、起止日期和承诺期限后重新导入该行。',
    en: "The old system's dates contradict each other (details.problems); check the application, start, end and commitment dates in the old system and import the line again.",
  },
  IMPORT_SOURCE_CONFLICT: {
    category: 'CONFLICT',
    status: 409,
    zh: '该原系统记录（sourceId）已以不同内容导入过（details.filingId），同一记录不会再导入；如需更正，请对已导入的备案办理变更或注销。',
    en: 'This source record (sourceId) was already imported with other content (details.filingId) and is not imported again; to correct it, change or cancel the imported filing.',
  },
  IMPORT_MEDIA_TYPE: {
    category: 'VALIDATION',
    status: 415,
    zh: '导入请求体须为 application/x-ndjson：每行一条备案记录。',
    en: 'The import body must be application/x-ndjson: one filing record per line.',
  },
  IMPORT_RESUME_GAP: {
    category: 'STATE',
    status: 409,
    zh: '续传的起始行号超过了已记录的行数，中间的行会丢失；请从 details.resumeFromLine 行起重新发送。',
    en: 'The resumed upload starts after the last recorded line, so lines in between would be lost; send again from line details.resumeFromLine.',
  },
  IMPORT_INTERRUPTED: {
    category: 'VALIDATION',
    status: 400,
    zh: '导入请求体在文件结束前中断；已完整记录的行会保留，请用同一 Idempotency-Key 从 details.resumeFromLine 行起续传。',
    en: 'The import body broke off before the end of the file; whole batches already recorded are kept. Send the rest with the same Idempotency-Key from line details.resumeFromLine.',
  },
  IMPORT_IN_PROGRESS: {
    category: 'CONFLICT',
    status: 409,
    zh: '该导入正在由另一个请求写入，请等待其结束（或约半分钟后视为中断）再续传。',
    en: 'Another request is still feeding this import; wait until it ends (or about half a minute, when it counts as interrupted) and resume then.',
  },
});
