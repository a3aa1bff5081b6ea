/*
 * The dossier PDF's own words, in the two languages of the service (LANGUAGE, ?lang=): headings,
 * labels and states of things the engine knows (deadlines, documents, links). The procedures' words
 * (workflows, stages, events, deadlines' kinds, values) come from the catalogue's terms.
 */

export type DossierLang = 'zh' | 'en';

const WORDS = {
  title: ['Case dossier', '案卷档案'],
  subtitle: ['Signed record of the case', '案件办理情况及签名摘要'],
  cover: ['Case', '基本情况'],
  caseNo: ['Case number', '案件编号'],
  businessKey: ['Business key', '业务编号'],
  caseTitle: ['Title', '标题'],
  unit: ['Handling unit', '承办单位'],
  subject: ['Subject', '对象'],
  procedure: ['Procedure', '程序'],
  version: ['version {n}', '第{n}版'],
  state: ['Current state', '当前状态'],
  active: ['in progress', '办理中'],
  closed: ['closed', '已办结'],
  outcome: ['outcome', '结果'],
  opened: ['Opened', '开启时间'],
  closedAt: ['Closed', '办结时间'],
  notClosed: ['— (in progress)', '—（办理中）'],
  exported: ['Exported', '导出时间'],
  exportedBy: ['Exported by', '导出人'],
  verification: ['Integrity', '完整性校验'],
  verified: [
    '{n} history rows: hash chain intact, replay matches; {f} recorded file(s) intact',
    '共 {n} 条记录，哈希链完整，重放一致；{f} 个登记文件完好',
  ],
  beijing: ['Beijing time', '北京时间'],
  history: ['History', '办理记录'],
  seq: ['No.', '序号'],
  time: ['Time', '时间'],
  event: ['Event', '事项'],
  actor: ['By', '办理人'],
  after: ['Stage after', '办理后阶段'],
  hash: ['Row hash', '记录哈希'],
  deadlines: ['Time limits', '期限'],
  limit: ['Time limit', '期限'],
  dueAt: ['Due', '届满时间'],
  status: ['Status', '状态'],
  settledAt: ['Settled', '解除时间'],
  pending: ['pending', '未届满'],
  provisional: ['provisional', '暂定'],
  fired: ['passed', '已届满'],
  overdue: ['overdue', '已逾期'],
  cancelled: ['cancelled', '已解除'],
  attachments: ['Attachments', '附件'],
  name: ['Name', '名称'],
  kind: ['Kind', '类别'],
  size: ['Size', '大小'],
  recordedAt: ['Recorded', '登记时间'],
  documents: ['Documents issued', '出具文书'],
  document: ['Document', '文书'],
  number: ['Number', '文号'],
  issuedAt: ['Issued', '出具时间'],
  inForce: ['in force', '有效'],
  voided: ['voided {at}: {reason}', '已作废（{at}）：{reason}'],
  links: ['Linked cases', '关联案件'],
  relation: ['Relation', '关系'],
  direction: ['Direction', '方向'],
  linkOpened: ['opened by this case', '由本案开启'],
  linkOpenedBy: ['opened this case', '开启本案'],
  otherCase: ['Case', '案件'],
  none: ['None.', '无。'],
  signature: ['Signature', '签名'],
  digest: ['SHA-256 of the dossier (canonical JSON)', '档案摘要（规范化 JSON 的 SHA-256）'],
  alg: ['Algorithm', '签名算法'],
  keyId: ['Key id', '密钥标识'],
  value: ['Signature value (base64)', '签名值（base64）'],
  check: [
    'How to check: this PDF embeds the signed JSON dossier ({file}; extract it with e.g. pdfdetach ' +
      '-saveall), saved as dossier.json. With the public key (GET /dossier-key, key id above), run ' +
      'node scripts/verify-dossier.mjs dossier.json public-key.pem: it checks the signature and prints the ' +
      'SHA-256 above. A JSON dossier downloaded apart (GET /cases/:id/dossier) is signed anew at its own ' +
      'time of export.',
    '校验方法：本 PDF 内嵌已签名的 JSON 档案（{file}，可用 pdfdetach -saveall 等工具提取），保存为 ' +
      'dossier.json；取得公钥（GET /dossier-key，密钥标识见上）后运行 node scripts/verify-dossier.mjs ' +
      'dossier.json public-key.pem，即校验签名并输出上列摘要。另行下载的 JSON 档案（GET /cases/:id/dossier）' +
      '按其导出时间重新签名。',
  ],
  page: ['Page {n} of {m}', '第 {n} 页，共 {m} 页'],
  actorDeadline: ['Deadline timer', '期限计时器'],
  actorLinkedCase: ['Linked case', '关联案件'],
  actorSystem: ['The system', '系统'],
} as const satisfies Record<string, readonly [string, string]>;

export type DossierWord = keyof typeof WORDS;

/** The words of one language, with {name} placeholders filled in. */
export function wordsOf(
  lang: DossierLang,
): (key: DossierWord, vars?: Record<string, string | number>) => string {
  return (key, vars = {}) =>
    Object.entries(vars).reduce(
      (text, [name, value]) => text.replaceAll(`{${name}}`, String(value)),
      WORDS[key][lang === 'zh' ? 1 : 0] as string,
    );
}
