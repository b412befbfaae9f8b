/** fast-check generators of byte strings, biased towards the bytes the tokenizer branches on. */
import fc from 'fast-check';

export const byteChar = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));

const fragment = fc.oneof(
  byteChar,
  fc.constantFrom(
    '<', '>', '/', '!', '-', '--', '"', "'", '`', '=', ' ', '\t', '\0', '&#', '&#x', ';', '%',
    '?', ']]>', '<![CDATA[', '<!--', '-->', '-!>', '<%', '%>', '<!doctype', 'script', 'on',
    'svg', 'style', 'href', 'src', 'javascript:', 'data:', '[if', 'xml', 'import',
  ),
);

/** Arbitrary byte strings, mostly made of HTML-significant fragments. */
export const htmlishBytes = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(''));

/** Uniform byte strings. */
export const anyBytes = fc.array(byteChar, { maxLength: 200 }).map((parts) => parts.join(''));
