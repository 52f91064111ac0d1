import { h } from './dom.js';
import { L } from './i18n.js';

/**
 * A handwriting pad on a canvas. Pointer events cover mouse, pen and touch alike;
 * `touch-action: none` (in the stylesheet) stops a finger from scrolling the page instead.
 * The canvas is drawn at device-pixel resolution so strokes stay sharp on tablets.
 */
export class SignaturePad {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private drawing = false;
  private last: { x: number; y: number } | null = null;
  private strokes = 0;
  private readonly onChange: (hasInk: boolean) => void;
  private readonly size: { width: number; height: number };

  constructor(opts: { width?: number; height?: number; onChange?: (hasInk: boolean) => void } = {}) {
    const width = opts.width ?? 560;
    const height = opts.height ?? 200;
    this.onChange = opts.onChange ?? (() => undefined);
    this.size = { width, height };
    const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    this.canvas = h('canvas', {
      class: 'signature-canvas',
      width: width * ratio,
      height: height * ratio,
      'aria-label': L('签名区', 'Signature pad'),
      'data-testid': 'signature-pad',
    });
    this.canvas.style.aspectRatio = `${width} / ${height}`;
    this.ctx = this.canvas.getContext('2d')!;
    this.ctx.scale(ratio, ratio);
    this.ctx.lineCap = 'round';
    this.ctx.lineJoin = 'round';
    this.ctx.strokeStyle = '#111';
    this.ctx.lineWidth = 2.6;
    this.fillWhite(width, height);

    const pos = (e: PointerEvent) => {
      const r = this.canvas.getBoundingClientRect();
      return { x: ((e.clientX - r.left) / r.width) * width, y: ((e.clientY - r.top) / r.height) * height };
    };
    this.canvas.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      this.canvas.setPointerCapture(e.pointerId);
      this.drawing = true;
      this.last = pos(e);
      // A tap leaves a dot.
      this.ctx.beginPath();
      this.ctx.arc(this.last.x, this.last.y, this.ctx.lineWidth / 2, 0, Math.PI * 2);
      this.ctx.fillStyle = '#111';
      this.ctx.fill();
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!this.drawing || !this.last) return;
      // Coalesced events keep fast strokes smooth where the browser batches them.
      const points = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [e];
      for (const p of points.length ? points : [e]) {
        const next = pos(p);
        const pressure = p.pointerType === 'pen' && p.pressure > 0 ? 1.2 + p.pressure * 2.4 : 2.6;
        this.ctx.lineWidth = pressure;
        this.ctx.beginPath();
        this.ctx.moveTo(this.last.x, this.last.y);
        this.ctx.lineTo(next.x, next.y);
        this.ctx.stroke();
        this.last = next;
      }
    });
    const end = () => {
      if (!this.drawing) return;
      this.drawing = false;
      this.last = null;
      this.strokes++;
      this.onChange(true);
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.canvas.addEventListener('lostpointercapture', end);

    const clear = h(
      'button',
      { type: 'button', class: 'btn btn-small btn-ghost', 'data-testid': 'signature-clear', onclick: () => this.clear() },
      L('清除重签', 'Clear'),
    );
    this.element = h(
      'div',
      { class: 'signature' },
      h(
        'div',
        { class: 'signature-frame' },
        this.canvas,
        h('span', { class: 'signature-baseline', 'aria-hidden': 'true' }, L('请在此处签名', 'Sign here')),
      ),
      h('div', { class: 'signature-tools' }, clear),
    );
  }

  get hasInk(): boolean {
    return this.strokes > 0;
  }

  clear(): void {
    this.fillWhite(this.size.width, this.size.height);
    this.strokes = 0;
    this.onChange(false);
  }

  /** The signature as PNG bytes, base64 without the data: prefix (what the API takes). */
  async pngBase64(): Promise<string> {
    const blob = await new Promise<Blob>((resolve, reject) =>
      this.canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas is empty'))), 'image/png'),
    );
    return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
  }

  private fillWhite(w: number, h: number): void {
    this.ctx.save();
    this.ctx.fillStyle = '#fff';
    this.ctx.fillRect(0, 0, w, h);
    this.ctx.restore();
  }
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
