/** Simplified Chinese. */
import type { DeclaredUnitKey } from '../footprint-figure.ts';
import type { Messages } from './messages.ts';

const UNITS: Readonly<Record<DeclaredUnitKey, string>> = {
  tonne: '吨',
  kilogram: '千克',
  liter: '升',
  'cubic meter': '立方米',
  'kilowatt hour': '千瓦时',
  megajoule: '兆焦',
  'ton kilometer': '吨公里',
  'square meter': '平方米',
  piece: '件',
  hour: '小时',
  'megabit second': '兆比特秒',
};

const NOT_GENUINE = '非真实标签';
const DO_NOT_TRUST = '请勿相信与此二维码相关的任何数据，它可能已被篡改或伪造。';

/** Simplified Chinese messages. */
export const zhCN: Messages = {
  lang: 'zh-CN',
  languageName: '中文',
  siteName: '碳标签验证',
  languageSwitch: '语言',
  verdictTitle: {
    valid: '已验证',
    revoked: '已撤销',
    expired: '已过期',
    not_yet_valid: '尚未生效',
    bad_signature: NOT_GENUINE,
    unknown_key: NOT_GENUINE,
    malformed: NOT_GENUINE,
    key_compromised: NOT_GENUINE,
    record_mismatch: NOT_GENUINE,
    unknown_label: '未知标签',
    status_unavailable: '无法完成验证',
  },
  verdictAdvice: {
    valid: '此标签真实有效，在有效期内且未被撤销。以下声明由所列签发方签署。',
    revoked: '签发方已撤销此标签，请勿依赖其声明。',
    expired: '此标签曾经真实有效，但已超过有效期。请向签发方索取当前有效的标签。',
    not_yet_valid: '此标签是真实的，但尚未到生效时间。',
    bad_signature: `签名与内容不符。${DO_NOT_TRUST}`,
    unknown_key: `它并非由本服务公布的任何密钥签署。${DO_NOT_TRUST}`,
    malformed: `这不是格式正确的碳标签。${DO_NOT_TRUST}`,
    key_compromised: `签署它的密钥已被报告泄露。${DO_NOT_TRUST}`,
    record_mismatch: `已签名的标签与存档记录不再一致。${DO_NOT_TRUST}`,
    unknown_label: '本服务没有此标签的记录，请勿依赖它。',
    status_unavailable: '暂时无法完成验证：无法确认此标签是否已被撤销。这不代表验证通过，请稍后重试。',
  },
  revocation: { reason: '签发方给出的原因', revokedAt: '撤销时间', supersededBy: '替代标签' },
  claimHeadingValid: '标签内容',
  claimHeadingNotValid: '此标签曾声明的内容（未通过验证，见上文）',
  noClaim: '此二维码的内容均不可信，因此不予显示。',
  fields: {
    product: '产品',
    productId: '产品标识',
    footprint: '碳足迹',
    footprintExact: '申报值',
    boundary: '系统边界',
    referencePeriod: '核算期',
    standards: '标准',
    geography: '国家/地区',
    assurance: '第三方核查',
    issuer: '签发方',
    issuerId: '签发方标识',
    labelId: '标签编号',
    issuedAt: '签发时间',
    validity: '有效期',
    keyId: '签名密钥',
    checkedAt: '验证时间',
    statusSource: '撤销状态',
    recordDigest: '记录摘要（SHA-256）',
  },
  checkHeading: '关于本次验证',
  notAssured: '未声明',
  assuranceLevel: { limited: '有限保证', reasonable: '合理保证' },
  boundaries: { 'cradle-to-gate': '从摇篮到大门', 'cradle-to-grave': '从摇篮到坟墓', 'gate-to-gate': '从大门到大门' },
  statusSources: {
    live: '实时读取登记册',
    cached: '来自登记册的近期副本',
    offline: '来自登记册的离线副本',
    none: '未检查',
  },
  per(amount, unit) {
    const name = UNITS[unit] ?? unit;
    return amount === undefined ? `每${name}` : `每 ${amount} ${name}`;
  },
  period: (from, to) => `${from} 至 ${to}`,
  footer: '本服务依据其公布的签名密钥和撤销登记册完成验证。',
  labelArt: {
    heading: '产品碳足迹',
    excludingBiogenic: '不含生物源碳吸收',
    verifiedBy: (provider, level) => `核查机构：${provider}（${level}）`,
    notVerified: '未经第三方核查',
    referencePeriod: (period) => `核算期：${period}`,
    issuedBy: (issuer) => `发布方：${issuer}`,
    scanToVerify: '扫码或访问以验证：',
    kind: '碳标签',
    warnings: {
      revoked: { heading: '已撤销：请勿采信', line: (date) => `${date ? `已于 ${date} ` : '已'}撤销，扫码查看详情。`, kind: '已撤销的碳标签' },
      expired: { heading: '已过期：请勿采信', line: (date) => `${date ? `已于 ${date} ` : '已'}过期，扫码查看详情。`, kind: '已过期的碳标签' },
      not_yet_valid: { heading: '尚未生效', line: (date) => `${date ? `自 ${date} 起生效` : '尚未生效'}，扫码查看详情。`, kind: '尚未生效的碳标签' },
      key_compromised: { heading: '非真实标签：请勿采信', line: () => '签署它的密钥已被报告泄露，扫码查看详情。', kind: '非真实的碳标签' },
      not_genuine: { heading: '非真实标签：请勿采信', line: () => '未通过验证，扫码查看详情。', kind: '非真实的碳标签' },
    },
    title: (kind, product, figure) => `${kind}：${product}，${figure}`,
  },
};
