// The transformation table, keyed as the ModSecurity reference manual spells
// each name. The engine wraps it in a case-insensitive registry; nothing is
// registered by importing a module.
import type { Transformation } from './types.ts';
import { base64Decode, base64DecodeExt, base64Encode } from './base64.ts';
import { lowercase, uppercase } from './case.ts';
import { cmdLine } from './cmd-line.ts';
import { removeComments, removeCommentsChar, replaceComments } from './comments.ts';
import { cssDecode } from './css-decode.ts';
import { escapeSeqDecode } from './escape-seq-decode.ts';
import { length, md5, sha1 } from './hash.ts';
import { hexDecode, hexEncode, sqlHexDecode } from './hex.ts';
import { htmlEntityDecode } from './html-entity-decode.ts';
import { jsDecode } from './js-decode.ts';
import { normalizePath, normalizePathWin } from './normalize-path.ts';
import { removeNulls, replaceNulls } from './nulls.ts';
import { parityEven7bit, parityOdd7bit, parityZero7bit } from './parity.ts';
import { urlDecode, urlDecodeUni, urlEncode } from './url.ts';
import { utf8toUnicode } from './utf8-to-unicode.ts';
import { compressWhitespace, removeWhitespace, trim, trimLeft, trimRight } from './whitespace.ts';

export type { Transformation } from './types.ts';

/** t:none: identity. (The engine treats it as "reset the chain" separately.) */
export const none: Transformation = (input) => input;

export const TRANSFORMATIONS: Readonly<Record<string, Transformation>> = Object.freeze({
  base64Decode,
  base64DecodeExt,
  base64Encode,
  cmdLine,
  compressWhitespace,
  cssDecode,
  escapeSeqDecode,
  hexDecode,
  hexEncode,
  htmlEntityDecode,
  jsDecode,
  length,
  lowercase,
  md5,
  none,
  normalisePath: normalizePath,
  normalisePathWin: normalizePathWin,
  normalizePath,
  normalizePathWin,
  parityEven7bit,
  parityOdd7bit,
  parityZero7bit,
  removeComments,
  removeCommentsChar,
  removeNulls,
  removeWhitespace,
  replaceComments,
  replaceNulls,
  sha1,
  sqlHexDecode,
  trim,
  trimLeft,
  trimRight,
  uppercase,
  urlDecode,
  urlDecodeUni,
  urlEncode,
  utf8toUnicode,
});
