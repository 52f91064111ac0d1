/** Characters of the base64 alphabet (RFC 4648 §4), by UTF-16 code unit. */
const ALPHABET = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') ALPHABET[ch.charCodeAt(0)] = 1;

/**
 * True when `text` is base64 characters followed by at most two `=`: what /^[A-Za-z0-9+/]*={0,2}$/
 * accepts, in one pass over the code units. The regular expression cost about 9 ms of the event
 * loop per MB of text; an identity check carries up to 3.4 MB of it.
 */
export function isBase64Text(text: string): boolean {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || ALPHABET[c] === 0) return false;
  }
  return true;
}
