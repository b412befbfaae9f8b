/**
 * XSS detection compatible with libinjection's libinjection_xss (ModSecurity and Coraza
 * `@detectXSS`). Plain functions over byte strings, with no dependency on the engine.
 */
export { detectXSS, isXSSInContext } from './xss.ts';
export {
  Html5Context,
  Html5Tokenizer,
  TOKEN_TYPE_NAMES,
  TokenType,
  tokenizeHtml5,
} from './html5.ts';
export type { Html5Token } from './html5.ts';
export { AttrKind, blackAttrKind, isBlackTag } from './blacklists.ts';
export { isBlackUrl } from './url.ts';
