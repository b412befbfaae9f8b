import { randomBytes } from 'node:crypto';
import { TransactionStateError } from '../core/errors.ts';
import { parseUrlencoded } from './bodies/urlencoded.ts';
import type { XmlDocument } from './bodies/types.ts';
import { defaultProcessor, processRequestBody } from './body-processing.ts';
import { Collection } from './collections/collection.ts';
import { REQUEST_BUCKETS, TX_BUCKETS } from './collections/hash-order.ts';
import { defaultStore, type PersistentStore } from './collections/persistent.ts';
import { runPhase } from './engine.ts';
import type { ValueGroup } from './shared-work.ts';
import type { FixedLevel } from './static-prefix.ts';
import { memoOf, type StringMemo, type StringWork } from './string-memo.ts';
import type { VarValue } from './variables/resolve.ts';
import type { Interruption, MatchRecord } from './interruption.ts';
import type { Tracer } from './trace.ts';
import type { EngineConfig, Exclusion, Phase, Program, RuleEngineMode } from './program.ts';
import { uriDecode } from './uri.ts';

/** Collections a transaction holds, by canonical variable name. */
export type CollectionName =
  | 'ARGS'
  | 'ARGS_GET'
  | 'ARGS_POST'
  | 'REQUEST_HEADERS'
  | 'REQUEST_COOKIES'
  | 'RESPONSE_HEADERS'
  | 'FILES'
  | 'FILES_NAMES'
  | 'FILES_SIZES'
  | 'FILES_TMPNAMES'
  | 'FILES_TMP_CONTENT'
  | 'MULTIPART_PART_HEADERS'
  | 'MULTIPART_NAME'
  | 'MULTIPART_FILENAME'
  | 'TX'
  | 'ENV'
  | 'IP'
  | 'SESSION'
  | 'USER'
  | 'GLOBAL'
  | 'RESOURCE'
  | 'GEO'
  | 'MATCHED_VARS'
  | 'RULE';

/** The process environment, read once: ENV is the same for every transaction. */
const ENV_ENTRIES = Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined);

const PERSISTENT = new Set(['IP', 'SESSION', 'USER', 'GLOBAL', 'RESOURCE']);
/** Collections whose order is not v3's hash table's (Collection's hashBuckets): stored ones, ENV, RULE. */
const KEY_ORDERED = new Set<string>([...PERSISTENT, 'ENV', 'RULE']);

let sequence = 0;
const idPrefix = randomBytes(6).toString('hex');


type Stage = 'new' | 'connection' | 'uri' | 'request-headers' | 'request-body' | 'response-headers' | 'response-body' | 'logged';
const ORDER: readonly Stage[] = ['new', 'connection', 'uri', 'request-headers', 'request-body', 'response-headers', 'response-body', 'logged'];

/** Settings a transaction may change for itself through ctl. */
export interface TxSettings {
  ruleEngine: RuleEngineMode;
  requestBodyAccess: boolean;
  responseBodyAccess: boolean;
  requestBodyProcessor: string | null;
  forceRequestBodyVariable: boolean;
  requestBodyLimit: number;
  responseBodyLimit: number;
}

/** C's isspace in the "C" locale, which ModSecurity trims cookie names and the cookie string with. */
const LEADING_SPACE = /^[ \t\n\v\f\r]+/;
const TRAILING_SPACE = /[ \t\n\v\f\r]+$/;

/**
 * One HTTP transaction through the five phases, in the spirit of ModSecurity v3's and
 * Coraza's Transaction. Methods must be called in order; each process* method runs its phase
 * and returns the Interruption a rule asked for, or null. Nothing here throws on bad input:
 * malformed requests become variables and flags (REQBODY_ERROR, URLENCODED_ERROR, …).
 */
export class Transaction {
  readonly id: string;
  readonly collections = new Map<CollectionName, Collection>();
  /** TX, which every CRS request reads and writes hundreds of times: no map lookup for it. */
  readonly txCollection = new Collection(TX_BUCKETS);
  /** Single-valued variables by canonical name (REQUEST_METHOD, QUERY_STRING, …). */
  readonly scalars = new Map<string, string>();
  readonly settings: TxSettings;
  readonly matches: MatchRecord[] = [];
  /** Rules removed for this transaction by ctl:ruleRemoveById/ByTag/ByMsg. */
  readonly removedRanges: [number, number][] = [];
  /** Tags and messages compared for equality, as ModSecurity v3 does. */
  readonly removedTags: string[] = [];
  readonly removedMsgs: string[] = [];
  /** Targets removed per rule id by ctl:ruleRemoveTargetById. */
  readonly removedTargetsById = new Map<number, Exclusion[]>();
  readonly removedTargetsByTag: { text: string; exclusion: Exclusion }[] = [];
  readonly removedTargetsByMsg: { text: string; exclusion: Exclusion }[] = [];
  /** How many ctl target removals ran: the version of the lists above. */
  targetRemovals = 0;
  /** The removals in the order they were made: what removals.ts caches its answers under. */
  removalSignature = '';
  removalFlags: Int8Array | null = null;
  removalFlagsVersion = 0;
  /** Resolved and transformed values per link group, for the current phase (see engine.ts). */
  readonly valueGroups = new Map<string, ValueGroup>();
  /** The same by RuleLink.groupId, for links without ctl target removals. */
  groupSlots: (ValueGroup | undefined)[] = [];
  /** Resolved values per target (RuleLink.targetIds), for the current phase. */
  targetSlots: (readonly VarValue[] | undefined)[] = [];
  /** Per screen part (RuleLink.screenParts): its values' literal scans. */
  partSlots: (readonly Int32Array[] | undefined)[] = [];
  /** Work on strings kept across this program's transactions (string-memo.ts); null if naive. */
  readonly memo: StringMemo | null;
  /** Work on strings in this transaction, kept ones included (shared-work.ts workOf). */
  readonly work = new Map<string, StringWork>();
  xml: XmlDocument | null = null;
  xmlError: string | null = null;
  interruption: Interruption | null = null;
  /** Hooks for explain and the playground; absent in normal operation. */
  tracer: Tracer | undefined = undefined;
  /**
   * Set when the program's static prefix was put into this transaction and nothing after it can
   * change the paranoia level (Program.levelFixed): the level every gate reads (null: unset).
   */
  fixedLevel: FixedLevel | null | undefined = undefined;
  /** Set when a paranoia gate disagreed with the folded program: the rest runs unfolded. */
  onGeneralPath = false;
  /** Set by allow: the last phase allowed to run rules (0: none). */
  allowUntilPhase = 0;
  /** Set by allow: a phase to skip the rest of (allow:phase). */
  allowPhase = 0;
  /** HIGHEST_SEVERITY: the lowest severity number among rules that matched (255: none). */
  highestSeverity = 255;
  readonly startedAt: number;
  private stage: Stage = 'new';
  private readonly persistentKeys = new Map<CollectionName, string>();
  private readonly expiries = new Map<CollectionName, Map<string, number>>();
  private requestBody: Buffer[] = [];
  private requestBodySize = 0;
  private responseBody: Buffer[] = [];
  private responseBodySize = 0;
  /** ARGS_COMBINED_SIZE: names and values of the arguments addArg counted; -1 before the first (the variable is empty then). */
  argsCombinedSize = -1;

  constructor(
    readonly program: Program,
    id?: string,
    /** Where persistent collections live; the process-wide memory store by default. */
    private readonly store: PersistentStore = defaultStore,
  ) {
    // Unique per process run and transaction without a random draw per request.
    this.id = id ?? `${idPrefix}${(++sequence).toString(16).padStart(12, '0')}`;
    this.startedAt = Date.now();
    this.memo = memoOf(program);
    this.collections.set('TX', this.txCollection);
    const c: EngineConfig = program.config;
    this.settings = {
      ruleEngine: c.ruleEngine,
      requestBodyAccess: c.requestBodyAccess,
      responseBodyAccess: c.responseBodyAccess,
      requestBodyProcessor: null,
      forceRequestBodyVariable: false,
      requestBodyLimit: c.requestBodyLimit,
      responseBodyLimit: c.responseBodyLimit,
    };
    this.scalars.set('UNIQUE_ID', this.id);
    this.scalars.set('WEBAPPID', c.webAppId);
    // As v3 starts every transaction (measured: 0 before any argument is parsed).
    this.scalars.set('URLENCODED_ERROR', '0');
    // Present, empty, until a processor is chosen: CRS 901340 tests it with a negated operator
    // to force REQUEST_BODY for unknown content types, which only works if the variable exists.
    this.scalars.set('REQBODY_PROCESSOR', '');
  }

  /** A collection, created when first used (most transactions touch few of them). */
  col(name: CollectionName): Collection {
    let c = this.collections.get(name);
    if (!c) {
      c = new Collection(KEY_ORDERED.has(name) ? undefined : REQUEST_BUCKETS);
      if (name === 'ENV') for (const [k, v] of ENV_ENTRIES) c.add(k, v);
      this.collections.set(name, c);
    }
    return c;
  }

  private advance(to: Stage): void {
    if (ORDER.indexOf(to) < ORDER.indexOf(this.stage)) {
      throw new TransactionStateError(`cannot ${to} after ${this.stage}`);
    }
    this.stage = to;
  }

  processConnection(clientIp: string, clientPort: number, serverIp: string, serverPort: number): void {
    this.advance('connection');
    this.scalars.set('REMOTE_ADDR', clientIp);
    this.scalars.set('REMOTE_HOST', clientIp);
    this.scalars.set('REMOTE_PORT', String(clientPort));
    this.scalars.set('SERVER_ADDR', serverIp);
    this.scalars.set('SERVER_PORT', String(serverPort));
  }

  /**
   * The request line. As ModSecurity v3 does, REQUEST_URI and REQUEST_FILENAME are
   * percent-decoded (without '+' to space), QUERY_STRING and REQUEST_URI_RAW are raw, and the
   * query string's arguments go to ARGS_GET and ARGS.
   */
  processUri(uri: string, method: string, httpVersion: string): void {
    this.advance('uri');
    const protocol = httpVersion.startsWith('HTTP/') ? httpVersion : `HTTP/${httpVersion}`;
    this.scalars.set('REQUEST_METHOD', method);
    this.scalars.set('REQUEST_PROTOCOL', protocol);
    this.scalars.set('REQUEST_LINE', `${method} ${uri} ${protocol}`);
    this.scalars.set('REQUEST_URI_RAW', uri);
    // A fragment (from the first raw `#`, not %23) is no part of the path or the query string:
    // libmodsecurity 3.0.9 cuts it from every variable but REQUEST_URI_RAW and REQUEST_LINE
    // (measured: `/a#x?b=1` has no arguments there).
    const hash = uri.indexOf('#');
    const target = hash >= 0 ? uri.slice(0, hash) : uri;
    const decoded = uriDecode(target);
    const rawQ = target.indexOf('?');
    if (rawQ >= 0) this.scalars.set('QUERY_STRING', target.slice(rawQ + 1));
    let path = decoded;
    let requestUri = decoded;
    // An absolute URI (proxy form) names scheme and host; the variables hold only the path.
    const abs = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(decoded);
    if (abs) {
      requestUri = decoded.slice(abs[0].length) || '/';
      path = requestUri;
    }
    const q = path.indexOf('?');
    if (q >= 0) path = path.slice(0, q);
    this.scalars.set('REQUEST_URI', requestUri);
    this.scalars.set('REQUEST_FILENAME', path);
    this.scalars.set('PATH_INFO', path);
    const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    // Only after a slash, as v3 takes it (`OPTIONS *` has none).
    this.scalars.set('REQUEST_BASENAME', slash >= 0 ? path.slice(slash + 1) : '');
    const qs = this.scalars.get('QUERY_STRING');
    if (qs) {
      const r = parseUrlencoded(qs, this.program.config.argumentSeparator);
      if (r.invalidEncoding) this.scalars.set('URLENCODED_ERROR', '1');
      for (const [k, v] of r.args) this.addArg('GET', k, v);
    }
  }

  /**
   * Adds an argument as v3's Transaction::addArgument does: to ARGS, and to ARGS_GET or ARGS_POST
   * by origin (a JSON body's arguments to ARGS only), refused (false) once ARGS holds
   * SecArgumentsLimit of them. Multipart fields bypass the limit there (the parser sets ARGS
   * itself), so they do here.
   */
  addArg(origin: 'GET' | 'POST' | 'JSON' | 'MULTIPART', name: string, value: string): boolean {
    const all = this.col('ARGS');
    if (origin !== 'MULTIPART') {
      if (all.size >= this.program.config.argumentsLimit) return false;
      // ARGS_COMBINED_SIZE: v3 adds up what addArgument sees, so multipart fields do not count.
      this.argsCombinedSize = Math.max(this.argsCombinedSize, 0) + name.length + value.length;
    }
    if (origin !== 'JSON') this.col(origin === 'GET' ? 'ARGS_GET' : 'ARGS_POST').add(name, value);
    all.add(name, value);
    return true;
  }

  addRequestHeader(name: string, value: string): void {
    this.advance('uri');
    this.col('REQUEST_HEADERS').add(name, value);
    const lower = name.toLowerCase();
    if (lower === 'cookie') this.addCookies(value);
    // As v3 does: the scheme is what precedes the first space, the server name what precedes the
    // first colon (so `[::1]:8080` gives `[`, as it does there).
    else if (lower === 'authorization') this.scalars.set('AUTH_TYPE', value.split(' ', 1)[0]);
    else if (lower === 'host') this.scalars.set('SERVER_NAME', value.split(':', 1)[0]);
    else if (lower === 'content-type') {
      // ModSecurity v3 picks the body processor as the header arrives, so that phase 1 rules
      // (CRS 901) can already see REQBODY_PROCESSOR and override it with a ctl. Of several
      // Content-Type headers the last it recognises decides (and the body parser reads the last
      // one sent, body-processing.ts).
      const p = defaultProcessor(value);
      if (p && this.settings.requestBodyProcessor === null) this.scalars.set('REQBODY_PROCESSOR', p);
    }
  }

  /**
   * Cookie pairs as ModSecurity v3 splits them (Transaction::addRequestHeader): on ';', the name
   * before the first '=', leading white space off the name and trailing white space off the last
   * pair, and a pair whose name is empty (`=x`, `  =x`) is not a cookie at all.
   */
  private addCookies(header: string): void {
    const parts = header.split(';');
    // std::getline, which v3 splits with, gives no empty piece after a final ';'.
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    parts[parts.length - 1] = parts[parts.length - 1].replace(TRAILING_SPACE, '');
    for (const part of parts) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = (eq < 0 ? part : part.slice(0, eq)).replace(LEADING_SPACE, '');
      if (name === '') continue;
      this.col('REQUEST_COOKIES').add(name, eq < 0 ? '' : part.slice(eq + 1));
    }
  }

  processRequestHeaders(): Interruption | null {
    this.advance('request-headers');
    const h = this.col('REQUEST_HEADERS');
    this.scalars.set('REQUEST_HEADERS_COUNT', String(h.size));
    return this.run(1);
  }

  appendRequestBody(chunk: Buffer | string): void {
    this.advance('request-headers');
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    this.requestBody.push(b);
    this.requestBodySize += b.length;
  }

  processRequestBody(): Interruption | null {
    this.advance('request-body');
    if (this.interruption) return this.interruption;
    const chunks = this.requestBody;
    // One chunk (a body handed over whole) is read as it is: concat would copy it first.
    const body = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('latin1');
    this.requestBody = [];
    processRequestBody(this, body, this.requestBodySize);
    // libmodsecurity v3 parses the body whatever SecRequestBodyAccess says, but with access off
    // (by the directive or a ctl) it runs no phase 2 rule at all, CRS's blocking evaluation
    // included. Without the directive, access counts as on here.
    if (!this.settings.requestBodyAccess) return null;
    return this.run(2);
  }

  addResponseHeader(name: string, value: string): void {
    this.advance('request-body');
    this.col('RESPONSE_HEADERS').add(name, value);
    // v3 keeps what comes before the first `;` of the last Content-Type, as sent: not trimmed,
    // not lower-cased. It is both RESPONSE_CONTENT_TYPE and what SecResponseBodyMimeType is
    // matched against, exactly (`TEXT/HTML` is not `text/html` there).
    if (name.length === 12 && name.toLowerCase() === 'content-type') {
      const semi = value.indexOf(';');
      this.scalars.set('RESPONSE_CONTENT_TYPE', semi < 0 ? value : value.slice(0, semi));
    }
  }

  processResponseHeaders(status: number, protocol = 'HTTP/1.1'): Interruption | null {
    this.advance('response-headers');
    this.scalars.set('RESPONSE_STATUS', String(status));
    this.scalars.set('RESPONSE_PROTOCOL', protocol);
    this.scalars.set('STATUS_LINE', `${protocol} ${status}`);
    if (!this.scalars.has('RESPONSE_CONTENT_TYPE')) this.scalars.set('RESPONSE_CONTENT_TYPE', '');
    return this.run(3);
  }

  /**
   * Whether the response body will be inspected, as libmodsecurity v3 decides: access on, and
   * the Content-Type (RESPONSE_CONTENT_TYPE) one of SecResponseBodyMimeType's, exactly; every
   * type when the directive was never used, none after SecResponseBodyMimeTypesClear.
   */
  wantsResponseBody(): boolean {
    if (!this.settings.responseBodyAccess) return false;
    const types = this.program.config.responseBodyMimeTypes;
    return types === null || types.includes(this.scalars.get('RESPONSE_CONTENT_TYPE') ?? '');
  }

  appendResponseBody(chunk: Buffer | string): void {
    this.advance('response-headers');
    if (!this.wantsResponseBody()) return;
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    const room = this.settings.responseBodyLimit - this.responseBodySize;
    if (b.length > room) {
      this.scalars.set('OUTBOUND_DATA_ERROR', '1');
      if (this.program.config.responseBodyLimitAction === 'Reject') {
        // As v3: a 403 when the engine is On; the body is not kept either way.
        if (this.settings.ruleEngine === 'On') this.interruption ??= { status: 403, ruleId: 0, action: 'deny', phase: 4 };
        return;
      }
    }
    if (room <= 0) return;
    const kept = b.length > room ? b.subarray(0, room) : b;
    this.responseBody.push(kept);
    this.responseBodySize += kept.length;
  }

  /**
   * Phase 4. libmodsecurity v3 runs it only for a body it inspects (wantsResponseBody): with
   * access off or a Content-Type not listed, no phase 4 rule runs, CRS's outbound blocking
   * evaluation included. RESPONSE_CONTENT_LENGTH is the length of the body kept.
   */
  processResponseBody(): Interruption | null {
    this.advance('response-body');
    if (this.interruption) return this.interruption;
    if (!this.wantsResponseBody()) return null;
    if (!this.scalars.has('OUTBOUND_DATA_ERROR')) this.scalars.set('OUTBOUND_DATA_ERROR', '0');
    const body = Buffer.concat(this.responseBody).toString('latin1');
    this.responseBody = [];
    this.scalars.set('RESPONSE_BODY', body);
    this.scalars.set('RESPONSE_CONTENT_LENGTH', String(body.length));
    return this.run(4);
  }

  processLogging(): void {
    this.advance('logged');
    this.scalars.set('DURATION', String((Date.now() - this.startedAt) * 1000));
    this.run(5);
    const now = Date.now();
    for (const [name, key] of this.persistentKeys) {
      this.store.save(name, key, this.col(name).all(), this.expiries.get(name) ?? new Map(), now);
    }
  }

  /**
   * initcol / setsid / setuid: opens a persistent collection (IP, SESSION, USER, GLOBAL,
   * RESOURCE) under a key, loading what earlier transactions stored there; it is written back
   * when the transaction ends (processLogging).
   */
  initCollection(name: string, key: string): void {
    if (!PERSISTENT.has(name)) return;
    const col = this.col(name as CollectionName);
    this.persistentKeys.set(name as CollectionName, key);
    col.clear();
    for (const e of this.store.load(name, key, Date.now())) col.add(e.key, e.value);
    col.set('KEY', key);
  }

  /** expirevar: the variable disappears from the stored collection after `seconds`. */
  expireVar(collection: string, key: string, seconds: number): void {
    if (!PERSISTENT.has(collection)) return;
    const name = collection as CollectionName;
    let m = this.expiries.get(name);
    if (!m) this.expiries.set(name, (m = new Map()));
    m.set(key.toLowerCase(), Date.now() + seconds * 1000);
  }

  /** Runs a phase unless an earlier disruption or allow ended rule processing. */
  private run(phase: Phase): Interruption | null {
    if (this.settings.ruleEngine === 'Off') return null;
    if (this.interruption && phase !== 5) return this.interruption;
    if (phase <= this.allowUntilPhase && phase !== 5) return null;
    return runPhase(this, phase);
  }
}
