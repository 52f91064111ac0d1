import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from '@jest/globals';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inkRatio, pdffonts, pdftotext, rasterizeGray } from './poppler.js';
import { extractReceipt } from './receipt.js';
import { create as createQr } from 'qrcode';
import { A4, assertPrints, HOLDER_LINE, QR_BOX, renderCertificatePdf, renderDraftPdf, TITLE_BOX } from './render.js';
import { MissingGlyphError } from './fonts.js';
import type { DraftCertificateFacts } from './certificate-facts.js';
import { sampleCertificateFacts } from './sample-certificate.js';

const facts = sampleCertificateFacts({
  matter: {
    code: 'kinship',
    nameZh: '亲属关系',
    wording:
      '兹证明王堃是王昇的儿子。王昇于二〇一九年三月五日在江苏省丹阳市去世。\n' +
      '申请人称其持有中华人民共和国护照（号码E12345678），拟于二〇二七年赴德国（Federal Republic of Germany）办理继承事务时使用本公证书。',
  },
});

type FontFormat = 'woff' | 'woff2';
const FONTSOURCE = path.dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json'));

/** The @fontsource/noto-sans-sc piece whose unicode range lists `ch` (the controls below use the pieces). */
async function pieceFile(ch: string, format: FontFormat): Promise<string> {
  const ranges = JSON.parse(await readFile(path.join(FONTSOURCE, 'unicode.json'), 'utf8')) as Record<string, string>;
  const cp = ch.codePointAt(0)!;
  for (const [key, spec] of Object.entries(ranges)) {
    const id = key.replace(/^\[(\d+)\]$/, '$1');
    if (!/^\d+$/.test(id)) continue;
    const inRange = spec.split(',').some((r) => {
      const [lo, hi] = r
        .trim()
        .replace(/^U\+/i, '')
        .split('-')
        .map((h) => parseInt(h, 16));
      return cp >= lo && cp <= (hi ?? lo);
    });
    const file = path.join(FONTSOURCE, 'files', `noto-sans-sc-${id}-700-normal.${format}`);
    if (
      inRange &&
      fontkit.create(await readFile(path.join(FONTSOURCE, 'files', `noto-sans-sc-${id}-700-normal.woff`))).hasGlyphForCodePoint(cp)
    )
      return file;
  }
  throw new Error(`no piece for ${ch}`);
}

/**
 * The same title, painted by the @fontsource pieces in the given format through pdf-lib's own
 * subsetting, or not at all: the ink check's controls.
 */
async function titleOnly(format: FontFormat | 'none'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const page = doc.addPage([...A4]);
  if (format !== 'none') {
    let x = TITLE_BOX.left + 30;
    for (const ch of '公证书') {
      const font = await doc.embedFont(await readFile(await pieceFile(ch, format)), { subset: true });
      page.drawText(ch, { x, y: TITLE_BOX.baseline, size: TITLE_BOX.size, font });
      x += TITLE_BOX.size;
    }
  }
  return doc.save();
}

/** Ink in the title box of page 1 at 50 dpi, as a reader would paint it. */
async function titleInk(pdf: Uint8Array): Promise<number> {
  return inkRatio(await rasterizeGray(pdf, 1, 50), TITLE_BOX);
}

describe('renderCertificatePdf', () => {
  let pdf: Uint8Array;
  let text: string;

  beforeAll(async () => {
    pdf = await renderCertificatePdf(facts);
    text = await pdftotext(pdf);
  });

  it('has the certificate, then the evidence page', async () => {
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getPage(0).getSize()).toEqual({ width: A4[0], height: A4[1] });
    const page2 = await pdftotext(pdf, { firstPage: 2, lastPage: 2 });
    expect(page2).toContain('证据摘要');
    expect(page2).not.toContain('公证事项：');
  });

  it('puts the main lines of page 1 in reading order, rare characters included', async () => {
    const page1 = await pdftotext(pdf, { firstPage: 1, lastPage: 1 });
    const flat = page1.replace(/\s/g, '');
    const order = [
      '公证书',
      '(2026)苏镇丹证字第7号',
      '申请人：王堃，男，一九八八年二月二十九日出生',
      '公民身份号码：321181198802290018',
      '公证事项：亲属关系',
      '兹证明王堃是王昇的儿子。',
      'Federal',
      '本公证事项经远程视频方式于丹阳市云阳街道公共法律服务工作站办理。',
      '江苏省丹阳市公证处',
      '公证员',
      '二〇二六年十二月一日',
      '扫码验证',
    ];
    const positions = order.map((s) => flat.indexOf(s.replace(/\s/g, '')));
    expect(order.filter((_, i) => positions[i] < 0)).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(page1).toContain('张喆');
  });

  it('prints the whole wording, wrapped but not altered', () => {
    const flat = text.replace(/\s/g, '');
    for (const paragraph of facts.matter.wording.split('\n')) {
      expect(flat).toContain(paragraph.replace(/\s/g, ''));
    }
    // Latin words are not cut by the line breaker.
    expect(text).toContain('Federal Republic of Germany');
  });

  it('lists the evidence: session, terminal, identity check, digests in full, audit entry', () => {
    const flat = text.replace(/\s/g, '');
    const e = facts.evidence;
    for (const s of [
      '2026-12-0109:30:07',
      '2026-12-0109:52:41',
      e.terminalLabel,
      e.identity.idNumberMasked,
      '人脸比对相似度：0.93（认证终端比对并签名）',
      '活体检测：通过',
      e.noticeSha256,
      e.recordSha256,
      e.signatureSha256,
      e.recordingManifestSha256,
      `序号：${e.audit.seq}`,
      e.audit.hash,
    ]) {
      expect(flat).toContain(s.replace(/\s/g, ''));
    }
  });

  it('embeds one font per weight, each a subset of Noto Sans Hans with a ToUnicode map', async () => {
    const rows = await pdffonts(pdf);
    expect(rows.map((r) => r.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NotoSansHans-Bold', 'NotoSansHans-Regular']);
    for (const row of rows) {
      expect(row).toMatchObject({ embedded: true, subset: true, unicode: true, type: 'CID Type 0C (OT)' });
      expect(row.name).toMatch(/^[A-Z]{6}\+/);
    }
  });

  it('names a service-verified check by its method, model, distance and threshold, with no similarity made up', async () => {
    const identity = {
      method: 'service_verified' as const,
      idNumberMasked: facts.evidence.identity.idNumberMasked,
      checkedAt: facts.evidence.identity.checkedAt,
      model: 'dlib-resnet128 (face-api 1.7.15, tfjs-wasm 4.22.0)',
      faceDistance: 0.3512,
      faceThreshold: 0.6,
      liveness: true,
      steps: ['turn_left', 'open_mouth'],
    };
    const verified = await renderCertificatePdf({ ...facts, evidence: { ...facts.evidence, identity } });
    // The longer identity row may move the rows after it onto a further evidence page.
    const page2 = (await pdftotext(verified)).replace(/\s/g, '');
    for (const s of ['本系统比对：距离0.3512，阈值0.60（越小越相似）', '模型：dlib-resnet128', '活体检测：通过（向左转头、张嘴）'])
      expect(page2).toContain(s);
    expect(page2).not.toContain('相似度');
    const off = await renderCertificatePdf({
      ...facts,
      evidence: { ...facts.evidence, identity: { ...identity, liveness: null, steps: [] } },
    });
    expect((await pdftotext(off)).replace(/\s/g, '')).toContain('活体检测：未检测');
  });

  it('prints names from CJK Extensions A and B, with the fallback font beside the regular one', async () => {
    const name = '刘䶮\u{21619}\u{20001}';
    const rare = await renderCertificatePdf({ ...facts, holder: { ...facts.holder, name } });
    const page1 = (await pdftotext(rare, { firstPage: 1, lastPage: 1 })).replace(/\s/g, '');
    expect(page1).toContain(`申请人：${name}，`);
    const names = (await pdffonts(rare)).map((r) => r.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names.filter((n) => n.startsWith('NotoSansHans')).sort()).toEqual(['NotoSansHans-Bold', 'NotoSansHans-Regular']);
    expect(names.some((n) => n.startsWith('HanaMin'))).toBe(true);
    // Each name glyph leaves ink in its own em box after "申请人：".
    const img = await rasterizeGray(rare, 1, 100);
    const inks = [...name].map((_, i) => {
      const left = HOLDER_LINE.left + (HOLDER_LINE.nameOffset + i) * HOLDER_LINE.size;
      const box = {
        left: left + 1,
        right: left + HOLDER_LINE.size - 1,
        top: HOLDER_LINE.baseline - HOLDER_LINE.size * 0.85,
        bottom: HOLDER_LINE.baseline + 1,
      };
      return inkRatio(img, box);
    });
    expect(inks.filter((ink) => ink < 0.02)).toEqual([]);
    await expect(renderCertificatePdf({ ...facts, holder: { ...facts.holder, name: '刘\u{30000}' } })).rejects.toThrow(/U\+30000/);
  });

  it('paints the title, and the same check sees nothing when the glyphs are missing', async () => {
    expect(await titleInk(pdf)).toBeGreaterThan(0.05);
    expect(await titleInk(await titleOnly('woff'))).toBeGreaterThan(0.05);
    // FACTS: the .woff2 pieces embed and extract but draw nothing. If this ever paints,
    // the control no longer proves anything and the check above needs another one.
    const woff2 = await titleOnly('woff2');
    expect(await pdftotext(woff2)).toContain('公证书');
    expect(await titleInk(woff2)).toBe(0);
    expect(await titleInk(await titleOnly('none'))).toBe(0);
  });

  it('draws the QR code module for module as qrcode encodes the verification address', async () => {
    const modules = createQr(facts.verifyUrl, { errorCorrectionLevel: 'M' }).modules;
    const img = await rasterizeGray(pdf, 1, 200);
    const cell = QR_BOX.size / modules.size;
    const wrong: string[] = [];
    for (let r = 0; r < modules.size; r++) {
      for (let c = 0; c < modules.size; c++) {
        const x = Math.round(((QR_BOX.left + (c + 0.5) * cell) * img.dpi) / 72);
        const y = Math.round(((QR_BOX.top + (r + 0.5) * cell) * img.dpi) / 72);
        const dark = img.pixels[y * img.width + x] < 128;
        if (dark !== Boolean(modules.get(r, c))) wrong.push(`${r},${c}`);
      }
    }
    expect(wrong).toEqual([]);
    // The quiet zone around it is white, or scanners lose the finder patterns.
    const margin = 4 * cell;
    const ring = inkRatio(img, { left: QR_BOX.left - margin, right: QR_BOX.left - 1, top: QR_BOX.top, bottom: QR_BOX.top + QR_BOX.size });
    expect(ring).toBe(0);
  });

  it('carries the receipt as the attachment receipt.jws', async () => {
    expect(await extractReceipt(pdf)).toBe(facts.receiptJws);
    const bare = await PDFDocument.create();
    bare.addPage();
    expect(await extractReceipt(await bare.save())).toBeUndefined();
  });

  it('sets the document information from the facts', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getTitle()).toBe('公证书 (2026)苏镇丹证字第7号');
    expect(doc.getAuthor()).toBe('江苏省丹阳市公证处');
    expect(doc.getSubject()).toContain('亲属关系');
    expect(doc.getProducer()).toBe('remote-notary certificate renderer');
    expect(doc.getCreationDate()).toEqual(facts.issuedAt);
    expect(doc.getModificationDate()).toEqual(facts.issuedAt);
  });

  it('gives the same bytes for the same facts, and different bytes for different facts', async () => {
    const again = await renderCertificatePdf(facts);
    expect(Buffer.from(again).equals(Buffer.from(pdf))).toBe(true);
    const other = await renderCertificatePdf({ ...facts, certificateNo: '(2026)苏镇丹证字第8号' });
    expect(Buffer.from(other).equals(Buffer.from(pdf))).toBe(false);
  });

  it('continues long wording on further certificate pages, ahead of the evidence page', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `第${i + 1}段：兹证明申请人所提交的材料与原件相符，经审查无误。`).join('\n');
    const bigger = await renderCertificatePdf({ ...facts, matter: { ...facts.matter, wording: long } });
    const doc = await PDFDocument.load(bigger);
    expect(doc.getPageCount()).toBeGreaterThan(2);
    const all = (await pdftotext(bigger)).replace(/\s/g, '');
    expect(all).toContain('第30段：兹证明申请人所提交的材料与原件相符，经审查无误。');
    // Signature block after the last paragraph, evidence after that.
    expect(all.indexOf('第30段')).toBeLessThan(all.lastIndexOf('二〇二六年十二月一日'));
    expect(all.lastIndexOf('二〇二六年十二月一日')).toBeLessThan(all.indexOf('证据摘要'));
  });
});

describe('renderDraftPdf', () => {
  const { certificateId: _id, certificateNo: _no, verifyUrl: _url, receiptJws: _jws, logProof: _proof, evidence, ...rest } = facts;
  const { audit: _audit, ...draftEvidence } = evidence;
  const draft: DraftCertificateFacts = { ...rest, draft: true, evidence: draftEvidence };

  it('prints what the certificate prints, marked 草稿, with no number, QR code or attachments', async () => {
    const pdf = await renderDraftPdf(draft);
    const text = (await pdftotext(pdf)).replace(/\s/g, '');
    expect(text).toContain('草稿·未编号·未签名');
    expect(text).toContain('申请人：王堃，');
    expect(text).toContain('兹证明王堃是王昇的儿子');
    expect(text).not.toContain(facts.certificateNo);
    expect(text).not.toContain(facts.certificateId);
    expect(text).not.toContain('扫码验证');
    expect(await extractReceipt(pdf)).toBeUndefined();
    const img = await rasterizeGray(pdf, 1, 72);
    expect(inkRatio(img, { left: QR_BOX.left, right: QR_BOX.left + QR_BOX.size, top: QR_BOX.top, bottom: QR_BOX.top + QR_BOX.size })).toBe(
      0,
    );
    expect(inkRatio(img, TITLE_BOX)).toBeGreaterThan(0.05);
    expect((await pdffonts(pdf)).every((f) => f.embedded && f.subset)).toBe(true);
  });

  it('names the field that holds a character no font draws', async () => {
    const bad = { ...draft, evidence: { ...draft.evidence, terminalLabel: '2号终端 📷' } };
    const err = await renderDraftPdf(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MissingGlyphError);
    expect((err as MissingGlyphError).fields).toEqual([{ field: 'evidence.terminalLabel', characters: ['📷'] }]);
  });
  it('assertPrints refuses exactly the drafts that do not render, with the same characters', async () => {
    const drafts: [string, DraftCertificateFacts][] = [
      ['as given', draft],
      ['names from CJK Extensions A and B', { ...draft, holder: { ...draft.holder, name: '刘䶮\u{21619}\u{20001}' } }],
      ['a field no font draws', { ...draft, evidence: { ...draft.evidence, terminalLabel: '2号终端 📷' } }],
      ['the wording', { ...draft, matter: { ...draft.matter, wording: `${draft.matter.wording}\n附件📷` } }],
      ['a name beyond every font', { ...draft, holder: { ...draft.holder, name: '刘\u{30000}' } }],
      // The seal's lettering is cut from the primary bold face alone: an Extension B character
      // that the fallback font prints elsewhere cannot be in it.
      ['the seal', { ...draft, office: { ...draft.office, name: '丹阳市\u{21619}公证处' } }],
    ];
    for (const [what, d] of drafts) {
      const rendered = await renderDraftPdf(d).then(
        () => undefined,
        (e: unknown) => e,
      );
      let checked: unknown;
      try {
        assertPrints(d);
      } catch (e) {
        checked = e;
      }
      expect([what, checked instanceof MissingGlyphError]).toEqual([what, rendered instanceof MissingGlyphError]);
      if (rendered instanceof MissingGlyphError)
        expect([what, (checked as MissingGlyphError).characters.sort()]).toEqual([what, rendered.characters.sort()]);
    }
  });
});
