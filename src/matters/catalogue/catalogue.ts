/**
 * The 17 matter types a township remote notarization point (远程公证服务点) may handle by video,
 * and the matters it must refuse.
 *
 * Wordings follow the fixed certificate formats the Ministry of Justice issued in 2011
 * (定式公证书格式: 委托, 声明, 出生, 死亡, 婚姻状况, 证书（执照）, 文书上的签名（印鉴）, 文本相符 …),
 * adapted in two ways: the applicant's particulars are written into the first sentence, and
 * for acts done before the notary the place is stated as it was (a point, by video), as those
 * formats require for anywhere outside the notary office. Statutes are cited only where the
 * formats themselves cite them; elsewhere the wording says 有关规定 rather than guess an article.
 */
import { composeNotice } from './notice.js';
import {
  CLOSE_RELATIVES,
  DEFAULT_MAX_ESTATE_VALUE_YUAN,
  type Bilingual,
  type FieldSpec,
  type MatterDefinition,
  type NeverRemoteMatter,
  type SelectOption,
} from './types.js';

const PARTICULARS = '（{{gender}}，{{birthDateZh}}出生，公民身份号码：{{idNumber}}）';
const BEFORE_NOTARY_BY_VIDEO = '于{{sessionDateZh}}在{{pointName}}通过远程视频方式，在本公证员的面前，';

const ID_CARD: Bilingual = { zh: '申请人居民身份证', en: "Applicant's resident identity card" };
const HOUSEHOLD_REGISTER: Bilingual = { zh: '申请人户口簿', en: "Applicant's household register (hukou booklet)" };

const GENDERS: readonly SelectOption[] = [
  { value: '男', labelZh: '男', labelEn: 'Male' },
  { value: '女', labelZh: '女', labelEn: 'Female' },
];

const YES_NO: readonly SelectOption[] = [
  { value: 'yes', labelZh: '是', labelEn: 'Yes' },
  { value: 'no', labelZh: '否', labelEn: 'No' },
];

const RELATION_OPTIONS: readonly SelectOption[] = [
  ...CLOSE_RELATIVES.map((r): SelectOption => ({ value: r, labelZh: r, labelEn: relationEn(r) })),
  { value: '其他亲属', labelZh: '其他亲属', labelEn: 'Other relative' },
  { value: '非亲属', labelZh: '非亲属', labelEn: 'Not a relative' },
];

function relationEn(r: (typeof CLOSE_RELATIVES)[number]): string {
  const en: Record<(typeof CLOSE_RELATIVES)[number], string> = {
    配偶: 'Spouse',
    父母: 'Parent',
    子女: 'Child',
    兄弟姐妹: 'Sibling',
    祖父母: "Grandparent (father's side)",
    外祖父母: "Grandparent (mother's side)",
    孙子女: "Grandchild (son's child)",
    外孙子女: "Grandchild (daughter's child)",
  };
  return en[r];
}

/** The value is printed after 在前面的《…》上, so each reads as a verb phrase. */
const SIGNING_METHOD: FieldSpec = {
  key: 'signingMethod',
  labelZh: '签署方式',
  labelEn: 'How the document is signed',
  type: 'select',
  required: true,
  options: [
    { value: '签名', labelZh: '手写签名', labelEn: 'Handwritten signature' },
    { value: '签名并捺指印', labelZh: '签名并捺指印', labelEn: 'Signature and fingerprint' },
    { value: '盖章', labelZh: '盖章', labelEn: 'Personal seal' },
    { value: '以电子签名方式签名', labelZh: '电子签名', labelEn: 'Electronic signature' },
  ],
  inWording: true,
  example: '以电子签名方式签名',
};

const DESTINATION_COUNTRY: FieldSpec = {
  key: 'destinationCountry',
  labelZh: '使用国家或地区',
  labelEn: 'Country or region of use',
  type: 'text',
  required: false,
  inWording: false,
  hintZh: '发往境外使用的，公证员据此确定是否需要译文和领事认证（或附加证明书）。',
  example: '加拿大',
};

const ORIGINAL_SEEN_BY_VIDEO: Bilingual = {
  zh: '原件须由服务点工作人员当面核对并高拍扫描，公证员通过视频查验原件的整体和细节（印章、钢印、防伪标识等）。',
  en: 'Point staff check and scan the original in person; the notary inspects it over video, including seals, embossing and security features.',
};

const FOREIGN_TRANSLATION: Bilingual = {
  zh: '发往境外使用需附外文译文的，另行证明译文与中文原文相符。',
  en: 'Where the certificate is used abroad with a translation, conformity of the translation is certified separately.',
};

export const MATTER_CATALOGUE: readonly MatterDefinition[] = [
  {
    code: 'declaration',
    nameZh: '声明',
    nameEn: 'Declaration',
    description:
      '证明申请人在声明书上签名（盖章）的行为真实，声明行为符合法律规定。常用于放弃继承权、同意未成年子女出国（境）、财产状况等声明。',
    descriptionEn:
      "Certifies that the applicant signed the declaration before the notary and that the act of declaring is lawful; used for waivers of inheritance, parental consent to a minor's travel abroad, statements about property and the like.",
    requiredMaterials: [
      ID_CARD,
      { zh: '声明书（拟签署的文本，可由公证员协助起草）', en: 'The declaration to be signed (the notary may help draft it)' },
      {
        zh: '与声明内容有关的证明材料（如亲属关系证明、财产凭证）',
        en: 'Evidence for what is declared (e.g. proof of kinship, title to property)',
      },
      {
        zh: '申请人户口簿（声明涉及身份或家庭关系的）',
        en: "Applicant's household register, where the declaration concerns personal or family status",
      },
    ],
    estimatedMinutes: 20,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      notes: [
        {
          zh: '声明内容不得违反法律、行政法规的强制性规定，不得违背公序良俗。',
          en: 'The declaration must not breach mandatory provisions of law or administrative regulations, nor public order and good morals.',
        },
        {
          zh: '声明涉及放弃不动产等重大财产权利的，公证员可以决定改为到公证机构当面办理。',
          en: 'Where the declaration gives up significant property rights such as real estate, the notary may require the applicant to attend the notary office in person.',
        },
      ],
    },
    wordingTemplate:
      `兹证明{{applicantName}}${PARTICULARS}${BEFORE_NOTARY_BY_VIDEO}在前面的《{{documentTitle}}》上{{signingMethod}}，并表示知悉声明的法律意义和法律后果。\n` +
      '{{applicantName}}的声明行为符合《中华人民共和国民法典》第一百四十三条的规定。',
    noticeTemplate: composeNotice(
      '声明是您单方作出的意思表示。经公证的声明书具有证据效力，可能对您产生放弃权利或者承担义务的法律后果；例如放弃继承权的声明，一般不能随意反悔。' +
        '请您在签署前仔细阅读声明书全文，确认其内容是您的真实意思，并已充分理解其后果。',
    ),
    fields: [
      {
        key: 'documentTitle',
        labelZh: '声明书标题',
        labelEn: 'Title of the declaration',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '与文书标题一致，不加书名号，如：声明书、放弃继承权声明书。',
        example: '放弃继承权声明书',
      },
      {
        key: 'declarationSummary',
        labelZh: '声明事项摘要',
        labelEn: 'What is declared (summary)',
        type: 'text',
        required: true,
        inWording: false,
        example: '自愿放弃对父亲张某某遗产的继承权',
      },
      SIGNING_METHOD,
    ],
  },
  {
    code: 'entrustment',
    nameZh: '委托',
    nameEn: 'Entrustment (power of attorney)',
    description:
      '证明申请人（委托人）在委托书上签名（盖章）的行为真实，委托行为符合法律规定，受托人可凭委托书和公证书代为办理房产、车辆、存款、继承等事务。',
    descriptionEn:
      'Certifies that the applicant (principal) signed the power of attorney before the notary and that the act of entrusting is lawful, so that the agent can act on it for property, vehicles, deposits, inheritance and similar affairs.',
    requiredMaterials: [
      ID_CARD,
      {
        zh: '委托书（拟签署的文本，写明受托人、委托事项、权限和期限）',
        en: 'The power of attorney to be signed, naming the agent and stating the matters, powers and term',
      },
      { zh: '受托人的居民身份证复印件', en: "Copy of the agent's resident identity card" },
      {
        zh: '受托人与委托人关系的证明（委托处分财产的）',
        en: 'Proof of the relationship between agent and principal, where property is to be disposed of',
      },
      {
        zh: '委托事项涉及的财产凭证（如不动产权证书、机动车登记证书、存单）',
        en: 'Title documents for the property concerned (e.g. real estate certificate, vehicle registration certificate, deposit certificate)',
      },
      {
        zh: '结婚证（已婚委托人处分夫妻共同财产的）',
        en: 'Marriage certificate, where a married principal disposes of jointly owned property',
      },
    ],
    estimatedMinutes: 25,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      agentMustBeCloseRelativeWhenDisposingProperty: true,
      notes: [
        {
          zh: '委托出售、抵押、赠与财产或者支取存款等处分财产事项的，受托人应当是委托人的近亲属（配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女）；受托人不是近亲属的，应当到公证机构当面办理。',
          en: 'Where the agent is to sell, mortgage or give away property or withdraw deposits, the agent must be a close relative of the principal (spouse, parent, child, sibling, grandparent or grandchild); otherwise the principal must attend the notary office in person.',
        },
        {
          zh: '委托事项和权限应当逐项写明，不办理涉及不动产处分的全项委托（司法部关于公证执业“五不准”的要求）。',
          en: 'Matters and powers must be listed one by one; an all-powers entrustment over the disposal of real estate is not notarized (Ministry of Justice "five prohibitions" for notarial practice).',
        },
        {
          zh: '委托他人代为赠与不动产的，不通过远程视频办理。',
          en: 'A power of attorney to give away real estate is not handled by remote video.',
        },
        { zh: '委托期限应当明确。', en: 'The term of the entrustment must be stated.' },
      ],
    },
    wordingTemplate:
      `兹证明{{applicantName}}${PARTICULARS}${BEFORE_NOTARY_BY_VIDEO}在前面的《委托书》上{{signingMethod}}，并表示知悉委托的法律意义和法律后果。\n` +
      '{{applicantName}}的委托行为符合《中华人民共和国民法典》第一百四十三条的规定。',
    noticeTemplate: composeNotice(
      '委托是您授权受托人以您的名义实施民事法律行为。受托人在委托权限内实施的行为，其法律后果由您承担。' +
        '请您确认受托人、委托事项、权限和期限与您的真实意思一致；委托涉及处分房产、车辆、存款等财产的，请特别注意权限的范围。' +
        '委托期限内如需撤销委托，应当及时通知受托人和有关单位，必要时可以办理撤销委托的公证。',
    ),
    fields: [
      {
        key: 'agentName',
        labelZh: '受托人姓名',
        labelEn: "Agent's name",
        type: 'text',
        required: true,
        inWording: false,
        example: '张小红',
      },
      {
        key: 'agentRelation',
        labelZh: '受托人是委托人的',
        labelEn: 'The agent is the principal’s',
        type: 'select',
        required: true,
        options: RELATION_OPTIONS,
        inWording: false,
        example: '子女',
      },
      {
        key: 'disposesOfProperty',
        labelZh: '是否委托处分财产（出售、抵押、赠与、支取存款等）',
        labelEn: 'Does the agent dispose of property (sale, mortgage, gift, withdrawal)?',
        type: 'select',
        required: true,
        options: YES_NO,
        inWording: false,
        example: 'yes',
      },
      {
        key: 'scope',
        labelZh: '委托事项及权限',
        labelEn: 'Matters and powers entrusted',
        type: 'text',
        required: true,
        inWording: false,
        hintZh: '逐项写明，如：代为出售位于某市某区某路某号的房屋，代为签订买卖合同、办理不动产转移登记、收取房款。',
        example: '代为出售位于南京市江宁区汤山街道某路8号的房屋，代为签订房屋买卖合同、办理不动产转移登记手续、收取房款',
      },
      {
        key: 'term',
        labelZh: '委托期限',
        labelEn: 'Term of the entrustment',
        type: 'text',
        required: true,
        inWording: false,
        example: '自委托书签署之日起至上述事项办理完毕之日止',
      },
      SIGNING_METHOD,
    ],
  },
  {
    code: 'small_inheritance',
    nameZh: '小额继承',
    nameEn: 'Small-value inheritance',
    description:
      '证明被继承人死亡后遗留的小额遗产（如银行存款）由其合法继承人继承。仅限遗产价值不超过上限、无遗嘱和遗赠扶养协议、继承人之间无争议的情形。',
    descriptionEn:
      "Certifies that a small estate left by the deceased (for example bank deposits) passes to the lawful heirs. Only where the estate's value is within the ceiling, there is no will or legacy-support agreement, and the heirs do not dispute.",
    requiredMaterials: [
      ID_CARD,
      HOUSEHOLD_REGISTER,
      {
        zh: '被继承人的死亡证明（居民死亡医学证明（推断）书或公安机关出具的注销户口证明）',
        en: "Proof of the deceased's death (medical certificate of death, or the police record that the household registration was cancelled)",
      },
      {
        zh: '申请人及其他继承人与被继承人的亲属关系证明（户口簿、结婚证、出生医学证明、户籍档案等）',
        en: 'Proof of kinship between the deceased and the applicant and every other heir (household registers, marriage certificate, birth certificates, household archives)',
      },
      {
        zh: '遗产的权属凭证（如存单、存折、银行账户信息）',
        en: 'Proof of the estate (e.g. deposit certificates, passbooks, bank account details)',
      },
      {
        zh: '先于被继承人死亡的父母、配偶、子女的死亡证明',
        en: 'Death certificates of any parent, spouse or child who died before the deceased',
      },
      {
        zh: '其他继承人的身份证件；放弃继承的，经公证的放弃继承声明书',
        en: 'Identity documents of the other heirs and, for any who waive, their notarized waiver',
      },
    ],
    estimatedMinutes: 60,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      // Configurable default, not a statute: offices may set their own ceiling.
      maxEstateValueYuan: DEFAULT_MAX_ESTATE_VALUE_YUAN,
      notes: [
        {
          zh: `遗产价值以申请人申报并经公证员核实的金额为准；超过远程办理上限（默认人民币${DEFAULT_MAX_ESTATE_VALUE_YUAN}元，由公证机构设定，非法定标准）的，应当到公证机构办理。`,
          en: `The estate's value is the amount declared by the applicant and checked by the notary; above the remote ceiling (by default CNY ${DEFAULT_MAX_ESTATE_VALUE_YUAN}, set by the notary office, not a statutory figure) the heirs must attend the notary office.`,
        },
        {
          zh: '全部法定继承人均应参与办理：本人到场（服务点或公证机构），或者提交经公证的放弃继承声明书。',
          en: 'Every statutory heir takes part: in person (at a point or the office), or by a notarized waiver.',
        },
        {
          zh: '被继承人留有遗嘱或者遗赠扶养协议，或者继承人之间存在争议的，不通过远程视频办理。',
          en: 'If the deceased left a will or a legacy-support agreement, or the heirs disagree, the matter is not handled remotely.',
        },
        {
          zh: '遗产包括不动产的，由公证员审查决定是否改为到公证机构办理。',
          en: 'Where the estate includes real estate, the notary decides whether the heirs must attend the office instead.',
        },
      ],
    },
    wordingTemplate:
      '兹证明被继承人{{decedentName}}（{{decedentGender}}，{{decedentBirthDate}}出生，生前住{{decedentAddress}}）于{{deathDate}}在{{deathPlace}}死亡。{{decedentName}}死亡后遗留有{{estateDescription}}。\n' +
      '被继承人{{decedentName}}生前未留有遗嘱，也未与他人签订遗赠扶养协议。被继承人{{decedentName}}的法定继承人为{{legalHeirs}}。\n' +
      '根据《中华人民共和国民法典》的有关规定，被继承人{{decedentName}}的上述遗产由{{inheritors}}继承。',
    wordingVariants: [
      {
        when: { field: 'hasWaiver', equals: 'yes' },
        template:
          '兹证明被继承人{{decedentName}}（{{decedentGender}}，{{decedentBirthDate}}出生，生前住{{decedentAddress}}）于{{deathDate}}在{{deathPlace}}死亡。{{decedentName}}死亡后遗留有{{estateDescription}}。\n' +
          '被继承人{{decedentName}}生前未留有遗嘱，也未与他人签订遗赠扶养协议。被继承人{{decedentName}}的法定继承人为{{legalHeirs}}。其中{{waivingHeirs}}表示放弃继承被继承人{{decedentName}}的上述遗产。\n' +
          '根据《中华人民共和国民法典》的有关规定，被继承人{{decedentName}}的上述遗产由{{inheritors}}继承。',
      },
    ],
    noticeTemplate: composeNotice(
      '继承公证证明被继承人的遗产由哪些继承人继承，继承人可凭公证书向银行等机构办理遗产的支取或者过户。' +
        '您应当如实说明被继承人的全部法定继承人、是否留有遗嘱或者遗赠扶养协议以及遗产的范围和价值，不得隐瞒、遗漏任何继承人。' +
        '因隐瞒、遗漏继承人或者提供虚假材料致使他人权益受损的，您应当依法承担赔偿责任，公证书将依法被撤销。' +
        '放弃继承的意思表示作出后，一般不能随意反悔。',
    ),
    fields: [
      {
        key: 'decedentName',
        labelZh: '被继承人姓名',
        labelEn: "Deceased's name",
        type: 'text',
        required: true,
        inWording: true,
        example: '张建国',
      },
      {
        key: 'decedentGender',
        labelZh: '被继承人性别',
        labelEn: "Deceased's sex",
        type: 'select',
        required: true,
        options: GENDERS,
        inWording: true,
        example: '男',
      },
      {
        key: 'decedentBirthDate',
        labelZh: '被继承人出生日期',
        labelEn: "Deceased's date of birth",
        type: 'date',
        required: true,
        inWording: true,
        example: '1948-03-12',
      },
      {
        key: 'decedentAddress',
        labelZh: '被继承人生前住址',
        labelEn: "Deceased's last address",
        type: 'text',
        required: true,
        inWording: true,
        example: '江苏省南京市江宁区汤山街道汤泉村12号',
      },
      {
        key: 'deathDate',
        labelZh: '死亡日期',
        labelEn: 'Date of death',
        type: 'date',
        required: true,
        inWording: true,
        example: '2025-01-06',
      },
      {
        key: 'deathPlace',
        labelZh: '死亡地点',
        labelEn: 'Place of death',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '写至县（市、区），或者写明医院名称，如：江苏省南京市江宁区。',
        example: '江苏省南京市江宁区',
      },
      {
        key: 'estateDescription',
        labelZh: '遗产',
        labelEn: 'The estate',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '写明开户机构、账号和金额，如：其名下在某银行某支行账号为……的存款人民币……元及利息。',
        example: '其名下在中国农业银行股份有限公司南京江宁支行账号为6228480402564890018的存款人民币八万元及利息',
      },
      {
        key: 'estimatedValueYuan',
        labelZh: '遗产估算价值（元）',
        labelEn: 'Estimated value of the estate (CNY)',
        type: 'number',
        required: true,
        inWording: false,
        example: '80000',
      },
      {
        key: 'legalHeirs',
        labelZh: '全部法定继承人',
        labelEn: 'All statutory heirs',
        type: 'text',
        required: true,
        inWording: true,
        hintZh:
          '写明与被继承人的关系和姓名；第一顺序继承人先于被继承人死亡的一并写明，如：其妻子李秀英、儿子张明、女儿张丽（其父母均先于其死亡）。',
        example: '其妻子李秀英、儿子张明、女儿张丽（其父母均先于其死亡）',
      },
      {
        key: 'hasWaiver',
        labelZh: '是否有继承人放弃继承',
        labelEn: 'Does any heir waive?',
        type: 'select',
        required: true,
        options: YES_NO,
        inWording: false,
        example: 'yes',
      },
      {
        key: 'waivingHeirs',
        labelZh: '放弃继承的继承人',
        labelEn: 'Heirs who waive',
        type: 'text',
        required: true,
        inWording: true,
        onlyWhen: { field: 'hasWaiver', in: ['yes'] },
        example: '李秀英、张丽',
      },
      {
        key: 'inheritors',
        labelZh: '继承遗产的继承人及方式',
        labelEn: 'Who inherits, and how',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '如：张明一人；李秀英、张明、张丽共同。',
        example: '张明一人',
      },
    ],
  },
  {
    code: 'marital_status',
    nameZh: '婚姻状况',
    nameEn: 'Marital status',
    description: '证明申请人未婚、已婚、离婚或者丧偶的婚姻状况，多用于境外结婚、定居、签证等。',
    descriptionEn:
      'Certifies that the applicant is unmarried, married, divorced or widowed; mostly used abroad for marriage, settlement or visas.',
    requiredMaterials: [
      ID_CARD,
      HOUSEHOLD_REGISTER,
      { zh: '结婚证（已婚、丧偶的）', en: 'Marriage certificate (if married or widowed)' },
      {
        zh: '离婚证，或者人民法院的离婚判决书、调解书及生效证明（离婚的）',
        en: "Divorce certificate, or the court's divorce judgment or mediation statement with proof it is in force (if divorced)",
      },
      { zh: '配偶的死亡证明（丧偶的）', en: "Spouse's death certificate (if widowed)" },
      {
        zh: '婚姻状况声明书（未婚及离婚、丧偶后未再婚的）',
        en: 'Statement of marital status (if unmarried, or not remarried after divorce or bereavement)',
      },
    ],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      foreignUse: true,
      notes: [
        {
          zh: '证明内容以我国婚姻登记机关的登记记录和人民法院的生效法律文书为依据；申请人应当如实说明在境外的结婚、离婚情况。',
          en: 'The certificate rests on Chinese marriage registry records and final court decisions; the applicant must disclose any marriage or divorce abroad.',
        },
        FOREIGN_TRANSLATION,
      ],
    },
    wordingTemplate: `兹证明{{applicantName}}${PARTICULARS}至{{asOfDate}}未曾登记结婚。`,
    wordingVariants: [
      {
        when: { field: 'maritalStatus', equals: '已婚' },
        template: `兹证明{{applicantName}}${PARTICULARS}与{{spouseName}}于{{eventDate}}在{{registryName}}登记结婚。`,
      },
      {
        when: { field: 'maritalStatus', equals: '离婚' },
        template: `兹证明{{applicantName}}${PARTICULARS}与{{spouseName}}于{{eventDate}}经{{divorceAuthority}}{{divorceMode}}，此后至{{asOfDate}}未再登记结婚。`,
      },
      {
        when: { field: 'maritalStatus', equals: '丧偶' },
        template: `兹证明{{applicantName}}${PARTICULARS}的配偶{{spouseName}}于{{eventDate}}死亡，此后至{{asOfDate}}{{applicantName}}未再登记结婚。`,
      },
    ],
    noticeTemplate: composeNotice(
      '婚姻状况公证证明您在特定时间的婚姻登记状况，多在境外用于结婚、定居或者签证。' +
        '公证内容以婚姻登记机关的记录和人民法院的生效法律文书为依据，您应当如实说明全部婚姻经历，包括在境外结婚、离婚的情况。',
    ),
    fields: [
      {
        key: 'maritalStatus',
        labelZh: '婚姻状况',
        labelEn: 'Marital status',
        type: 'select',
        required: true,
        options: [
          { value: '未婚', labelZh: '未婚', labelEn: 'Never married' },
          { value: '已婚', labelZh: '已婚', labelEn: 'Married' },
          { value: '离婚', labelZh: '离婚（未再婚）', labelEn: 'Divorced, not remarried' },
          { value: '丧偶', labelZh: '丧偶（未再婚）', labelEn: 'Widowed, not remarried' },
        ],
        inWording: false,
        example: '离婚',
      },
      {
        key: 'asOfDate',
        labelZh: '证明截止日期',
        labelEn: 'Status as of',
        type: 'date',
        required: true,
        inWording: true,
        onlyWhen: { field: 'maritalStatus', in: ['未婚', '离婚', '丧偶'] },
        hintZh: '一般为婚姻登记记录查询日或者声明书签署日。',
        example: '2025-03-01',
      },
      {
        key: 'spouseName',
        labelZh: '配偶（前配偶）姓名',
        labelEn: "(Former) spouse's name",
        type: 'text',
        required: true,
        inWording: true,
        onlyWhen: { field: 'maritalStatus', in: ['已婚', '离婚', '丧偶'] },
        example: '王芳',
      },
      {
        key: 'eventDate',
        labelZh: '结婚、离婚或者配偶死亡日期',
        labelEn: 'Date of marriage, divorce or spouse’s death',
        type: 'date',
        required: true,
        inWording: true,
        onlyWhen: { field: 'maritalStatus', in: ['已婚', '离婚', '丧偶'] },
        example: '2019-10-08',
      },
      {
        key: 'registryName',
        labelZh: '结婚登记机关',
        labelEn: 'Marriage registry',
        type: 'text',
        required: true,
        inWording: true,
        onlyWhen: { field: 'maritalStatus', in: ['已婚'] },
        hintZh: '写全称，如：江苏省南京市江宁区民政局。',
        example: '江苏省南京市江宁区民政局',
      },
      {
        key: 'divorceAuthority',
        labelZh: '办理离婚的婚姻登记机关或者人民法院',
        labelEn: 'Registry or court that granted the divorce',
        type: 'text',
        required: true,
        inWording: true,
        onlyWhen: { field: 'maritalStatus', in: ['离婚'] },
        hintZh: '写全称，如：江苏省南京市江宁区民政局、江苏省南京市江宁区人民法院。',
        example: '江苏省南京市江宁区人民法院',
      },
      {
        key: 'divorceMode',
        labelZh: '离婚方式',
        labelEn: 'How the divorce was granted',
        type: 'select',
        required: true,
        options: [
          { value: '登记离婚', labelZh: '登记离婚', labelEn: 'Registered divorce' },
          { value: '判决离婚', labelZh: '判决离婚', labelEn: 'Divorce by judgment' },
          { value: '调解离婚', labelZh: '调解离婚', labelEn: 'Divorce by court mediation' },
        ],
        inWording: true,
        onlyWhen: { field: 'maritalStatus', in: ['离婚'] },
        example: '判决离婚',
      },
      DESTINATION_COUNTRY,
    ],
  },
  {
    code: 'nationality',
    nameZh: '国籍',
    nameEn: 'Nationality',
    description: '证明申请人具有中华人民共和国国籍，多用于境外办理居留、继承等事务。',
    descriptionEn: 'Certifies that the applicant holds the nationality of the People’s Republic of China; mostly used abroad.',
    requiredMaterials: [
      ID_CARD,
      HOUSEHOLD_REGISTER,
      { zh: '申请人的中华人民共和国护照（持有的）', en: "Applicant's PRC passport, if held" },
    ],
    estimatedMinutes: 10,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      foreignUse: true,
      notes: [
        {
          zh: '申请人曾申请或者取得外国国籍、外国护照或者外国永久居留身份的，应当如实告知，由公证员审查决定。',
          en: 'An applicant who has applied for or holds a foreign nationality, passport or permanent residence must say so; the notary decides.',
        },
        FOREIGN_TRANSLATION,
      ],
    },
    wordingTemplate: `兹证明{{applicantName}}${PARTICULARS}具有中华人民共和国国籍。`,
    noticeTemplate: composeNotice(
      '国籍公证证明您具有中华人民共和国国籍。请如实告知您是否曾申请或者取得外国国籍、外国护照或者外国永久居留身份；隐瞒上述情况取得的公证书将依法被撤销。',
    ),
    fields: [DESTINATION_COUNTRY],
  },
  {
    code: 'name',
    nameZh: '姓名',
    nameEn: 'Name',
    description: '证明申请人的曾用名，或者证明不同文件上记载的不同姓名系申请人同一人。',
    descriptionEn: "Certifies the applicant's former name, or that a name recorded in another document refers to the applicant.",
    requiredMaterials: [
      ID_CARD,
      HOUSEHOLD_REGISTER,
      {
        zh: '记载姓名变更的户籍档案或者公安机关出具的证明',
        en: 'Household archive entry or police certificate recording the change of name',
      },
      {
        zh: '记载其他姓名的证件或者文书原件（证明同一人的）',
        en: 'The original document that records the other name (for same-person certificates)',
      },
    ],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      notes: [
        {
          zh: '证明内容以户籍档案、公安机关证明等材料为依据，不能查证的不予办理。',
          en: 'The certificate rests on household archives and police records; a name that cannot be verified is not certified.',
        },
      ],
    },
    wordingTemplate: `兹证明{{applicantName}}${PARTICULARS}曾用名{{otherName}}。`,
    wordingVariants: [
      {
        when: { field: 'nameCase', equals: '同一人' },
        template: `兹证明{{sourceDocument}}上记载的{{otherName}}与{{applicantName}}${PARTICULARS}系同一人。`,
      },
    ],
    noticeTemplate: composeNotice(
      '姓名公证证明您的曾用名，或者证明其他文件上记载的姓名系您本人。请如实说明姓名变更的经过，确保有关文件的记载真实。',
    ),
    fields: [
      {
        key: 'nameCase',
        labelZh: '证明内容',
        labelEn: 'What is certified',
        type: 'select',
        required: true,
        options: [
          { value: '曾用名', labelZh: '曾用名', labelEn: 'Former name' },
          { value: '同一人', labelZh: '不同姓名系同一人', labelEn: 'Another name is the same person' },
        ],
        inWording: false,
        example: '曾用名',
      },
      {
        key: 'otherName',
        labelZh: '曾用名或者文件上记载的姓名',
        labelEn: 'Former name, or the name in the document',
        type: 'text',
        required: true,
        inWording: true,
        example: '张小明',
      },
      {
        key: 'sourceDocument',
        labelZh: '记载该姓名的文件',
        labelEn: 'Document that records that name',
        type: 'text',
        required: true,
        inWording: true,
        onlyWhen: { field: 'nameCase', in: ['同一人'] },
        hintZh: '写明出具机构、时间和名称，如：江苏省南京市第一中学于一九九八年七月颁发的《毕业证书》。',
        example: '江苏省南京市第一中学于一九九八年七月颁发的《毕业证书》',
      },
    ],
  },
  {
    code: 'birth',
    nameZh: '出生',
    nameEn: 'Birth',
    description: '证明申请人的出生时间、出生地点和父母，多用于境外留学、定居、入籍等。',
    descriptionEn:
      "Certifies the applicant's date and place of birth and parents; mostly used abroad for study, settlement or naturalisation.",
    requiredMaterials: [
      ID_CARD,
      HOUSEHOLD_REGISTER,
      {
        zh: '出生医学证明；没有的，提交户籍档案或者公安机关出具的出生登记证明',
        en: "Medical birth certificate; failing that, the household archive or the police's birth registration record",
      },
      { zh: '父母的居民身份证或者户口簿', en: "Parents' identity cards or household registers" },
    ],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      foreignUse: true,
      notes: [
        {
          zh: '本格式证明申请人本人的出生；为未成年子女办理的，由其监护人作为申请人到场，公证员相应调整证词。',
          en: "This wording certifies the applicant's own birth; for a minor, the guardian attends as applicant and the notary adapts the wording.",
        },
        {
          zh: '出生地一般写至省、县（市）；地名已变更的，写出生时的名称。',
          en: 'The place of birth is normally given to province and county (city), using the name in force at the time of birth.',
        },
        FOREIGN_TRANSLATION,
      ],
    },
    wordingTemplate:
      '兹证明{{applicantName}}（{{gender}}，公民身份号码：{{idNumber}}）于{{birthDateZh}}在{{birthPlace}}出生。' +
      '{{applicantName}}的父亲是{{fatherName}}，母亲是{{motherName}}。',
    noticeTemplate: composeNotice(
      '出生公证证明您的出生时间、出生地点和父母情况，多在境外使用。公证内容以出生医学证明、户籍档案等材料为依据，请如实说明，不得隐瞒收养等情况。',
    ),
    fields: [
      {
        key: 'birthPlace',
        labelZh: '出生地',
        labelEn: 'Place of birth',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '写至省、县（市），如：江苏省南京市。',
        example: '江苏省南京市',
      },
      {
        key: 'fatherName',
        labelZh: '父亲姓名',
        labelEn: "Father's name",
        type: 'text',
        required: true,
        inWording: true,
        example: '张建国',
      },
      {
        key: 'motherName',
        labelZh: '母亲姓名',
        labelEn: "Mother's name",
        type: 'text',
        required: true,
        inWording: true,
        example: '李秀英',
      },
      DESTINATION_COUNTRY,
    ],
  },
  {
    code: 'death',
    nameZh: '死亡',
    nameEn: 'Death',
    description: '证明死者死亡的时间和地点，常用于办理继承、保险理赔、抚恤金领取或者境外事务。',
    descriptionEn: "Certifies the date and place of a person's death; used for inheritance, insurance claims, pensions or affairs abroad.",
    requiredMaterials: [
      ID_CARD,
      {
        zh: '死者的居民死亡医学证明（推断）书或者公安机关出具的注销户口证明',
        en: "Medical certificate of death, or the police record that the deceased's household registration was cancelled",
      },
      { zh: '申请人与死者的亲属关系证明', en: 'Proof of kinship between the applicant and the deceased' },
      { zh: '死者的居民身份证或者户口簿（有的）', en: "The deceased's identity card or household register, if available" },
      { zh: '火化证明（有的）', en: 'Cremation certificate, if any' },
    ],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      foreignUse: true,
      notes: [
        {
          zh: '申请人应当是死者的近亲属或者与死亡事实有利害关系的人。',
          en: 'The applicant must be a close relative of the deceased or otherwise have a legal interest in the death.',
        },
        FOREIGN_TRANSLATION,
      ],
    },
    wordingTemplate:
      '兹证明{{decedentName}}（{{decedentGender}}，{{decedentBirthDate}}出生，生前住{{decedentAddress}}）于{{deathDate}}在{{deathPlace}}死亡。',
    noticeTemplate: composeNotice(
      '死亡公证证明死者死亡的事实，常用于办理继承、保险理赔、抚恤或者境外事务。您应当如实说明死者的死亡情况以及您与死者的关系。',
    ),
    fields: [
      {
        key: 'decedentName',
        labelZh: '死者姓名',
        labelEn: "Deceased's name",
        type: 'text',
        required: true,
        inWording: true,
        example: '张建国',
      },
      {
        key: 'decedentGender',
        labelZh: '死者性别',
        labelEn: "Deceased's sex",
        type: 'select',
        required: true,
        options: GENDERS,
        inWording: true,
        example: '男',
      },
      {
        key: 'decedentBirthDate',
        labelZh: '死者出生日期',
        labelEn: "Deceased's date of birth",
        type: 'date',
        required: true,
        inWording: true,
        example: '1948-03-12',
      },
      {
        key: 'decedentAddress',
        labelZh: '死者生前住址',
        labelEn: "Deceased's last address",
        type: 'text',
        required: true,
        inWording: true,
        example: '江苏省南京市江宁区汤山街道汤泉村12号',
      },
      {
        key: 'deathDate',
        labelZh: '死亡日期',
        labelEn: 'Date of death',
        type: 'date',
        required: true,
        inWording: true,
        example: '2025-01-06',
      },
      {
        key: 'deathPlace',
        labelZh: '死亡地点',
        labelEn: 'Place of death',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '写至县（市、区），或者写明医院名称。',
        example: '江苏省南京市江宁区',
      },
      {
        key: 'applicantRelation',
        labelZh: '申请人与死者的关系',
        labelEn: "Applicant's relationship to the deceased",
        type: 'text',
        required: true,
        inWording: false,
        example: '儿子',
      },
      DESTINATION_COUNTRY,
    ],
  },
  {
    code: 'kinship',
    nameZh: '亲属关系',
    nameEn: 'Kinship',
    description: '证明申请人与关系人之间的亲属关系，常用于探亲、留学、移民、继承和领取抚恤金。',
    descriptionEn:
      'Certifies the family relationship between the applicant and another person; used for family visits, study, immigration, inheritance and pensions.',
    requiredMaterials: [
      ID_CARD,
      HOUSEHOLD_REGISTER,
      { zh: '关系人的居民身份证或者户口簿', en: "The relative's identity card or household register" },
      {
        zh: '能够证明亲属关系的材料（出生医学证明、户籍档案、结婚证，或者单位、村（居）民委员会出具的证明）',
        en: "Evidence of the relationship (birth certificate, household archives, marriage certificate, or a certificate from the employer or village/residents' committee)",
      },
    ],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      foreignUse: true,
      notes: [
        {
          zh: '收养、继父母子女等关系应当如实说明，公证员按实际关系表述。',
          en: 'Adoptive and step relationships must be disclosed; the notary words the certificate accordingly.',
        },
        FOREIGN_TRANSLATION,
      ],
    },
    wordingTemplate: `兹证明{{applicantName}}${PARTICULARS}是{{relativeName}}（{{relativeGender}}，{{relativeBirthDate}}出生）的{{relationship}}。`,
    noticeTemplate: composeNotice(
      '亲属关系公证证明您与关系人之间的亲属关系，常用于探亲、留学、移民、继承或者领取抚恤。请如实说明双方的关系，包括收养、继父母子女等特殊情况。',
    ),
    fields: [
      {
        key: 'relativeName',
        labelZh: '关系人姓名',
        labelEn: "Relative's name",
        type: 'text',
        required: true,
        inWording: true,
        example: '张建国',
      },
      {
        key: 'relativeGender',
        labelZh: '关系人性别',
        labelEn: "Relative's sex",
        type: 'select',
        required: true,
        options: GENDERS,
        inWording: true,
        example: '男',
      },
      {
        key: 'relativeBirthDate',
        labelZh: '关系人出生日期',
        labelEn: "Relative's date of birth",
        type: 'date',
        required: true,
        inWording: true,
        example: '1948-03-12',
      },
      {
        key: 'relationship',
        labelZh: '申请人是关系人的',
        labelEn: "The applicant is the relative's",
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '如：儿子、女儿、孙子、外孙女、妻子。',
        example: '儿子',
      },
      DESTINATION_COUNTRY,
    ],
  },
  {
    code: 'no_criminal_record',
    nameZh: '无犯罪记录',
    nameEn: 'No criminal record',
    description: '以公安机关出具的无犯罪记录证明为依据，证明申请人在中国居住期间无犯罪记录，多用于境外签证、工作和居留。',
    descriptionEn:
      'Certifies, on the basis of the police certificate, that the applicant has no criminal record for the period lived in China; used abroad for visas, work and residence.',
    requiredMaterials: [
      ID_CARD,
      HOUSEHOLD_REGISTER,
      { zh: '公安机关出具的无犯罪记录证明原件', en: 'Original certificate of no criminal record issued by the police' },
    ],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      foreignUse: true,
      notes: [
        {
          zh: '证明的期间不得超出公安机关无犯罪记录证明载明的范围。',
          en: 'The period certified may not extend beyond what the police certificate covers.',
        },
        FOREIGN_TRANSLATION,
      ],
    },
    wordingTemplate: `兹证明{{applicantName}}${PARTICULARS}自{{periodFrom}}至{{periodTo}}在中国居住期间无犯罪记录。`,
    noticeTemplate: composeNotice(
      '无犯罪记录公证以公安机关出具的无犯罪记录证明为依据，证明您在所述期间在中国居住期间无犯罪记录，多在境外用于签证、工作和居留。' +
        '请确认您提交的无犯罪记录证明真实，并如实说明所述期间的居住情况。',
    ),
    fields: [
      {
        key: 'periodFrom',
        labelZh: '证明期间起始日',
        labelEn: 'Period from',
        type: 'date',
        required: true,
        inWording: true,
        hintZh: '按使用国要求填写，常见为年满十八周岁之日。',
        example: '2008-05-20',
      },
      {
        key: 'periodTo',
        labelZh: '证明期间截止日',
        labelEn: 'Period to',
        type: 'date',
        required: true,
        inWording: true,
        hintZh: '不得晚于公安机关证明的出具日。',
        example: '2025-02-28',
      },
      DESTINATION_COUNTRY,
    ],
  },
  {
    code: 'experience',
    nameZh: '经历',
    nameEn: 'Work or life history',
    description: '证明申请人在特定期间在特定单位工作、任职的经历，多用于境外求职、移民和职业资格申请。',
    descriptionEn:
      "Certifies the applicant's employment or position at an organisation for a period; used abroad for jobs, immigration and professional recognition.",
    requiredMaterials: [
      ID_CARD,
      { zh: '工作单位出具并加盖公章的工作经历证明', en: 'Certificate of employment issued and sealed by the employer' },
      {
        zh: '劳动合同、社会保险缴费记录或者人事档案等佐证材料',
        en: 'Supporting evidence such as the employment contract, social insurance contribution record or personnel file',
      },
      { zh: '工作单位的营业执照或者登记证书复印件', en: "Copy of the employer's business licence or registration certificate" },
    ],
    estimatedMinutes: 20,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      foreignUse: true,
      notes: [
        {
          zh: '公证员可以向工作单位核实；单位已注销或者无法核实的，应当提交人事档案或者社会保险记录等材料。',
          en: 'The notary may check with the employer; if it no longer exists or cannot be reached, personnel files or social insurance records are needed.',
        },
        FOREIGN_TRANSLATION,
      ],
    },
    wordingTemplate: `兹证明{{applicantName}}${PARTICULARS}于{{periodFrom}}至{{periodTo}}在{{organisation}}工作，任{{position}}。`,
    noticeTemplate: composeNotice(
      '经历公证证明您在特定期间在特定单位工作、任职的经历，公证内容以单位出具的证明和有关档案为依据。请确认所述工作单位、期间和职务真实。',
    ),
    fields: [
      {
        key: 'periodFrom',
        labelZh: '起始年月',
        labelEn: 'From (month)',
        type: 'date',
        precision: 'month',
        required: true,
        inWording: true,
        example: '2015-03',
      },
      {
        key: 'periodTo',
        labelZh: '截止年月',
        labelEn: 'To (month)',
        type: 'date',
        precision: 'month',
        required: true,
        inWording: true,
        example: '2020-06',
      },
      {
        key: 'organisation',
        labelZh: '工作单位全称',
        labelEn: 'Full name of the organisation',
        type: 'text',
        required: true,
        inWording: true,
        example: '南京江宁某某机械制造有限公司',
      },
      {
        key: 'position',
        labelZh: '职务或者岗位',
        labelEn: 'Position',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '如：财务部会计、销售部经理。',
        example: '财务部会计',
      },
      DESTINATION_COUNTRY,
    ],
  },
  {
    code: 'education',
    nameZh: '学历',
    nameEn: 'Education',
    description: '证明申请人在特定学校学习并毕业（结业、肄业）的事实，多用于境外留学、求职和移民。',
    descriptionEn:
      'Certifies that the applicant studied at a school and graduated (or completed or left without a diploma); used abroad for study, jobs and immigration.',
    requiredMaterials: [
      ID_CARD,
      { zh: '毕业（结业、肄业）证书原件', en: 'Original diploma (or certificate of completion or attendance)' },
      {
        zh: '教育部学历证书电子注册备案表（高等教育学历的）',
        en: 'Ministry of Education online verification report of the qualification (for higher education)',
      },
      { zh: '学校出具的学历证明（证书遗失的）', en: "School's certificate of education, if the diploma is lost" },
    ],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      foreignUse: true,
      notes: [ORIGINAL_SEEN_BY_VIDEO, FOREIGN_TRANSLATION],
    },
    wordingTemplate: `兹证明{{applicantName}}${PARTICULARS}于{{studyFrom}}至{{studyTo}}在{{schoolName}}{{programme}}学习，{{graduationDate}}{{completion}}。`,
    noticeTemplate: composeNotice(
      '学历公证证明您在特定学校学习并毕业（结业、肄业）的事实，公证内容以毕业证书和学历认证（备案）材料为依据。请确认您出示的证书真实，没有涂改、伪造。',
    ),
    fields: [
      {
        key: 'studyFrom',
        labelZh: '入学年月',
        labelEn: 'Enrolled (month)',
        type: 'date',
        precision: 'month',
        required: true,
        inWording: true,
        example: '2010-09',
      },
      {
        key: 'studyTo',
        labelZh: '离校年月',
        labelEn: 'Left (month)',
        type: 'date',
        precision: 'month',
        required: true,
        inWording: true,
        example: '2014-07',
      },
      {
        key: 'schoolName',
        labelZh: '学校全称',
        labelEn: 'Full name of the school',
        type: 'text',
        required: true,
        inWording: true,
        example: '南京农业大学',
      },
      {
        key: 'programme',
        labelZh: '专业及层次',
        labelEn: 'Programme and level',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '如：农业机械化及其自动化专业本科；高中阶段写“高中”。',
        example: '农业机械化及其自动化专业本科',
      },
      {
        key: 'graduationDate',
        labelZh: '毕业（结业、肄业）年月',
        labelEn: 'Graduated (month)',
        type: 'date',
        precision: 'month',
        required: true,
        inWording: true,
        example: '2014-07',
      },
      {
        key: 'completion',
        labelZh: '学业完成情况',
        labelEn: 'Outcome',
        type: 'select',
        required: true,
        options: [
          { value: '毕业', labelZh: '毕业', labelEn: 'Graduated' },
          { value: '结业', labelZh: '结业', labelEn: 'Completed without graduating' },
          { value: '肄业', labelZh: '肄业', labelEn: 'Left before completing' },
        ],
        inWording: true,
        example: '毕业',
      },
      DESTINATION_COUNTRY,
    ],
  },
  {
    code: 'degree',
    nameZh: '学位',
    nameEn: 'Degree',
    description: '证明申请人被授予学位的事实，多用于境外留学、求职和职业资格认可。',
    descriptionEn: 'Certifies that the applicant was awarded a degree; used abroad for study, jobs and professional recognition.',
    requiredMaterials: [
      ID_CARD,
      { zh: '学位证书原件', en: 'Original degree certificate' },
      { zh: '中国高等教育学位在线验证报告', en: 'China higher education degree online verification report' },
    ],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      foreignUse: true,
      notes: [ORIGINAL_SEEN_BY_VIDEO, FOREIGN_TRANSLATION],
    },
    wordingTemplate: `兹证明{{applicantName}}${PARTICULARS}于{{degreeDate}}被{{institution}}授予{{degreeName}}学位。`,
    noticeTemplate: composeNotice(
      '学位公证证明您被授予学位的事实，公证内容以学位证书和学位认证材料为依据。请确认您出示的证书真实，没有涂改、伪造。',
    ),
    fields: [
      {
        key: 'degreeDate',
        labelZh: '授予日期',
        labelEn: 'Date awarded',
        type: 'date',
        required: true,
        inWording: true,
        example: '2014-06-28',
      },
      {
        key: 'institution',
        labelZh: '学位授予单位',
        labelEn: 'Awarding institution',
        type: 'text',
        required: true,
        inWording: true,
        example: '南京农业大学',
      },
      {
        key: 'degreeName',
        labelZh: '学位名称',
        labelEn: 'Degree',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '按学位证书写，如：工学学士、管理学硕士。',
        example: '工学学士',
      },
      DESTINATION_COUNTRY,
    ],
  },
  {
    code: 'driving_licence',
    nameZh: '驾驶证',
    nameEn: "Driver's licence",
    description: '证明申请人持有的中华人民共和国机动车驾驶证复印件与原件相符、原件属实，多用于在境外申请驾驶许可。',
    descriptionEn:
      "Certifies that the copy of the applicant's PRC motor vehicle driving licence conforms to the original and that the original is genuine; used abroad to obtain driving permission.",
    requiredMaterials: [ID_CARD, { zh: '机动车驾驶证原件（正页及副页）', en: 'Original driving licence (main and supplementary pages)' }],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      foreignUse: true,
      notes: [
        ORIGINAL_SEEN_BY_VIDEO,
        {
          zh: '公证员通过公安机关交通管理部门的查询渠道核实驾驶证状态；驾驶证被暂扣、吊销、注销或者已超过有效期的，不予办理。',
          en: 'The notary checks the licence status with the traffic police; a suspended, revoked, cancelled or expired licence is not certified.',
        },
        FOREIGN_TRANSLATION,
      ],
    },
    wordingTemplate:
      '兹证明前面的《中华人民共和国机动车驾驶证》复印件与原件相符，原件属实。' +
      `该驾驶证持证人为{{applicantName}}${PARTICULARS}，证号为{{licenceNo}}，准驾车型为{{licenceClass}}，初次领证日期为{{firstIssueDate}}，有效期限至{{validUntil}}，发证机关为{{issuingAuthority}}。`,
    wordingVariants: [
      {
        when: { field: 'validityKind', equals: '长期' },
        template:
          '兹证明前面的《中华人民共和国机动车驾驶证》复印件与原件相符，原件属实。' +
          `该驾驶证持证人为{{applicantName}}${PARTICULARS}，证号为{{licenceNo}}，准驾车型为{{licenceClass}}，初次领证日期为{{firstIssueDate}}，有效期限为长期，发证机关为{{issuingAuthority}}。`,
      },
    ],
    noticeTemplate: composeNotice(
      '驾驶证公证证明您持有的中华人民共和国机动车驾驶证复印件与原件相符、原件属实，多用于在境外申请驾驶许可。' +
        '驾驶证被暂扣、吊销、注销或者记分已满的，请如实告知；能否在境外驾驶，以使用地的规定为准。',
    ),
    fields: [
      {
        key: 'licenceNo',
        labelZh: '驾驶证证号',
        labelEn: 'Licence number',
        type: 'text',
        required: true,
        inWording: true,
        example: '320115199005121234',
      },
      {
        key: 'licenceClass',
        labelZh: '准驾车型',
        labelEn: 'Licence class',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '按驾驶证记载填写，如：C1、A2D。',
        example: 'C1',
      },
      {
        key: 'firstIssueDate',
        labelZh: '初次领证日期',
        labelEn: 'First issued',
        type: 'date',
        required: true,
        inWording: true,
        example: '2012-08-15',
      },
      {
        key: 'validityKind',
        labelZh: '有效期限类型',
        labelEn: 'Validity',
        type: 'select',
        required: true,
        options: [
          { value: '有期限', labelZh: '有截止日期', labelEn: 'Valid until a date' },
          { value: '长期', labelZh: '长期', labelEn: 'Long-term (no expiry)' },
        ],
        inWording: false,
        example: '有期限',
      },
      {
        key: 'validUntil',
        labelZh: '有效期至',
        labelEn: 'Valid until',
        type: 'date',
        required: true,
        inWording: true,
        onlyWhen: { field: 'validityKind', in: ['有期限'] },
        example: '2028-08-15',
      },
      {
        key: 'issuingAuthority',
        labelZh: '发证机关',
        labelEn: 'Issuing authority',
        type: 'text',
        required: true,
        inWording: true,
        example: '江苏省南京市公安局交通警察支队',
      },
      DESTINATION_COUNTRY,
    ],
  },
  {
    code: 'other_licence',
    nameZh: '其他证书（执照）',
    nameEn: 'Other certificates and licences',
    description: '证明申请人持有的资格证书、职业证书、执照等复印件与原件相符、原件属实。',
    descriptionEn:
      'Certifies that the copy of a qualification, professional certificate or licence held by the applicant conforms to the original and that the original is genuine.',
    requiredMaterials: [
      ID_CARD,
      { zh: '证书（执照）原件', en: 'The original certificate or licence' },
      {
        zh: '发证机构的核验信息或者查询结果（可以在线查验的）',
        en: "The issuer's verification record or online check result, where one is available",
      },
    ],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      notes: [
        ORIGINAL_SEEN_BY_VIDEO,
        {
          zh: '公证员应当向发证机构或者通过其公开查询渠道核实证书的真实性；无法核实的，只能证明复印件与原件相符（文本相符）。',
          en: 'The notary verifies the certificate with the issuer or its public lookup; if it cannot be verified, only the copy’s conformity to the original can be certified (copy conforms).',
        },
        FOREIGN_TRANSLATION,
      ],
    },
    wordingTemplate:
      '兹证明前面的《{{certificateName}}》复印件与原件相符，原件属实。' +
      `该证书系{{issuingAuthority}}于{{certificateIssueDate}}颁发给{{applicantName}}${PARTICULARS}的，证书编号为{{certificateNo}}。`,
    noticeTemplate: composeNotice(
      '证书（执照）公证证明您持有的证书复印件与原件相符、原件属实。请确认证书真实有效，未被撤销、吊销或者超过有效期。',
    ),
    fields: [
      {
        key: 'certificateName',
        labelZh: '证书名称',
        labelEn: 'Name of the certificate',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '与证书记载一致，不加书名号，如：中华人民共和国护士执业证书。',
        example: '中华人民共和国护士执业证书',
      },
      {
        key: 'issuingAuthority',
        labelZh: '颁发机构',
        labelEn: 'Issuing authority',
        type: 'text',
        required: true,
        inWording: true,
        example: '江苏省卫生健康委员会',
      },
      {
        key: 'certificateIssueDate',
        labelZh: '颁发日期',
        labelEn: 'Date of issue',
        type: 'date',
        required: true,
        inWording: true,
        example: '2016-09-01',
      },
      {
        key: 'certificateNo',
        labelZh: '证书编号',
        labelEn: 'Certificate number',
        type: 'text',
        required: true,
        inWording: true,
        example: '201632001234',
      },
      DESTINATION_COUNTRY,
    ],
  },
  {
    code: 'signature_seal',
    nameZh: '文书上的签名（印鉴）',
    nameEn: 'Signature or seal on a document',
    description: '证明申请人在文书上签名（盖章）的行为属实，常用于合同、确认书、申请表等需要本人签署的文书。',
    descriptionEn:
      'Certifies that the applicant signed (or sealed) a document before the notary; used for contracts, confirmations, application forms and other papers that must be signed personally.',
    requiredMaterials: [
      ID_CARD,
      { zh: '需要签署的文书', en: 'The document to be signed' },
      { zh: '本人印章（以盖章方式签署的）', en: 'The personal seal, if the document is to be sealed' },
    ],
    estimatedMinutes: 15,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      notes: [
        {
          zh: '本公证证明签名（印鉴）属实，不证明文书内容的真实性；文书内容违法或者违背公序良俗的，不予办理。',
          en: 'The certificate proves the signature or seal, not the truth of the document; a document that is unlawful or against public order is refused.',
        },
        {
          zh: '文书涉及处分不动产等重大财产权利的，公证员可以决定改为到公证机构当面办理。',
          en: 'Where the document disposes of significant property such as real estate, the notary may require attendance at the office.',
        },
      ],
    },
    wordingTemplate: `兹证明{{applicantName}}${PARTICULARS}${BEFORE_NOTARY_BY_VIDEO}在前面的《{{documentTitle}}》上{{signingMethod}}。`,
    noticeTemplate: composeNotice(
      '签名（印鉴）公证证明您在文书上签名（盖章）的行为属实。签名（盖章）后，文书内容对您产生约束力，请在签署前仔细阅读文书全文。' +
        '公证员对文书内容的合法性进行审查，但本公证不证明文书所述事实的真实性。',
    ),
    fields: [
      {
        key: 'documentTitle',
        labelZh: '文书标题',
        labelEn: 'Title of the document',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '与文书标题一致，不加书名号。',
        example: '土地承包经营权流转确认书',
      },
      SIGNING_METHOD,
    ],
  },
  {
    code: 'copy_conforms',
    nameZh: '文本相符',
    nameEn: 'Copy conforms to the original',
    description: '证明文书的复印件与原件相符，常用于户口簿、证书、合同等文书复印件的使用。',
    descriptionEn:
      'Certifies that a copy of a document conforms to the original; used for copies of household registers, certificates, contracts and similar papers.',
    requiredMaterials: [
      ID_CARD,
      { zh: '文书原件', en: 'The original document' },
      { zh: '文书复印件（可以由服务点扫描打印）', en: 'The copy (the point may scan and print it)' },
    ],
    estimatedMinutes: 10,
    rules: {
      remoteAllowed: true,
      applicantMustBeInPerson: true,
      notes: [
        ORIGINAL_SEEN_BY_VIDEO,
        {
          zh: '本公证只证明复印件与原件相符，不证明原件内容的真实、合法。',
          en: 'Only conformity of the copy to the original is certified, not the truth or lawfulness of the original.',
        },
      ],
    },
    wordingTemplate: '兹证明前面的《{{documentTitle}}》复印件与原件相符。',
    noticeTemplate: composeNotice('文本相符公证证明复印件与原件相符，不证明原件内容的真实、合法。请确保您出示的原件真实，没有涂改、伪造。'),
    fields: [
      {
        key: 'documentTitle',
        labelZh: '文书名称',
        labelEn: 'Name of the document',
        type: 'text',
        required: true,
        inWording: true,
        hintZh: '与原件记载一致，不加书名号，如：居民户口簿。',
        example: '居民户口簿',
      },
    ],
  },
];

/**
 * Matters refused at a remote point whatever the circumstances. Inheritance above the ceiling
 * and entrustments to a non-relative to dispose of property are refused by rule instead
 * (validateMatterFields), since below those limits they may be handled remotely.
 */
export const NEVER_REMOTE: readonly NeverRemoteMatter[] = [
  {
    code: 'will',
    nameZh: '遗嘱',
    nameEn: 'Will',
    reason: {
      zh: '遗嘱公证应当由两名公证人员共同办理，对立遗嘱人的民事行为能力和真实意思作当面审查，不通过远程视频办理。请到公证机构办理；行动不便的，可以申请公证人员上门。',
      en: "A will is notarized by two notarial staff who examine the testator's capacity and true intention face to face; it is never handled by remote video. Please attend the notary office, or ask for a home visit if you cannot travel.",
    },
  },
  {
    code: 'adoption',
    nameZh: '收养',
    nameEn: 'Adoption',
    reason: {
      zh: '收养涉及身份关系的设立和未成年人的利益，需要当面核实收养人、送养人和被收养人的情况，不通过远程视频办理。',
      en: "Adoption creates a personal status and affects a child's interests; adopter, placing party and child must be examined in person, so it is never handled by remote video.",
    },
  },
  {
    code: 'real_estate_gift',
    nameZh: '不动产赠与',
    nameEn: 'Gift of real estate',
    reason: {
      zh: '无偿处分不动产，财产价值大、容易引发纠纷，需要当面核实赠与人的真实意思和产权状况，不通过远程视频办理。',
      en: "Giving away real estate is a high-value gratuitous disposal that often leads to disputes; the donor's intention and title are verified in person, never by remote video.",
    },
  },
  {
    code: 'legacy_support_agreement',
    nameZh: '遗赠扶养协议',
    nameEn: 'Legacy-support agreement',
    reason: {
      zh: '遗赠扶养协议涉及长期扶养义务和遗产处分，需要双方当事人到公证机构当面办理。',
      en: 'A legacy-support agreement binds long-term care to the disposal of an estate; both parties attend the notary office in person.',
    },
  },
  {
    code: 'voluntary_guardianship',
    nameZh: '意定监护',
    nameEn: 'Voluntary guardianship',
    reason: {
      zh: '意定监护对当事人将来的人身和财产事务作出全面安排，需要当面重点审查其意思能力，不通过远程视频办理。',
      en: "Voluntary guardianship arranges a person's future personal and property affairs as a whole; their mental capacity is examined in person, never by remote video.",
    },
  },
];

const BY_CODE = new Map<string, MatterDefinition>(MATTER_CATALOGUE.map((m) => [m.code, m]));
const NEVER_BY_CODE = new Map<string, NeverRemoteMatter>(NEVER_REMOTE.map((m) => [m.code, m]));

export function findMatter(code: string): MatterDefinition | undefined {
  return BY_CODE.get(code);
}

export function findNeverRemote(code: string): NeverRemoteMatter | undefined {
  return NEVER_BY_CODE.get(code);
}
