import { createHash } from 'node:crypto';

/**
 * Shown to the applicant before the camera starts. Face images are sensitive personal information
 * (PIPL art. 28–29): they need separate consent after being told the purpose, the means and how
 * long they are kept. The check records this text's SHA-256, so a changed text is a new version.
 */
export const CONSENT_NOTICE = [
  '人脸信息使用告知',
  '为核实您是身份证件的持有人本人，本服务将采集您的身份证件照片和现场人脸图像，由本公证服务系统在服务器上进行人证比对和活体检测。',
  '人脸信息属于敏感个人信息。采集的图像加密保存，与本次公证档案一同保管，仅承办公证员和本服务点工作人员可以查看，不用于其他目的，不向第三方提供。',
  '您可以拒绝；拒绝后可由公证员以其他方式核实您的身份。',
  '我已阅读并同意。',
].join('\n');

export const CONSENT_NOTICE_SHA256 = createHash('sha256').update(CONSENT_NOTICE, 'utf8').digest('hex');
