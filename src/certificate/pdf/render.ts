/**
 * The notarial certificate (公证书) as an unsigned PDF: the certificate itself, then an
 * evidence page. Same facts in, same bytes out: no clock, no randomness.
 */
import { create as createQr } from 'qrcode';
import {
  closePath,
  fill,
  lineTo,
  moveTo,
  PDFDocument,
  PDFOperator,
  PDFOperatorNames,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  type Color,
  type PDFPage,
} from 'pdf-lib';
import type { CertificateFacts, DraftCertificateFacts, IdentityEvidence } from './certificate-facts.js';
import { chineseCalendarDate, chineseDate, shanghaiDateTime } from '../../common/chinese-date.js';
import { fontCoverage, PRIMARY_FONTS, unprintableCharacters } from '../../common/printable-text.js';
import { CjkFonts, drawOutline, MissingGlyphError, warmFonts } from './fonts.js';
import { wrapText } from './layout.js';
import { printedFields, unprintableFields } from './printed-fields.js';
import { sampleCertificateFacts } from './sample-certificate.js';
import { deflateContentStreams, deflateNatively } from './native-deflate.js';
import { attachLogProof, attachReceipt } from './receipt.js';

const PAGE_W = 595.28; // A4 in points
const PAGE_H = 841.89;
const MARGIN_X = 72;
const CONTENT_W = PAGE_W - 2 * MARGIN_X;
const FOOTER_Y = 36;

const INK = rgb(0.08, 0.08, 0.08);
const GREY = rgb(0.38, 0.38, 0.38);
const RULE = rgb(0.75, 0.75, 0.75);
const SEAL_RED = rgb(0.85, 0.09, 0.11);
/** A draft's seal is grey: it shows where the seal goes and that its lettering prints, and stamps nothing. */
const DRAFT_SEAL = rgb(0.6, 0.6, 0.6);
const DRAFT_RED = rgb(0.8, 0.1, 0.1);

const TITLE_SIZE = 36;
const TITLE_BASELINE = PAGE_H - 122;
const BODY_SIZE = 14;
const BODY_LEADING = 26;

/**
 * Where page 1 carries the title, in points from the top-left corner. Tests render this box
 * to pixels and check that it holds ink: a font that embeds but draws nothing would still
 * pass every text-extraction check.
 */
export const TITLE_BOX = {
  left: PAGE_W / 2 - 90,
  right: PAGE_W / 2 + 90,
  top: PAGE_H - TITLE_BASELINE - TITLE_SIZE * 0.95,
  bottom: PAGE_H - TITLE_BASELINE + TITLE_SIZE * 0.2,
  /** Where the title is drawn, in PDF user space (from the bottom), and at what size. */
  baseline: TITLE_BASELINE,
  size: TITLE_SIZE,
} as const;

export const A4 = [PAGE_W, PAGE_H] as const;

const HOLDER_BASELINE = TITLE_BASELINE - 96;
/**
 * Where the holder's line starts on page 1 ("申请人：" and then the name, 14 pt ideographs
 * one em wide), in points from the top-left corner: tests look for each name glyph's ink there.
 */
export const HOLDER_LINE = { left: MARGIN_X, baseline: PAGE_H - HOLDER_BASELINE, size: BODY_SIZE, nameOffset: 4 } as const;

const QR_TOP = 190; // lowest baseline of body text on page 1
const QR_SIZE = 84;

/** The verification QR code on page 1, in points from the top-left corner. */
export const QR_BOX = { left: MARGIN_X, top: PAGE_H - (QR_TOP - 16), size: QR_SIZE } as const;

const PRODUCER = 'remote-notary certificate renderer';

type Facts = CertificateFacts | DraftCertificateFacts;
const isDraft = (f: Facts): f is DraftCertificateFacts => 'draft' in f;

/**
 * The certificate. `pending.logProof` is the issuing entry's log proof still being awaited:
 * everything but the attachments is composed meanwhile, and the proof is attached once it
 * comes (not at all when it resolves to undefined).
 */
export function renderCertificatePdf(facts: CertificateFacts, pending?: { logProof: Promise<string | undefined> }): Promise<Uint8Array> {
  return render(facts, pending?.logProof);
}

/**
 * The notary's preview: the same layout and fonts as the certificate, marked 草稿 on every page,
 * with no number, no QR code, no attachments and no signature. Rendering it proves that
 * everything the certificate will print can be printed.
 */
export function renderDraftPdf(facts: DraftCertificateFacts): Promise<Uint8Array> {
  return render(facts);
}

/**
 * Whether the draft prints, decided as composing it decides, without composing it: approval's
 * check before it takes a number. Composing fails on data only for a character no certificate
 * font has: in a printed field (named), anywhere in the text (the fonts' load), or in the seal's
 * lettering (cut from the primary bold face). The same MissingGlyphError is thrown here.
 */
export function assertPrints(facts: DraftCertificateFacts): void {
  const text = checkedText(facts);
  const missing = new Set<string>();
  for (const [texts, weight] of [
    [text.regular, 400],
    [text.bold, 700],
  ] as const)
    for (const t of texts) for (const ch of unprintableCharacters(t, weight)) missing.add(ch);
  for (const ch of facts.office.name) if (!fontCoverage(PRIMARY_FONTS[700]).has(ch.codePointAt(0)!)) missing.add(ch);
  if (missing.size) throw new MissingGlyphError([...missing]);
}

/** The text, once every printed field is checked (field by field, so a refusal can name what to correct). */
function checkedText(facts: Facts): CertificateText {
  const unprintable = unprintableFields(printedFields(facts));
  if (unprintable.length) throw new MissingGlyphError([...new Set(unprintable.flatMap((u) => u.characters))], unprintable);
  return certificateText(facts);
}

async function compose(facts: Facts): Promise<PDFDocument> {
  const text = checkedText(facts);
  const doc = await PDFDocument.create({ updateMetadata: false });
  deflateNatively(doc);
  const fonts = CjkFonts.for(doc);
  await fonts.load(text.regular, 400);
  await fonts.load(text.bold, 700);

  await drawCertificate(doc, fonts, facts, text);
  drawEvidence(doc, fonts, facts, text);
  drawFooters(doc, fonts, facts);
  if (isDraft(facts)) drawWatermarks(doc, fonts);
  await fonts.finish();
  return doc;
}

async function render(facts: Facts, pendingLogProof?: Promise<string | undefined>): Promise<Uint8Array> {
  const doc = await compose(facts);
  doc.setAuthor(facts.office.name);
  doc.setSubject(`${facts.matter.nameZh}公证 / ${facts.holder.name}`);
  doc.setCreator(PRODUCER);
  doc.setProducer(PRODUCER);
  doc.setLanguage('zh-CN');
  doc.setCreationDate(facts.issuedAt);
  doc.setModificationDate(facts.issuedAt);
  if (isDraft(facts)) {
    doc.setTitle(`公证书${DRAFT}`, { showInWindowTitleBar: true });
    doc.setKeywords([DRAFT, facts.matter.code]);
    return save(doc);
  }
  doc.setTitle(`公证书 ${facts.certificateNo}`, { showInWindowTitleBar: true });
  doc.setKeywords([facts.certificateNo, facts.certificateId, facts.matter.code]);
  await attachReceipt(doc, facts.receiptJws, facts.issuedAt);
  const logProof = facts.logProof ?? (await pendingLogProof);
  if (logProof) await attachLogProof(doc, logProof, facts.issuedAt);
  return save(doc);
}

/**
 * Without object streams: signing rewrites the file without them anyway (the signature's
 * placeholder must be findable in the bytes), so packing and deflating them here was work
 * thrown away, and the draft gains a few hundred bytes. All at once, not 50 objects a tick.
 */
function save(doc: PDFDocument): Promise<Uint8Array> {
  deflateContentStreams(doc);
  return doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}

/**
 * At start: the fonts (warmFonts), then a sample certificate and its draft rendered once and
 * thrown away, so that the first issuance finds the renderer's code (pdf-lib, fontkit, the QR
 * encoder, the line breaker) compiled, and what every certificate prints alike (the bold title
 * and heading subset, the seal's outlines) already made.
 */
export async function warmRenderer(): Promise<void> {
  await warmFonts();
  const { certificateId: _id, certificateNo: _no, verifyUrl: _url, receiptJws: _jws, logProof: _proof, ...rest } = sampleCertificateFacts();
  const { audit: _audit, ...evidence } = rest.evidence;
  await renderCertificatePdf(sampleCertificateFacts());
  await renderDraftPdf({ ...rest, evidence, draft: true });
}

interface CertificateText {
  holderLine: string;
  matterLine: string;
  paragraphs: string[];
  officeLine: string;
  dateLine: string;
  evidenceRows: Array<[label: string, value: string]>;
  regular: string[];
  bold: string[];
}

const TITLE = '公证书';
const EVIDENCE_TITLE = '证据摘要';
const QR_CAPTION = '扫码验证';
const DRAFT = '草稿';
/** Where the number goes on page 1 of a draft. */
const DRAFT_LINE = '草稿 · 未编号 · 未签名 · 不作公证书使用';
const DRAFT_NO = '批准出证时编号';
/** Page numbers are composed late, so every character they may need is loaded up front. */
const FOOTER_CHARS = '第页共 0123456789/';

function certificateText(f: Facts): CertificateText {
  const holderLine =
    `申请人：${f.holder.name}，${f.holder.gender}，${chineseCalendarDate(f.holder.birthDate)}出生，` +
    `公民身份号码：${f.holder.idNumber}。`;
  const matterLine = `公证事项：${f.matter.nameZh}`;
  const paragraphs = f.matter.wording
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  paragraphs.push(`本公证事项经远程视频方式于${f.point.name}办理。`);
  const officeLine = f.office.name;
  const dateLine = chineseDate(f.issuedAt);
  const id = f.evidence.identity;
  const evidenceRows: Array<[string, string]> = [
    ...(isDraft(f)
      ? [['公证书编号', DRAFT_NO] as [string, string]]
      : [['公证书编号', f.certificateNo] as [string, string], ['证书标识', f.certificateId] as [string, string]]),
    ['公证事项', `${f.matter.nameZh}（${f.matter.code}）`],
    ['视频办理开始', `${shanghaiDateTime(f.evidence.sessionStartedAt)}（北京时间）`],
    ['视频办理结束', `${shanghaiDateTime(f.evidence.sessionEndedAt)}（北京时间）`],
    ['受理点', f.evidence.pointName],
    ['终端', f.evidence.terminalLabel],
    [
      '身份核验',
      [`证件号码：${id.idNumberMasked}`, ...identityLines(id), `核验时间：${shanghaiDateTime(id.checkedAt)}（北京时间）`].join('\n'),
    ],
    ['告知书 SHA-256', hexBlock(f.evidence.noticeSha256)],
    ['笔录 SHA-256', hexBlock(f.evidence.recordSha256)],
    ['签名 SHA-256', hexBlock(f.evidence.signatureSha256)],
    ['录像清单 SHA-256', hexBlock(f.evidence.recordingManifestSha256)],
    ...recordingRows(f),
  ];
  if (!isDraft(f))
    evidenceRows.push(
      ['审计日志', `序号：${f.evidence.audit.seq}\n哈希：\n${hexBlock(f.evidence.audit.hash)}`],
      ['出证回执', '以附件 receipt.jws（JWS 紧凑格式）嵌入本文件，可用公证机构公布的公钥验证。'],
    );
  const evidenceIntro = evidenceIntroText(f);
  const regular = [
    ...(isDraft(f) ? [DRAFT_LINE, DRAFT] : [f.certificateNo, QR_CAPTION, f.verifyUrl]),
    holderLine,
    matterLine,
    ...paragraphs,
    officeLine,
    '公证员',
    f.notary.name,
    dateLine,
    evidenceIntro,
    ...evidenceRows.flat(),
    FOOTER_CHARS,
  ];
  return {
    holderLine,
    matterLine,
    paragraphs,
    officeLine,
    dateLine,
    evidenceRows,
    regular,
    bold: [TITLE, EVIDENCE_TITLE, DRAFT],
  };
}

function evidenceIntroText(f: Facts): string {
  return `本页为${isDraft(f) ? '公证书草稿' : `${f.certificateNo}公证书`}的附页，载明远程视频办理过程中留存证据的摘要值，供核对原始证据之用。`;
}

/** 64 hex digits do not fit the value column; two rows of 32 keep each half easy to compare. */
/** The finished recording's duration and size, and the notary's override when there is one. */
function recordingRows(f: Facts): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const r = f.evidence.recording;
  if (r) {
    const seconds = Math.round(r.durationMs / 1000);
    rows.push([
      '录像',
      [
        `时长：${Math.floor(seconds / 60)}分${String(seconds % 60).padStart(2, '0')}秒（${r.durationMs} 毫秒）`,
        `大小：${r.bytes} 字节，${r.chunkCount} 段`,
        `链尾哈希：\n${hexBlock(r.finalHash)}`,
      ].join('\n'),
    ]);
  }
  const o = f.evidence.recordingOverride;
  if (o) rows.push(['录像豁免', `原因：${o.reason}\n公证员：${o.byName}\n记录时间：${shanghaiDateTime(new Date(o.at))}（北京时间）`]);
  return rows;
}

function hexBlock(hex: string): string {
  if (!/^[0-9a-f]+$/i.test(hex) || hex.length <= 32) return hex;
  return hex.match(/.{1,32}/g)!.join('\n');
}

/** A cursor running down the pages, opening a new page when the next line would not fit. */
class Flow {
  page: PDFPage;
  /** Baseline of the next line, from the page bottom. */
  y: number;

  private index = -1;

  constructor(
    private readonly doc: PDFDocument,
    private readonly top: number,
    /** Lowest baseline allowed on the flow's n-th page (0-based). */
    private readonly bottom: (index: number) => number,
  ) {
    this.page = this.newPage();
    this.y = top;
  }

  newPage(): PDFPage {
    this.page = this.doc.addPage([...A4]);
    this.index++;
    this.y = this.top;
    return this.page;
  }

  /** Makes room for `height` below the cursor, on this page or a new one. */
  reserve(height: number): void {
    if (this.y - height < this.bottom(this.index)) this.newPage();
  }
}

async function drawCertificate(doc: PDFDocument, fonts: CjkFonts, f: Facts, t: CertificateText): Promise<void> {
  // The QR code sits bottom left on the first page, where the holder is named; body text on
  // that page stays above it, further pages use their full height.
  const flow = new Flow(doc, PAGE_H - 72, (i) => (i === 0 ? QR_TOP : FOOTER_Y + 24));
  if (!isDraft(f)) drawVerification(flow.page, fonts, f.verifyUrl);

  const titleWidth = fonts.width(TITLE, TITLE_SIZE, 700);
  fonts.draw(flow.page, TITLE, (PAGE_W - titleWidth) / 2, TITLE_BASELINE, { size: TITLE_SIZE, weight: 700, color: INK });
  const noSize = 12;
  const noLine = isDraft(f) ? DRAFT_LINE : f.certificateNo;
  const noWidth = fonts.width(noLine, noSize);
  fonts.draw(flow.page, noLine, PAGE_W - MARGIN_X - noWidth, TITLE_BASELINE - 40, {
    size: noSize,
    color: isDraft(f) ? DRAFT_RED : INK,
  });
  flow.y = HOLDER_BASELINE;

  const measure = (s: string) => fonts.width(s, BODY_SIZE);
  const paragraph = (s: string, indent: number) => {
    for (const [i, line] of wrapText(s, measure, CONTENT_W, { firstLineIndent: indent }).entries()) {
      flow.reserve(0);
      fonts.draw(flow.page, line, MARGIN_X + (i === 0 ? indent : 0), flow.y, { size: BODY_SIZE, color: INK });
      flow.y -= BODY_LEADING;
    }
  };
  paragraph(t.holderLine, 0);
  flow.y -= 6;
  paragraph(t.matterLine, 0);
  flow.y -= 14;
  for (const p of t.paragraphs) paragraph(p, 2 * BODY_SIZE);

  // Office, notary and date, right-aligned two characters in from the margin; the seal
  // straddles the date as a stamped one does.
  const sealRadius = 56;
  const blockHeight = 2 * BODY_LEADING + sealRadius;
  flow.y -= 2 * BODY_LEADING;
  if (flow.y - blockHeight < FOOTER_Y + 16) flow.newPage();
  const right = PAGE_W - MARGIN_X - 2 * BODY_SIZE;
  const officeY = flow.y;
  const notaryY = officeY - BODY_LEADING;
  const dateY = notaryY - BODY_LEADING;
  const dateWidth = fonts.width(t.dateLine, BODY_SIZE);
  await drawSeal(flow.page, f.office.name, right - dateWidth / 2, dateY + 5, sealRadius, isDraft(f) ? DRAFT_SEAL : SEAL_RED);

  const style = { size: BODY_SIZE, color: INK };
  fonts.draw(flow.page, t.officeLine, right - fonts.width(t.officeLine, BODY_SIZE), officeY, style);
  const nameWidth = fonts.width(f.notary.name, BODY_SIZE);
  const gap = BODY_SIZE;
  fonts.draw(flow.page, '公证员', right - nameWidth - gap - fonts.width('公证员', BODY_SIZE), notaryY, style);
  fonts.draw(flow.page, f.notary.name, right - nameWidth, notaryY, style);
  fonts.draw(flow.page, t.dateLine, right - dateWidth, dateY, style);
}

/** QR code of the verification address, with its caption and the address in small print. */
function drawVerification(page: PDFPage, fonts: CjkFonts, url: string): void {
  const size = QR_BOX.size;
  const qr = createQr(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / n;
  const x0 = QR_BOX.left;
  const y0 = PAGE_H - QR_BOX.top - size;
  // One rectangle per horizontal run of dark modules, all filled as one path: pdf-lib's
  // drawRectangle would wrap each in its own graphics state, ten times the bytes. The operands
  // are written as text (PDFOperator writes a string operand as it is) rather than as a
  // PDFNumber object each, four per rectangle and a few hundred rectangles.
  const ops = [pushGraphicsState(), setFillingColor(rgb(0, 0, 0))];
  const round = (v: number) => String(Math.round(v * 1000) / 1000);
  const rectangle = (x: string, y: string, w: string, h: string) => PDFOperator.of(PDFOperatorNames.AppendRectangle, [x, y, w, h]);
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      // A hair of extra height so rasterisers leave no seams between rows.
      ops.push(rectangle(round(x0 + start * cell), round(y0 + (n - row - 1) * cell), round((col - start) * cell), round(cell + 0.05)));
    }
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
  const captionSize = 9;
  const cw = fonts.width(QR_CAPTION, captionSize);
  fonts.draw(page, QR_CAPTION, x0 + (size - cw) / 2, y0 - 13, { size: captionSize, color: GREY });

  const urlSize = 7.5;
  const urlX = x0 + size + 10;
  const urlLines = wrapText(url, (s) => fonts.width(s, urlSize), 170);
  let y = y0 + (urlLines.length - 1) * (urlSize + 3);
  for (const line of urlLines) {
    fonts.draw(page, line, urlX, y, { size: urlSize, color: GREY });
    y -= urlSize + 3;
  }
}

/**
 * A round office seal in vector form: double ring, the office name following the upper arc,
 * a five-pointed star in the centre (the pattern of official seals in the PRC).
 */
async function drawSeal(page: PDFPage, officeName: string, cx: number, cy: number, r: number, ink: Color): Promise<void> {
  page.drawCircle({ x: cx, y: cy, size: r, borderColor: ink, borderWidth: 3 });
  page.drawCircle({ x: cx, y: cy, size: r - 4.5, borderColor: ink, borderWidth: 0.6 });
  drawStar(page, cx, cy, r * 0.3, ink);

  const chars = [...officeName];
  const glyph = chars.length > 12 ? 11 : 13;
  const textRadius = r - 6 - glyph * 0.62;
  // Spread the name over at most 250° of the ring; longer names are squeezed sideways, as
  // engravers do, rather than overrun the gap at the bottom.
  const natural = (glyph * 1.08) / textRadius;
  const step = Math.min(natural, ((250 / 180) * Math.PI) / chars.length);
  const squeeze = Math.min(1, (step * textRadius) / (glyph * 1.02));
  const start = Math.PI / 2 + (step * (chars.length - 1)) / 2;
  for (const [i, ch] of chars.entries()) {
    const angle = start - i * step;
    await drawOutline(
      page,
      ch,
      700,
      {
        cx: cx + textRadius * Math.cos(angle),
        cy: cy + textRadius * Math.sin(angle),
        size: glyph,
        rotation: angle - Math.PI / 2,
        scaleX: squeeze,
        color: ink,
      },
      officeName,
    );
  }
}

function drawStar(page: PDFPage, cx: number, cy: number, outer: number, color: Color): void {
  const inner = outer * 0.382; // regular pentagram: inner/outer radius = 1/φ²
  const ops = [pushGraphicsState(), setFillingColor(color)];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? outer : inner;
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    const x = cx + radius * Math.cos(a);
    const y = cy + radius * Math.sin(a);
    ops.push(i === 0 ? moveTo(x, y) : lineTo(x, y));
  }
  ops.push(closePath(), fill(), popGraphicsState());
  page.pushOperators(...ops);
}

function drawEvidence(doc: PDFDocument, fonts: CjkFonts, f: Facts, t: CertificateText): void {
  const flow = new Flow(doc, PAGE_H - 72, () => FOOTER_Y + 24);
  const titleSize = 22;
  const tw = fonts.width(EVIDENCE_TITLE, titleSize, 700);
  flow.y = PAGE_H - 96;
  fonts.draw(flow.page, EVIDENCE_TITLE, (PAGE_W - tw) / 2, flow.y, { size: titleSize, weight: 700, color: INK });
  flow.y -= 34;

  const introSize = 10;
  for (const line of wrapText(evidenceIntroText(f), (s) => fonts.width(s, introSize), CONTENT_W)) {
    fonts.draw(flow.page, line, MARGIN_X, flow.y, { size: introSize, color: GREY });
    flow.y -= introSize + 6;
  }
  flow.y -= 8;

  const size = 10.5;
  const leading = 16;
  const labelW = 104;
  const valueX = MARGIN_X + labelW + 8;
  const valueW = PAGE_W - MARGIN_X - valueX;
  const measure = (s: string) => fonts.width(s, size);
  const pad = 7;
  const rule = (y: number) =>
    flow.page.drawLine({ start: { x: MARGIN_X, y }, end: { x: PAGE_W - MARGIN_X, y }, thickness: 0.5, color: RULE });

  rule(flow.y);
  for (const [label, value] of t.evidenceRows) {
    const labelLines = wrapText(label, measure, labelW);
    const valueLines = wrapText(value, measure, valueW);
    const rows = Math.max(labelLines.length, valueLines.length);
    const height = rows * leading + 2 * pad;
    if (flow.y - height < FOOTER_Y + 24) {
      flow.newPage();
      rule(flow.y);
    }
    let y = flow.y - pad - size;
    for (let i = 0; i < rows; i++) {
      if (labelLines[i]) fonts.draw(flow.page, labelLines[i], MARGIN_X, y, { size, color: GREY });
      if (valueLines[i]) fonts.draw(flow.page, valueLines[i], valueX, y, { size, color: INK });
      y -= leading;
    }
    flow.y -= height;
    rule(flow.y);
  }
}

function drawFooters(doc: PDFDocument, fonts: CjkFonts, f: Facts): void {
  const pages = doc.getPages();
  const size = 8.5;
  for (const [i, page] of pages.entries()) {
    const label = `第 ${i + 1} 页 / 共 ${pages.length} 页`;
    const w = fonts.width(label, size);
    fonts.draw(page, label, (PAGE_W - w) / 2, FOOTER_Y, { size, color: GREY });
    if (i > 0) {
      // Later pages name the certificate they belong to, in case the sheets are separated.
      fonts.draw(page, isDraft(f) ? `公证书${DRAFT}` : f.certificateNo, MARGIN_X, FOOTER_Y, { size, color: GREY });
    }
  }
}

/** 草稿 across every page, translucent, over the text: a printout of a draft cannot pass for a certificate. */
function drawWatermarks(doc: PDFDocument, fonts: CjkFonts): void {
  const size = 150;
  const angle = Math.atan2(PAGE_H, PAGE_W) * 0.75;
  const width = fonts.width(DRAFT, size, 700);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  // The text's centre (half its width along the baseline, a third of an em above it) on the page's centre.
  const x = PAGE_W / 2 - cos * (width / 2) + sin * size * 0.35;
  const y = PAGE_H / 2 - sin * (width / 2) - cos * size * 0.35;
  for (const page of doc.getPages()) fonts.drawRotated(page, DRAFT, x, y, angle, { size, weight: 700, color: DRAFT_RED, opacity: 0.13 });
}

const STEP_NAMES: Record<string, string> = { turn_left: '向左转头', turn_right: '向右转头', blink: '眨眼', open_mouth: '张嘴' };

/** The check's method and what it measured, in its own measure (no similarity is made up from a distance). */
function identityLines(id: IdentityEvidence): string[] {
  if (id.method === 'terminal_attested')
    return [`人脸比对相似度：${id.faceScore.toFixed(2)}（认证终端比对并签名）`, `活体检测：${id.liveness ? '通过' : '未通过'}`];
  return [
    `本系统比对：距离 ${id.faceDistance.toFixed(4)}，阈值 ${id.faceThreshold.toFixed(2)}（越小越相似）`,
    `模型：${id.model}`,
    id.liveness === null
      ? '活体检测：未检测（本服务关闭了活体检测）'
      : `活体检测：${id.liveness ? '通过' : '未通过'}（${id.steps.map((s) => STEP_NAMES[s] ?? s).join('、')}）`,
  ];
}
