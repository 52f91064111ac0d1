/**
 * The notice of rights and duties (权责告知) is the same for every matter except its first
 * paragraph, which explains what this particular certificate means. Keeping the shared part in
 * one place means a correction reaches all 17 notices at once.
 */

const DUTY_OF_TRUTH =
  '二、如实陈述的义务\n' +
  '您应当如实陈述申请公证的事项，提供真实、合法、充分的证明材料，并保证出示的原件真实、提交的复印件和扫描件与原件一致。' +
  '隐瞒真实情况、提供虚假证明材料骗取公证书的，公证机构将依法撤销公证书；给他人造成损失的，依法承担民事责任；' +
  '违反治安管理的，依法给予治安管理处罚；构成犯罪的，依法追究刑事责任。';

const RIGHTS =
  '三、您的权利\n' +
  '您有权就本公证事项的法律意义、办理程序、所需材料和收费标准向公证员提问，公证员应当予以解释。' +
  '您认为公证员与本公证事项有利害关系的，可以申请其回避。' +
  '在公证书出具之前，您可以随时撤回公证申请，撤回后本次公证终止。' +
  '公证员经审查认为不符合办理条件的，将依法不予办理或者终止公证，并告知理由。';

const REMOTE =
  '四、远程视频办理的特别告知\n' +
  '本次公证通过远程视频方式办理，办理过程全程同步录音录像。录音录像、身份核验记录和签署记录将作为公证档案依法保存，仅用于公证及法律规定的用途。' +
  '您应当本人在服务点亲自办理，不得由他人代替；办理过程中应当由您本人独立作出意思表示，任何人不得干扰、引导或者代为回答。' +
  '如画面、声音中断或者身份核验出现异常，公证员将暂停办理，重新核验身份后继续，或者另行安排办理。';

const CLOSING = '五、您对以上告知内容有疑问的，可以随时提出。确认已清楚了解后，请签名确认。';

export function composeNotice(meaning: string): string {
  return [`一、本公证事项的法律意义\n${meaning}`, DUTY_OF_TRUTH, RIGHTS, REMOTE, CLOSING].join('\n');
}
