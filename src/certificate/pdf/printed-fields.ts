/**
 * The text a certificate prints, field by field, and which of those fields hold a character no
 * certificate font can draw. The renderer runs this check before drawing anything, and approval
 * runs it (with the rest of the draft's check, assertPrints) before taking a number, so a refusal names the field to fix.
 */
import { describeCharacter, unprintableCharacters, type FontWeight } from '../../common/printable-text.js';
import type { CertificateFacts, DraftCertificateFacts } from './certificate-facts.js';

export interface UnprintableField {
  /** A path into the facts, e.g. `holder.name`, `evidence.terminalLabel`. */
  field: string;
  /** The characters themselves, in order of appearance (describeCharacter writes them out). */
  characters: string[];
}

/** The facts' printed strings by field, with the weight each is set in. */
export function printedFields(f: CertificateFacts | DraftCertificateFacts): Array<[field: string, text: string, weight: FontWeight]> {
  const e = f.evidence;
  const out: Array<[string, string, FontWeight]> = [
    ['holder.name', f.holder.name, 400],
    ['matter.nameZh', f.matter.nameZh, 400],
    ['matter.code', f.matter.code, 400],
    ['matter.wording', f.matter.wording, 400],
    ['notary.name', f.notary.name, 400],
    ['office.name', f.office.name, 400],
    // The seal's lettering is cut from the bold face.
    ['office.name', f.office.name, 700],
    ['point.name', f.point.name, 400],
    ['evidence.pointName', e.pointName, 400],
    ['evidence.terminalLabel', e.terminalLabel, 400],
  ];
  if (e.identity.method === 'service_verified') out.push(['evidence.identity.model', e.identity.model, 400]);
  if (e.recordingOverride) {
    out.push(['evidence.recordingOverride.reason', e.recordingOverride.reason, 400]);
    out.push(['evidence.recordingOverride.byName', e.recordingOverride.byName, 400]);
  }
  if (!('draft' in f)) out.push(['certificateNo', f.certificateNo, 400], ['verifyUrl', f.verifyUrl, 400]);
  return out;
}

/** The fields, in printing order, that hold characters no certificate font draws. */
export function unprintableFields(fields: Iterable<[field: string, text: string, weight: FontWeight]>): UnprintableField[] {
  const out = new Map<string, Set<string>>();
  for (const [field, text, weight] of fields) {
    const missing = unprintableCharacters(text, weight);
    if (!missing.length) continue;
    const set = out.get(field) ?? new Set<string>();
    for (const ch of missing) set.add(ch);
    out.set(field, set);
  }
  return [...out].map(([field, characters]) => ({ field, characters: [...characters] }));
}

/** `holder.name: 𰀀 (U+30000); evidence.terminalLabel: 📷 (U+1F4F7)` */
export function describeFields(fields: UnprintableField[]): string {
  return fields.map((f) => `${f.field}: ${f.characters.map(describeCharacter).join(', ')}`).join('; ');
}

/** The fields as a notary knows them, for the Chinese half of a refusal. */
const FIELD_NAMES_ZH: Record<string, string> = {
  'holder.name': '申请人姓名',
  'matter.nameZh': '公证事项名称',
  'matter.code': '公证事项代码',
  'matter.wording': '公证书正文（公证书内容）',
  'notary.name': '公证员姓名',
  'office.name': '公证处名称',
  'office.certificatePrefix': '公证书编号字号',
  'point.name': '受理点名称',
  'evidence.pointName': '受理点名称',
  'evidence.terminalLabel': '终端名称',
  'evidence.identity.model': '人脸比对模型',
  'evidence.recordingOverride.reason': '录像豁免原因',
  'evidence.recordingOverride.byName': '录像豁免公证员',
  certificateNo: '公证书编号',
  verifyUrl: '验证地址',
};

/** `“终端名称”中的 📷 (U+1F4F7)` */
export function describeFieldsZh(fields: UnprintableField[]): string {
  return fields.map((f) => `“${FIELD_NAMES_ZH[f.field] ?? f.field}”中的 ${f.characters.map(describeCharacter).join('、')}`).join('；');
}
