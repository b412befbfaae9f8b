/** Scanner and folder state, reused across inputs and quote contexts. */
import { QUOTE_NONE, SQL_ANSI, Token } from './types.ts';

/** Tokens kept while folding: five plus room to look ahead. */
const VEC_SIZE = 8;

/** Scanner state for one input; reusable across inputs and contexts via reset(). */
export class SqliState {
  s = '';
  slen = 0;
  flags = QUOTE_NONE | SQL_ANSI;
  pos = 0;
  readonly tokenvec: Token[] = [];
  current: Token;
  /** The comment seen last while folding, put back at the end when there is room. */
  readonly lastComment = new Token();
  /** Whether the folder's last read found a token (input may remain). */
  more = true;
  statsTokens = 0;
  statsCommentDdw = 0;
  statsCommentDdx = 0;
  statsCommentC = 0;
  statsCommentHash = 0;
  statsFolds = 0;
  /** Bare words the tokenizer produced that cannot start a keyword phrase. */
  statsBarewords = 0;
  fingerprint = '';
  /** Tokens in the fingerprint foldKey computed (st.fingerprint is built from them on demand). */
  fingerprintLen = 0;

  constructor() {
    for (let i = 0; i < VEC_SIZE; i++) this.tokenvec.push(new Token());
    this.current = this.tokenvec[0];
  }

  /** Starts over on `s` in the given context (0 means none + ANSI). */
  reset(s: string, flags: number): void {
    this.s = s;
    this.slen = s.length;
    this.flags = flags === 0 ? QUOTE_NONE | SQL_ANSI : flags;
    this.pos = 0;
    for (let i = 0; i < VEC_SIZE; i++) this.tokenvec[i].clear();
    this.current = this.tokenvec[0];
    this.statsTokens = 0;
    this.statsCommentDdw = 0;
    this.statsCommentDdx = 0;
    this.statsCommentC = 0;
    this.statsCommentHash = 0;
    this.statsFolds = 0;
    this.statsBarewords = 0;
    this.fingerprint = '';
    this.fingerprintLen = 0;
  }
}
