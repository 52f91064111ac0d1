import { createHash } from 'node:crypto';
import type { CertificateFacts } from './certificate-facts.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const b64url = (s: string) => Buffer.from(s).toString('base64url');

/**
 * A complete, plausible certificate for previews, benchmarks and tests. The holder's name
 * carries 堃, which lives in one of the rarely used font pieces, and the notary's 喆 another:
 * a renderer that only embeds the common pieces shows gaps here.
 */
export function sampleCertificateFacts(overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  const issuedAt = new Date('2026-12-01T02:15:00Z');
  return {
    certificateId: 'crt_01KB7Q3M2X9V4T8R6P5N0H1J2K',
    certificateNo: '(2026)苏镇丹证字第7号',
    issuedAt,
    holder: { name: '王堃', idNumber: '321181198802290018', gender: '男', birthDate: '1988-02-29' },
    matter: {
      code: 'birth',
      nameZh: '出生',
      wording: [
        '兹证明王堃于一九八八年二月二十九日在江苏省丹阳市出生。王堃的父亲是王建国，王堃的母亲是李秀英。',
        '申请人称其持有中华人民共和国护照（号码E12345678），拟于二〇二七年赴德国（Federal Republic of Germany）留学时使用本公证书；出生医学证明编号为M320123456。',
      ].join('\n'),
    },
    notary: { name: '张喆' },
    office: { name: '江苏省丹阳市公证处' },
    point: { name: '丹阳市云阳街道公共法律服务工作站' },
    verifyUrl: 'https://notary.example.cn/v/crt_01KB7Q3M2X9V4T8R6P5N0H1J2K?k=Yf3dQ9s2',
    evidence: {
      sessionStartedAt: new Date('2026-12-01T01:30:07Z'),
      sessionEndedAt: new Date('2026-12-01T01:52:41Z'),
      pointName: '丹阳市云阳街道公共法律服务工作站',
      terminalLabel: '云阳-01（自助终端 SN 7F3A-22C1）',
      identity: {
        idNumberMasked: '3211**********0018',
        method: 'terminal_attested',
        faceScore: 0.934,
        liveness: true,
        checkedAt: new Date('2026-12-01T01:31:15Z'),
      },
      noticeSha256: sha('notice'),
      recordSha256: sha('record'),
      signatureSha256: sha('signature'),
      recordingManifestSha256: sha('manifest'),
      audit: { seq: 18342, hash: sha('audit-18342') },
    },
    receiptJws: [
      b64url(JSON.stringify({ alg: 'EdDSA', kid: 'receipt-2026-1' })),
      b64url(JSON.stringify({ cid: 'crt_01KB7Q3M2X9V4T8R6P5N0H1J2K', no: '(2026)苏镇丹证字第7号', iat: issuedAt.getTime() / 1000 })),
      b64url('not a real signature: sample receipt'),
    ].join('.'),
    ...overrides,
  };
}
