/**
 * The project's SQL keyword map: words, functions and operators of MySQL, MSSQL (T-SQL),
 * Oracle, PostgreSQL and SQLite, each with the token type the folding rules expect.
 * Written from the dialects' reference manuals, grouped by role. Multi-word entries ("UNION ALL")
 * are what two adjacent words merge into; a merge only happens when the joined phrase is here.
 */
import { FUNCTIONS } from './functions.ts';
import { MODSECURITY_WORD_TYPES } from './word-types.generated.ts';
import { T } from './types.ts';
import type { Token } from './types.ts';

/** Statement heads: the verbs that start an expression. */
const EXPRESSIONS = [
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'RENAME', 'TRUNCATE',
  'CASE', 'SHOW', 'EXPLAIN', 'DESCRIBE', 'DESC', 'HANDLER', 'CALL', 'LOAD', 'GRANT', 'REVOKE',
  'SELECT ALL', 'SELECT DISTINCT', 'INSERT INTO', 'DELETE FROM', 'INSERT IGNORE', 'REPLACE INTO',
  'SELECT TOP', 'SHUTDOWN', 'RAISERROR', 'WAITFOR', 'WAITFOR DELAY', 'WAITFOR TIME',
];

/** Set operators: UNION and its relatives. */
const UNIONS = [
  'UNION', 'UNION ALL', 'UNION DISTINCT', 'UNION ALL DISTINCT', 'UNION DISTINCT ALL', 'EXCEPT', 'EXCEPT ALL', 'INTERSECT', 'INTERSECT ALL',
  'MINUS',
];

/** Clauses that group or limit a result. */
const GROUPS = [
  'GROUP BY', 'ORDER BY', 'HAVING', 'LIMIT', 'PROCEDURE ANALYSE', 'WITH ROLLUP', 'FETCH',
  'OFFSET',
];

/** Plain keywords. */
const KEYWORDS = [
  'FROM', 'WHERE', 'INTO', 'AS', 'ASC', 'ON', 'USING', 'TABLE', 'VALUES', 'VALUE', 'SET', 'JOIN',
  'INNER JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'CROSS JOIN', 'FULL JOIN', 'OUTER JOIN', 'NATURAL JOIN',
  'STRAIGHT_JOIN', 'LEFT OUTER', 'RIGHT OUTER', 'FULL OUTER', 'LEFT OUTER JOIN', 'RIGHT OUTER JOIN',
  'FULL OUTER JOIN', 'WHEN', 'THEN', 'ELSE', 'END', 'EXISTS', 'NOT EXISTS', 'DISTINCT', 'DISTINCTROW',
  'TOP', 'WITH', 'INDEX', 'VIEW', 'PROCEDURE', 'SCHEMA', 'COLUMN', 'TRIGGER', 'BEFORE', 'AFTER',
  'IN', 'NOT IN', 'INTO OUTFILE', 'INTO DUMPFILE', 'OUTFILE', 'DUMPFILE', 'LINES', 'TERMINATED',
  'INFILE', 'DATA', 'FOR', 'FOR UPDATE', 'LOCK', 'SHARE', 'IN BOOLEAN', 'IN BOOLEAN MODE',
  'NATURAL', 'HIGH_PRIORITY', 'LOW_PRIORITY', 'SQL_CALC_FOUND_ROWS', 'SQL_CACHE', 'SQL_NO_CACHE',
  'IGNORE', 'DELAYED', 'DEFAULT', 'PRIMARY', 'KEY', 'FOREIGN', 'REFERENCES', 'CONSTRAINT',
  'UNIQUE', 'CHECK', 'ADD', 'CASCADE', 'RESTRICT', 'TEMPORARY', 'PRECISION',
  'ELSEIF', 'WHILE', 'LOOP', 'REPEAT', 'LEAVE', 'ITERATE', 'RETURN', 'RETURNS', 'BEGIN',
  'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'TRANSACTION', 'START', 'OPEN', 'CLOSE', 'CURSOR', 'CONTINUE',
  'EXIT', 'OUTER', 'INNER', 'FULL', 'PARTITION', 'OVER', 'WINDOW', 'ROWS',
  'RANGE', 'PRECEDING', 'FOLLOWING', 'UNBOUNDED', 'ANY', 'SOME', 'ALL', 'CONNECT', 'PRIOR',
  'START WITH', 'CONNECT BY', 'NOWAIT', 'SKIP', 'LOCKED', 'RETURNING', 'CONFLICT', 'DUPLICATE',
  'ON DUPLICATE', 'ESCAPE', 'AGAINST', 'MATCH', 'FORCE', 'USE', 'READ', 'WRITE', 'ACCESSIBLE',
  'ANALYZE', 'OPTIMIZE', 'REPAIR', 'BACKUP', 'RESTORE', 'PURGE', 'KILL', 'FLUSH', 'RESET',
  'CHANGE', 'MODIFY', 'COLUMNS', 'TABLES', 'DATABASES', 'SCHEMAS', 'VARIABLES', 'STATUS',
  'PROCESSLIST', 'GRANTS', 'PRIVILEGES', 'IDENTIFIED', 'REQUIRE', 'OPTION', 'OPTIONS', 'USAGE',
  // MySQL reserved words that do not double as common English.
  'ASENSITIVE', 'DAY_HOUR', 'DAY_MICROSECOND', 'DAY_MINUTE', 'DAY_SECOND', 'DETERMINISTIC',
  'DUAL', 'ENCLOSED', 'ESCAPED', 'FULLTEXT', 'HOUR_MICROSECOND', 'HOUR_MINUTE', 'HOUR_SECOND',
  'INOUT', 'INSENSITIVE', 'MAXVALUE', 'MINUTE_MICROSECOND', 'MINUTE_SECOND', 'MODIFIES',
  'NO_WRITE_TO_BINLOG', 'OPTIONALLY', 'READ_WRITE', 'RESIGNAL', 'SECOND_MICROSECOND',
  'SEPARATOR', 'SQLEXCEPTION', 'SQLSTATE', 'SQLWARNING', 'SQL_BIG_RESULT', 'SQL_SMALL_RESULT',
  'SQL_BUFFER_RESULT', 'STARTING', 'YEAR_MONTH', 'LATERAL', 'RECURSIVE', 'TABLESAMPLE',
  'PIVOT', 'UNPIVOT', 'CROSS APPLY', 'OUTER APPLY', 
];

/** Logical connectives (fingerprint `&`). */
const LOGIC = ['AND', 'OR', 'XOR', '&&', '||', 'AND NOT', 'OR NOT'];

/** Word and symbol operators. */
const OPERATORS = [
  'NOT', 'IS', 'IS NOT', 'LIKE', 'NOT LIKE', 'ILIKE', 'RLIKE', 'NOT RLIKE', 'REGEXP', 'NOT REGEXP',
  'SIMILAR', 'SIMILAR TO', 'SOUNDS LIKE', 'GLOB', 'BETWEEN', 'NOT BETWEEN', 'DIV', 'MOD', 'EQV', 'IMP',
  'IS DISTINCT', 'IS DISTINCT FROM', 'MEMBER OF', 'OVERLAPS',
  '!=', '<>', '<=', '>=', '<=>', '<<', '>>', ':=', '!<', '!>', '!!', '::',   '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '->', '->>', '@>', '<@', '#>', '&<', '&>',
  '=>', '==',
  // PostgreSQL's square and cube roots: one operator each to the libinjection in libmodsecurity
  // 3.0.9 (`"|/usr/bin/id|"` folds to `sos` there).
  '|/', '||/',
];

/**
 * Names that act as variables: NULL and the niladic functions of standard SQL, which read as
 * values without parentheses (the folder makes them functions when a `(` follows).
 */
const VARIABLES = [
  'NULL', 'CURRENT_USER', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME',
  'LOCALTIMESTAMP', 'SESSION_USER', 'SYSTEM_USER',
];

/** Values that read as numbers. */
const NUMBERS = [
  'TRUE', 'FALSE', 'UNKNOWN', 'BINARY_DOUBLE_INFINITY', 'BINARY_DOUBLE_NAN',
  'BINARY_FLOAT_INFINITY', 'BINARY_FLOAT_NAN',     'UTC_DATE', 'UTC_TIME', 'UTC_TIMESTAMP', 'SYSDATE', 'SYSTIMESTAMP',
];

/** Column types, casts and MySQL charset introducers. */
const SQLTYPES = [
  'INT', 'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'MEDIUMINT', 'INT1', 'INT2', 'INT3', 'INT4',
  'INT8', 'DECIMAL', 'DEC', 'NUMERIC', 'NUMBER', 'FLOAT', 'FLOAT4', 'FLOAT8', 'DOUBLE', 'REAL',
  'DOUBLE PRECISION', 'BOOLEAN', 'BOOL', 'BIT', 'VARCHAR', 'VARCHAR2', 'NVARCHAR', 'NVARCHAR2',
  'NCHAR', 'CHARACTER', 'CHARACTER VARYING', 'CHAR VARYING', 'NATIONAL', 'VARBINARY', 'TEXT',
  'NTEXT', 'TINYTEXT', 'MEDIUMTEXT', 'LONGTEXT', 'BLOB', 'TINYBLOB', 'MEDIUMBLOB', 'LONGBLOB',
  'CLOB', 'NCLOB', 'BYTEA', 'MONEY', 'SMALLMONEY', 'DATETIME', 'DATETIME2', 'SMALLDATETIME',
  'TIMESTAMPTZ', 'TIMETZ', 'INTERVAL', 'SIGNED', 'UNSIGNED', 'ZEROFILL', 'SERIAL', 'BIGSERIAL',
  'UUID', 'UNIQUEIDENTIFIER', 'XML', 'JSONB', 'IMAGE', 'ROWID', 'UROWID', 'RAW', 'LONG',
  'VARYING', 'BINARY', 'SQL_VARIANT', 'SYSNAME', 'INET', 'CIDR', 'MACADDR', 'TSVECTOR',
  'TSQUERY', 'REGCLASS', 'OID', 'NAME', 'LONG RAW',
  '_ARMSCII8', '_ASCII', '_BIG5', '_BINARY', '_CP1250', '_CP1251', '_CP1256', '_CP1257',
  '_CP850', '_CP852', '_CP866', '_CP932', '_DEC8', '_EUCJPMS', '_EUCKR', '_GB18030', '_GB2312',
  '_GBK', '_GEOSTD8', '_GREEK', '_HEBREW', '_HP8', '_KEYBCS2', '_KOI8R', '_KOI8U', '_LATIN1',
  '_LATIN2', '_LATIN5', '_LATIN7', '_MACCE', '_MACROMAN', '_SJIS', '_SWE7', '_TIS620', '_UCS2',
  '_UJIS', '_UTF16', '_UTF16LE', '_UTF32', '_UTF8', '_UTF8MB3', '_UTF8MB4',
];

/** T-SQL statements that stand alone (fingerprint `T`). */
const TSQL = [
  'EXEC', 'EXECUTE', 'DECLARE', 'GOTO', 'PRINT', 'OPENROWSET', 'OPENQUERY', 'OPENDATASOURCE',
  'SP_EXECUTESQL', 'XP_CMDSHELL', 'SP_OACREATE', 'SP_OAMETHOD', 'XP_REGREAD', 'XP_DIRTREE',
  'SP_CONFIGURE', 'SP_PASSWORD', 'SP_ADDLOGIN', 'SP_ADDSRVROLEMEMBER', 'DBCC', 'BULK', 'REVERT',
];

/** T-SQL's `IF [NOT] EXISTS (…)` tests like a function call. */
const IF_EXISTS = ['IF EXISTS', 'IF NOT', 'IF NOT EXISTS'];

/** Upper-case word or phrase -> token type, as the dialects read them. Later groups do not override earlier ones. */
function dialectMap(): Map<string, number> {
  const m = new Map<string, number>();
  const groups: ReadonlyArray<readonly [readonly string[], number]> = [
    [EXPRESSIONS, T.EXPRESSION], [UNIONS, T.UNION], [GROUPS, T.GROUP], [LOGIC, T.LOGIC_OPERATOR],
    [OPERATORS, T.OPERATOR], [NUMBERS, T.NUMBER], [VARIABLES, T.VARIABLE], [TSQL, T.TSQL], [FUNCTIONS, T.FUNCTION],
    [SQLTYPES, T.SQLTYPE], [KEYWORDS, T.KEYWORD], [IF_EXISTS, T.FUNCTION], [['COLLATE'], T.COLLATE],
  ];
  for (const [words, type] of groups) {
    for (const w of words) if (!m.has(w)) m.set(w, type);
  }
  return m;
}

/** The dialects' reading of each word, before ModSecurity's (what the word-type probe asks about). */
export const DIALECT_MAP: ReadonlyMap<string, number> = dialectMap();

/**
 * Types the @detectSQLi of libmodsecurity 3.0.9 gives where the dialects say otherwise, measured
 * with scripts/modsec-oracle on words of corpus values it judged otherwise than we did, where
 * the generated probes (word-types.generated.ts) are not conclusive or do not reach: words
 * those probes never get flagged (`1;drop table users` is `1;Tnn` there), phrases of words the
 * dialects do not list (`1; begin declare @x int` is `1;Tvt`), and words in neither list
 * (`'a' uescape '!' union select 1` is `sosUE`; `1 uni_on select 1` is `1UE1`, while `u_nion`
 * and `union_` are plain words there).
 */
const MODSECURITY_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['DROP', T.TSQL], ['DELETE', T.TSQL], ['USE', T.TSQL], ['SHUTDOWN', T.TSQL], ['BEGIN', T.TSQL],
  ['WHILE', T.TSQL], ['CALL', T.TSQL], ['SET', T.EXPRESSION], ['IS DISTINCT', T.BAREWORD],
  ['LOAD DATA', T.TSQL], ['LOAD XML', T.TSQL], ['OWN3D BY', T.GROUP], ['INSERT INTO', T.TSQL],
  ['BEGIN DECLARE', T.TSQL], ['UESCAPE', T.OPERATOR], ['UNI_ON', T.UNION],
];

/**
 * Entries of the dialects that libmodsecurity 3.0.9 does not have, measured with
 * scripts/modsec-oracle on every multi-word entry and two-byte operator of the map: phrases
 * whose words stay tokens of their own there (`1 union set connect by` is `1UEnn`, `1 ; use
 * replace into` is `1;Tkk`), and operators read as two (`1 union set a == 1` is `1UEno`).
 */
const MODSECURITY_ABSENT: readonly string[] = [
  'CONNECT BY', 'CROSS APPLY', 'OUTER APPLY', 'ON DUPLICATE', 'START WITH', 'MEMBER OF', 'LONG RAW',
  'OUTER JOIN', 'REPLACE INTO', 'SELECT TOP', 'NOT EXISTS', 'DELETE FROM',
  '==', '=>', '&<', '&>',
];

/**
 * The map the tokenizer uses: the dialects' reading, except where the @detectSQLi of
 * libmodsecurity 3.0.9 (the older libinjection it bundles) reads a word otherwise: many
 * function names, types and keywords of the dialects are plain words there (`right(1)` is `n(`;
 * word-types.generated.ts, measured by scripts/gen-sqli-fingerprints.ts --label), and a few have
 * another type (MODSECURITY_TYPES).
 */
function buildMap(): Map<string, number> {
  const m = new Map(DIALECT_MAP);
  // A type is its fingerprint letter. A plain word is one the map does not know; a phrase read
  // as a plain word still merges (`in boolean` is one `n` token there, and the head of
  // `in boolean mode`).
  for (const [w, letter] of Object.entries(MODSECURITY_WORD_TYPES)) {
    const type = letter.charCodeAt(0);
    if (type === T.BAREWORD && !w.includes(' ')) m.delete(w);
    else m.set(w, type);
  }
  for (const w of MODSECURITY_ABSENT) m.delete(w);
  for (const [w, type] of MODSECURITY_TYPES) m.set(w, type);
  return m;
}

export const KEYWORD_MAP: ReadonlyMap<string, number> = buildMap();

let maxLen = 0;
for (const k of KEYWORD_MAP.keys()) if (k.length > maxLen) maxLen = k.length;
/** Longest entry: longer words are never looked up. */
export const KEYWORD_MAX_LEN = maxLen;

/**
 * Upper-cases ASCII letters only, as C toupper in the C locale: bytes >= 0x80 stay as they are.
 * String.prototype.toUpperCase is used only on pure-ASCII strings, where it is exactly that
 * (on Latin-1 it is not: it maps 'ß' to "SS" and 'ÿ' out of the byte range).
 */
export function asciiUpper(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && s.charCodeAt(i) < 0x80) i++;
  if (i === n) return s.toUpperCase();
  let out = '';
  for (i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    out += String.fromCharCode(c >= 0x61 && c <= 0x7a ? c - 0x20 : c);
  }
  return out;
}

/**
 * Token type of a word or phrase, or T.NONE. Case-insensitive for ASCII letters only; a word
 * with a byte >= 0x80 matches nothing, since every entry is ASCII.
 */
export function lookupWord(word: string): number {
  return wordInfo(word, 0, word.length) & TYPE_MASK;
}

/** lookupWord of the bytes src[from, to), without slicing them. */
export function lookupSpan(src: string, from: number, to: number): number {
  return wordInfo(src, from, to) & TYPE_MASK;
}

/** Reference lookup without the prefilter, for the differential test. */
export function lookupWordNaive(word: string): number {
  if (word.length === 0) return T.NONE;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= 0x80) return T.NONE;
  return KEYWORD_MAP.get(word.toUpperCase()) ?? T.NONE;
}

/**
 * Whether some multi-word entry starts with `word`: most word pairs cannot merge at all, and
 * the same lossless prefilter as lookupWord's answers most of them.
 */
export function startsPhrase(word: string): boolean {
  return (wordInfo(word, 0, word.length) & HEAD) !== 0;
}

/**
 * startsPhrase of a token's value, read in place. The answer is kept on the token (Token.info),
 * as scanWord keeps its own lookup there: the tokenizer and the word merge both ask.
 */
export function tokenStartsPhrase(t: Token): boolean {
  let info = t.info;
  if (info < 0) {
    info = wordInfo(t.src, t.start, t.start + t.len);
    t.info = info;
  }
  return (info & HEAD) !== 0;
}

/** Whether src[from, to) is an entry or the head of a multi-word entry, without slicing it. */
export function isWordOrHead(src: string, from: number, to: number): boolean {
  return wordInfo(src, from, to) !== 0;
}

/** Reference for the differential test. */
export function startsPhraseNaive(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= 0x80) return false;
  return heads.has(word.toUpperCase());
}

/**
 * Lossless span prefilter for lookupWord and startsPhrase together: false when the bytes
 * src[from, to) can be neither an entry nor the head of a phrase, without slicing them.
 */
export function maybeWordy(src: string, from: number, to: number): boolean {
  const n = to - from;
  return n > 0 && n <= KEYWORD_MAX_LEN && prefixMarked(src, from, n);
}

function up(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
}

/** Every leading run of words of a multi-word entry ("UNION", "UNION ALL" of "UNION ALL DISTINCT"). */
const heads = new Set<string>();
for (const k of KEYWORD_MAP.keys()) {
  for (let sp = k.indexOf(' '); sp > 0; sp = k.indexOf(' ', sp + 1)) heads.add(k.slice(0, sp));
}

/*
 * The lookup reads the word where it lies in the input: upper-casing and hashing a sliced copy
 * (String.toUpperCase, Map.get) cost more than the rest of tokenizing a word of prose. One
 * open-addressing table holds the map's entries and the phrase heads; a slot's info is the
 * entry's token type, with HEAD set when a multi-word entry starts with it (a head that is no
 * entry itself, `SOUNDS`, has type NONE).
 */
const TYPE_MASK = 0xff;
const HEAD = 0x100;
/** Masks of wordInfo's answer. */
export const KEYWORD_TYPE = TYPE_MASK;
export const PHRASE_HEAD = HEAD;
/** Power of two, over three times the entries, so probe runs stay short. */
const SLOTS = 4096;
const SLOT_KEY: string[] = new Array<string>(SLOTS).fill('');
const SLOT_INFO = new Uint16Array(SLOTS);

/** FNV-1a of the ASCII-upper-cased bytes, or -1 when a byte is >= 0x80 (no entry has one). */
function spanHash(src: string, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    if (c >= 0x80) return -1;
    h = Math.imul(h ^ up(c), 0x01000193);
  }
  return (h ^ (h >>> 15)) & (SLOTS - 1);
}

function addSlot(key: string, info: number): void {
  let i = spanHash(key, 0, key.length);
  while (SLOT_KEY[i] !== '' && SLOT_KEY[i] !== key) i = (i + 1) & (SLOTS - 1);
  SLOT_KEY[i] = key;
  SLOT_INFO[i] |= info;
}

for (const [k, type] of KEYWORD_MAP) addSlot(k, type);
for (const h of heads) addSlot(h, HEAD);

/*
 * First-stage filter (lossless): the first three bytes of every entry and head, upper-cased,
 * mark a bit of this 64 Kbit set; a word whose bit is clear is certainly in neither, and most
 * words of ordinary text stop there without hashing the whole word. A bit set of 8 KB rather
 * than a byte per slot keeps it in cache next to the rest of the engine's tables.
 */
const PREFIX_BITS = new Int32Array(1 << 11);

/** Hash of the first three bytes (fewer for short words), ASCII-upper-cased, into 16 bits. */
function prefixSlot(src: string, from: number, n: number): number {
  let h = up(src.charCodeAt(from));
  h = h * 257 + (n > 1 ? up(src.charCodeAt(from + 1)) : 0);
  h = h * 257 + (n > 2 ? up(src.charCodeAt(from + 2)) : 0);
  return (h ^ (h >>> 16)) & 0xffff;
}

function prefixMarked(src: string, from: number, n: number): boolean {
  const slot = prefixSlot(src, from, n);
  return (PREFIX_BITS[slot >>> 5] & (1 << (slot & 31))) !== 0;
}

for (const k of [...KEYWORD_MAP.keys(), ...heads]) {
  const slot = prefixSlot(k, 0, k.length);
  PREFIX_BITS[slot >>> 5] |= 1 << (slot & 31);
}

/**
 * Slot info of src[from, to): the token type (info & KEYWORD_TYPE) with PHRASE_HEAD set when
 * a multi-word entry starts with it; 0 when it is neither an entry nor a head.
 */
export function wordInfo(src: string, from: number, to: number): number {
  const n = to - from;
  if (n <= 0 || n > KEYWORD_MAX_LEN || !prefixMarked(src, from, n)) return 0;
  let i = spanHash(src, from, to);
  if (i < 0) return 0;
  for (;;) {
    const key = SLOT_KEY[i];
    if (key === '') return 0;
    if (key.length === n && sameUpper(key, src, from)) return SLOT_INFO[i];
    i = (i + 1) & (SLOTS - 1);
  }
}

/** Whether src from `from` on reads `key` (upper case) when ASCII-upper-cased. */
function sameUpper(key: string, src: string, from: number): boolean {
  for (let i = 0; i < key.length; i++) {
    if (up(src.charCodeAt(from + i)) !== key.charCodeAt(i)) return false;
  }
  return true;
}
