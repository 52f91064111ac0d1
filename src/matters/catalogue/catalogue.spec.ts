import { describe, expect, it } from '@jest/globals';
import { MATTER_CATALOGUE, NEVER_REMOTE, findMatter, findNeverRemote } from './catalogue.js';
import { applicableFields, placeholders, renderWording, validateMatterFields, wordingFor } from './template.js';
import { DEFAULT_MAX_ESTATE_VALUE_YUAN, MATTER_CODES, STANDARD_PLACEHOLDERS, type MatterDefinition, type StandardValues } from './types.js';

const STANDARD: StandardValues = {
  applicantName: '张明',
  gender: '男',
  birthDateZh: '一九九〇年五月十二日',
  idNumber: '320115199005121234',
  issueDateZh: '二〇二五年三月三日',
  sessionDateZh: '二〇二五年三月一日',
  pointName: '江苏省南京市江宁区汤山街道远程公证服务点',
};

const standardKeys = new Set<string>(STANDARD_PLACEHOLDERS);

/**
 * One set of values per combination of the select fields that choose a wording or switch
 * fields on, so that every variant is checked and rendered with the fields it needs.
 */
function scenarios(def: MatterDefinition): Record<string, string>[] {
  const base: Record<string, string> = Object.fromEntries(def.fields.map((f) => [f.key, f.example]));
  const drivers = new Set<string>([
    ...(def.wordingVariants ?? []).map((v) => v.when.field),
    ...def.fields.flatMap((f) => (f.onlyWhen ? [f.onlyWhen.field] : [])),
  ]);
  let out = [base];
  for (const key of drivers) {
    const field = def.fields.find((f) => f.key === key);
    const options = field?.options ?? [];
    out = out.flatMap((values) => options.map((o) => ({ ...values, [key]: o.value })));
  }
  return out;
}

function allTemplates(def: MatterDefinition): string[] {
  return [def.wordingTemplate, ...(def.wordingVariants ?? []).map((v) => v.template)];
}

describe('the catalogue of remote-eligible matters', () => {
  it('lists exactly the 17 matters, in the given order, with unique snake_case codes', () => {
    expect(MATTER_CATALOGUE).toHaveLength(17);
    expect(MATTER_CATALOGUE.map((m) => m.code)).toEqual([...MATTER_CODES]);
    expect(MATTER_CATALOGUE.map((m) => m.nameZh)).toEqual([
      '声明',
      '委托',
      '小额继承',
      '婚姻状况',
      '国籍',
      '姓名',
      '出生',
      '死亡',
      '亲属关系',
      '无犯罪记录',
      '经历',
      '学历',
      '学位',
      '驾驶证',
      '其他证书（执照）',
      '文书上的签名（印鉴）',
      '文本相符',
    ]);
    const codes = MATTER_CATALOGUE.map((m) => m.code);
    expect(new Set(codes).size).toBe(17);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('finds a matter by code', () => {
    expect(findMatter('entrustment')?.nameZh).toBe('委托');
    expect(findMatter('will')).toBeUndefined();
  });

  describe.each(MATTER_CATALOGUE.map((m) => [m.code, m] as const))('%s', (code, def) => {
    it('names and describes itself in Chinese and English', () => {
      for (const text of [def.nameZh, def.nameEn, def.description, def.descriptionEn]) expect(text.trim()).not.toBe('');
      expect(def.description).toMatch(/[\u4e00-\u9fff]/);
      expect(def.descriptionEn).not.toMatch(/[\u4e00-\u9fff]/);
    });

    it('asks for the identity card first, then the typical materials', () => {
      expect(def.requiredMaterials[0]).toEqual({ zh: '申请人居民身份证', en: "Applicant's resident identity card" });
      expect(def.requiredMaterials.length).toBeGreaterThanOrEqual(2);
      for (const m of def.requiredMaterials) {
        expect(m.zh.trim()).not.toBe('');
        expect(m.en.trim()).not.toBe('');
      }
    });

    it('takes a realistic time', () => {
      if (code === 'small_inheritance') {
        expect(def.estimatedMinutes).toBeGreaterThan(30);
        expect(def.estimatedMinutes).toBeLessThanOrEqual(90);
      } else {
        expect(def.estimatedMinutes).toBeGreaterThanOrEqual(10);
        expect(def.estimatedMinutes).toBeLessThanOrEqual(30);
      }
    });

    it('is remote-allowed, in person only, with bilingual notes', () => {
      expect(def.rules.remoteAllowed).toBe(true);
      expect(def.rules.applicantMustBeInPerson).toBe(true);
      expect(def.rules.notes.length).toBeGreaterThan(0);
      for (const n of def.rules.notes) {
        expect(n.zh.trim()).not.toBe('');
        expect(n.en.trim()).not.toBe('');
      }
    });

    it('has a notice that covers meaning, truthfulness, liability, questions, withdrawal and recording', () => {
      const notice = def.noticeTemplate;
      expect(notice.trim()).not.toBe('');
      for (const phrase of ['法律意义', '如实', '虚假', '依法承担', '提问', '撤回', '录音录像']) expect(notice).toContain(phrase);
      for (const key of placeholders(notice)) expect(standardKeys.has(key)).toBe(true);
    });

    it('declares well-formed fields', () => {
      const keys = def.fields.map((f) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const f of def.fields) {
        expect(f.key).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(standardKeys.has(f.key)).toBe(false);
        expect(f.labelZh.trim()).not.toBe('');
        expect(f.labelEn.trim()).not.toBe('');
        if (f.type === 'select') {
          expect(f.options?.length).toBeGreaterThan(0);
          const values = (f.options ?? []).map((o) => o.value);
          expect(new Set(values).size).toBe(values.length);
        } else {
          expect(f.options).toBeUndefined();
        }
        if (f.precision !== undefined) expect(f.type).toBe('date');
        // A value printed on the certificate cannot be optional: an absent one would leave a gap.
        if (f.inWording) expect(f.required).toBe(true);
        if (f.onlyWhen) {
          const { field: driverKey, in: when } = f.onlyWhen;
          const driver = def.fields.find((d) => d.key === driverKey);
          expect(driver?.type).toBe('select');
          for (const v of when) expect(driver?.options?.map((o) => o.value)).toContain(v);
        }
      }
      for (const v of def.wordingVariants ?? []) {
        const driver = def.fields.find((d) => d.key === v.when.field);
        expect(driver?.type).toBe('select');
        expect(driver?.options?.map((o) => o.value)).toContain(v.when.equals);
      }
    });

    it('uses in each wording only standard placeholders and its applicable fields, and prints every one of them', () => {
      for (const values of scenarios(def)) {
        const used = placeholders(wordingFor(def, values));
        const printed = applicableFields(def, values)
          .filter((f) => f.inWording)
          .map((f) => f.key);
        for (const key of used) expect([...standardKeys, ...printed]).toContain(key);
        for (const key of printed) expect(used).toContain(key);
      }
      const notPrinted = def.fields.filter((f) => !f.inWording).map((f) => f.key);
      for (const template of allTemplates(def)) {
        for (const key of notPrinted) expect(placeholders(template)).not.toContain(key);
        expect(template.startsWith('兹证明')).toBe(true);
        expect(template.endsWith('。')).toBe(true);
      }
    });

    it('accepts its own example values in every variant', () => {
      for (const values of scenarios(def)) expect(validateMatterFields(def, values)).toEqual([]);
    });

    it('renders every variant with sample values and nothing left unfilled', () => {
      for (const values of scenarios(def)) {
        const text = renderWording(def, STANDARD, values);
        expect(text).not.toContain('{{');
        expect(text).not.toContain('}}');
        expect(text).not.toContain('undefined');
        expect(text).not.toMatch(/\d{4}-\d{2}/);
      }
    });
  });

  it('carries the matter-specific rules', () => {
    expect(findMatter('small_inheritance')?.rules.maxEstateValueYuan).toBe(DEFAULT_MAX_ESTATE_VALUE_YUAN);
    expect(DEFAULT_MAX_ESTATE_VALUE_YUAN).toBe(500_000);
    expect(findMatter('entrustment')?.rules.agentMustBeCloseRelativeWhenDisposingProperty).toBe(true);
    for (const code of ['kinship', 'no_criminal_record', 'education', 'degree', 'marital_status']) {
      expect(findMatter(code)?.rules.foreignUse).toBe(true);
    }
    const others = MATTER_CATALOGUE.filter((m) => m.code !== 'small_inheritance');
    for (const m of others) expect(m.rules.maxEstateValueYuan).toBeUndefined();
  });

  it('renders the marital status the applicant chose', () => {
    const def = findMatter('marital_status');
    if (!def) throw new Error('marital_status missing');
    expect(renderWording(def, STANDARD, { maritalStatus: '未婚', asOfDate: '2025-03-01' })).toBe(
      '兹证明张明（男，一九九〇年五月十二日出生，公民身份号码：320115199005121234）至二〇二五年三月一日未曾登记结婚。',
    );
    expect(
      renderWording(def, STANDARD, {
        maritalStatus: '已婚',
        spouseName: '王芳',
        eventDate: '2019-10-08',
        registryName: '江苏省南京市江宁区民政局',
      }),
    ).toBe(
      '兹证明张明（男，一九九〇年五月十二日出生，公民身份号码：320115199005121234）与王芳于二〇一九年十月八日在江苏省南京市江宁区民政局登记结婚。',
    );
  });

  it('states the remote point and session date for acts done before the notary', () => {
    const def = findMatter('entrustment');
    if (!def) throw new Error('entrustment missing');
    const values = Object.fromEntries(def.fields.map((f) => [f.key, f.example]));
    const text = renderWording(def, STANDARD, values);
    expect(text).toContain('于二〇二五年三月一日在江苏省南京市江宁区汤山街道远程公证服务点通过远程视频方式，在本公证员的面前');
    expect(text).toContain('在前面的《委托书》上以电子签名方式签名');
  });
});

describe('matters never handled remotely', () => {
  it('include wills and adoption, each with a reason in both languages', () => {
    const codes = NEVER_REMOTE.map((m) => m.code);
    expect(codes).toEqual(expect.arrayContaining(['will', 'adoption']));
    expect(new Set(codes).size).toBe(codes.length);
    for (const m of NEVER_REMOTE) {
      expect(m.nameZh.trim()).not.toBe('');
      expect(m.nameEn.trim()).not.toBe('');
      expect(m.reason.zh.trim()).not.toBe('');
      expect(m.reason.en.trim()).not.toBe('');
    }
    expect(findNeverRemote('will')?.nameZh).toBe('遗嘱');
  });

  it('do not overlap the catalogue', () => {
    for (const m of NEVER_REMOTE) expect(findMatter(m.code)).toBeUndefined();
  });
});
