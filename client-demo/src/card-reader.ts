import demoCardPhoto from '../../test/fixtures/faces/id-photos/obama-id.jpg?url';

/**
 * The point's ID card reader, as the console sees it. A certified second-generation ID card reader
 * (GA 450-2013) ships a local vendor service on the point's PC; the console speaks to it over
 * loopback HTTP with the protocol below (docs/identity.md, "The card reader"):
 *
 *   GET {base}/card  →  200 application/json
 *     { "name": "王堃", "idNumber": "32118119900307002X", "validFrom": "2016-03-07",
 *       "validUntil": "2036-03-07" | "长期", "photo": "<base64 JPEG or PNG, the chip's 102×126 photo>",
 *       "photoType": "image/jpeg" }
 *   404 { "code": "NO_CARD" }  no card on the reader;  503 { "code": "READER_OFFLINE" }  no reader attached.
 *
 * Readers answer more (sex, nation, birth date, address, issuing authority); the check needs only
 * these fields, and the service trusts none of them beyond what it re-checks itself.
 */
export interface CardReading {
  name: string;
  idNumber: string;
  validUntil: string;
  /** base64 without a data: prefix */
  photo: string;
  photoType: 'image/jpeg' | 'image/png';
}

export interface CardReader {
  /** 'device' is a real reader's local service; 'simulator' is the demo stand-in and says so on screen. */
  readonly kind: 'device' | 'simulator';
  read(): Promise<CardReading>;
}

export class CardReaderError extends Error {
  constructor(
    readonly code: 'NO_CARD' | 'READER_OFFLINE' | 'READER_ANSWER_INVALID',
    message: string,
  ) {
    super(message);
  }
}

const DATE = /^(\d{4}-\d{2}-\d{2}|长期)$/;

/** Checks a reader's answer before anything uses it: a vendor service is outside our control. */
export function parseReading(body: unknown): CardReading {
  const r = body as Partial<Record<keyof CardReading, unknown>> | null;
  const ok =
    r &&
    typeof r.name === 'string' &&
    r.name.length > 0 &&
    typeof r.idNumber === 'string' &&
    /^\d{17}[\dXx]$/.test(r.idNumber) &&
    typeof r.validUntil === 'string' &&
    DATE.test(r.validUntil) &&
    typeof r.photo === 'string' &&
    /^[A-Za-z0-9+/]+=*$/.test(r.photo) &&
    (r.photoType === 'image/jpeg' || r.photoType === 'image/png');
  if (!ok) throw new CardReaderError('READER_ANSWER_INVALID', 'The card reader answered something other than a card reading.');
  return {
    name: r.name as string,
    idNumber: (r.idNumber as string).toUpperCase(),
    validUntil: r.validUntil as string,
    photo: r.photo as string,
    photoType: r.photoType as CardReading['photoType'],
  };
}

/** A real reader's local vendor service at `base` (e.g. http://127.0.0.1:19196). */
export function deviceCardReader(base: string): CardReader {
  return {
    kind: 'device',
    async read() {
      let res: Response;
      try {
        res = await fetch(`${base.replace(/\/$/, '')}/card`, { cache: 'no-store' });
      } catch {
        throw new CardReaderError('READER_OFFLINE', 'The card reader’s local service does not answer.');
      }
      if (res.status === 404) throw new CardReaderError('NO_CARD', 'No card on the reader.');
      if (!res.ok) throw new CardReaderError('READER_OFFLINE', `The card reader answered ${res.status}.`);
      return parseReading(await res.json().catch(() => null));
    },
  };
}

async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The reader SIMULATOR for the demo: it answers as a reader would, for the card the assistant
 * describes (name and number typed in, as if that card lay on the reader), with a fixture face
 * photo served from our own origin (a public-domain portrait, test/fixtures/faces/README.md).
 * It proves nothing about anyone's identity.
 */
export function simulatedCardReader(card: () => { name: string; idNumber: string; validUntil: string }): CardReader {
  return {
    kind: 'simulator',
    async read() {
      const c = card();
      const res = await fetch(demoCardPhoto);
      if (!res.ok) throw new CardReaderError('READER_OFFLINE', 'The simulator’s card photo is missing.');
      return parseReading({ ...c, photo: await base64Of(await res.blob()), photoType: 'image/jpeg' });
    },
  };
}

export { base64Of };
