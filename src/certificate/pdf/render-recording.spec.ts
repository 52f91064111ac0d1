import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { pdftotext } from './poppler.js';
import { renderCertificatePdf } from './render.js';
import { sampleCertificateFacts } from './sample-certificate.js';

const base = sampleCertificateFacts();
const recording = { chunkCount: 37, bytes: 18_734_112, durationMs: 1_354_600, finalHash: 'c'.repeat(64) };
const flat = (s: string) => s.replace(/\s+/g, '');

describe('evidence page: the recording', () => {
  it('prints the finished recording’s duration, size and chain hash after the manifest hash', async () => {
    const pdf = await renderCertificatePdf({ ...base, evidence: { ...base.evidence, recording } });
    const text = flat(await pdftotext(pdf));
    expect(text).toContain(`录像清单SHA-256${base.evidence.recordingManifestSha256}`);
    expect(text).toContain('时长：22分35秒（1354600毫秒）');
    expect(text).toContain('大小：18734112字节，37段');
    expect(text).toContain(`链尾哈希：${'c'.repeat(64)}`);
    expect(text).not.toContain('录像豁免');
  });

  it('prints a longest-allowed override reason whole, the evidence flowing onto a further page if it must', async () => {
    const reason = '受理点网络中断，录像未能完整上传，经申请人当场同意继续办理。'.repeat(10).slice(0, 300);
    const pdf = await renderCertificatePdf({
      ...base,
      evidence: { ...base.evidence, recordingOverride: { reason, byName: '李明', at: '2026-12-01T09:40:00+08:00' } },
    });
    const text = flat(await pdftotext(pdf));
    expect(text).toContain(`原因：${reason}`);
    expect(text).toContain('公证员：李明');
    expect(text).toContain('记录时间：2026-12-0109:40:00（北京时间）');
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThanOrEqual(2);
  });
});
