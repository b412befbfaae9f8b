import type { CompiledOperator, OperatorSpec } from './operators/types.ts';
import type { Transformation } from './transformations/types.ts';
import type { AhoCorasick } from './match/aho-corasick.ts';
import type { RegexSet } from './match/regex-set.ts';

/**
 * The Program: what the compiler hands the runtime. Built once, never changed by a
 * transaction (per-transaction changes such as ctl:ruleRemoveById live on the Transaction).
 * Everything the per-request loop needs is resolved here: phases bucketed, chains linked,
 * skip targets turned into indices, macros pre-split, regexes and automata built.
 */

export type Phase = 1 | 2 | 3 | 4 | 5;

/** A macro reference in a pre-split template: `%{tx.score}` → { collection: 'TX', key: 'score' }. */
export interface MacroRef {
  /** Upper-case collection or variable name. */
  readonly collection: string;
  readonly key?: string;
  /** The key ASCII-lower-cased once at compile time: the collection's index key. */
  readonly lowerKey?: string;
}

/** Text with macros, split at compile time; a template of one string has none. */
export type Template = readonly (string | MacroRef)[];

export interface KeyMatcher {
  readonly kind: 'literal' | 'regex';
  /** The literal key (compared case-insensitively) or the pattern's source. */
  readonly value: string;
  /** A literal key, ASCII-lower-cased once at compile time. */
  readonly lower?: string;
  /** For regex keys: a test that never throws. */
  readonly test?: (key: string) => boolean;
}

/** One element of a rule's variable list. */
export interface Target {
  /** Canonical upper-case variable name. */
  readonly name: string;
  readonly key?: KeyMatcher;
  /** XPath for XML:… targets. */
  readonly xpath?: string;
  /** `&VAR`: the number of matching elements. */
  readonly count: boolean;
}

/** `!VAR[:key]`: elements removed from the rule's targets. */
export interface Exclusion {
  readonly name: string;
  readonly key?: KeyMatcher;
}

export type SetvarOp = '=' | '=+' | '=-' | '!';

export interface SetvarSpec {
  /** Upper-case collection (TX, IP, SESSION, …). */
  readonly collection: string;
  readonly key: Template;
  /** A key without macros, ASCII-lower-cased once at compile time (the collection's index key). */
  readonly lowerKey?: string;
  readonly op: SetvarOp;
  readonly value: Template;
}

export interface CtlSpec {
  /** The option's name, lower-cased. */
  readonly option: string;
  readonly value: Template;
}

export type DisruptiveKind = 'deny' | 'drop' | 'block' | 'pass' | 'allow' | 'redirect' | 'proxy' | 'pause';

export interface Disruptive {
  readonly kind: DisruptiveKind;
  /** allow:phase / allow:request, redirect's URL. */
  readonly arg?: Template;
}

export interface OperatorInstance {
  /** As ModSecurity spells it (`rx`, `pm`, …), for logs. */
  readonly name: string;
  readonly negated: boolean;
  readonly param: Template;
  /** The parameter text as written, for logs. */
  readonly paramText: string;
  readonly spec: OperatorSpec;
  /** Built at compile time when the parameter has no macros; else built per expansion. */
  readonly compiled?: CompiledOperator;
  /** For @rx: what any match needs (see compiler/passes/prefilter.ts); absent: always run. */
  readonly prefilter?: Prefilter;
}

/**
 * A regex may only match a value at least `minLength` long that contains one of the literals
 * `literalIds` (indices into the program's literal automaton). Absent literals: length only.
 */
export interface Prefilter {
  readonly minLength: number;
  readonly literalIds?: Int32Array;
  /**
   * With literals: this prefilter's number among the program's literal prefilters; a scanned
   * value carries one byte per number, 1 when it holds one of that prefilter's literals.
   */
  readonly index: number;
}

/** One link of a rule (a rule without `chain` is a single link). */
export interface RuleLink {
  readonly targets: readonly Target[];
  readonly exclusions: readonly Exclusion[];
  /** Names as written, for logs and explain. */
  readonly transformationNames: readonly string[];
  readonly transformations: readonly Transformation[];
  /** Identifies the transformation chain, so that a transaction computes each (chain, value) once. */
  readonly transformKey: string;
  /**
   * Links with equal keys resolve the same values and transform them the same way within a
   * phase; null when a target can change within a phase (TX, MATCHED_VARS, …).
   */
  readonly valuesKey: string | null;
  /** In an optimized program, with a valuesKey: a program-wide number for it (Program.groupCount). */
  readonly groupId?: number;
  /**
   * With a groupId: per target, a program-wide number for the target with the exclusions that
   * apply to it, under which its resolved values are shared by every group (value-groups.ts).
   */
  readonly targetIds?: Int32Array;
  /** The keys of every prefix of the chain (`t:a`, `t:a,t:b`, …): chains share their prefixes' work. */
  readonly transformPrefixKeys: readonly string[];
  /**
   * In an optimized program: a program-wide number for each of those prefixes, so that a
   * transaction keeps a value's transformed forms in one array per value (see shared-work.ts).
   */
  readonly transformPrefixIds?: Int32Array;
  readonly operator: OperatorInstance;
  /**
   * In an optimized program: the operator's literal prefilter (Prefilter.index) when the link
   * can match only a value of its group that holds one of that prefilter's literals (a
   * non-negated @rx or @pm over a value group); -1 or absent otherwise. For a rule's first
   * link, a group none of whose values holds such a literal means the rule cannot match.
   */
  readonly screen?: number;
  /**
   * With a groupId: per target, a program-wide number for the target (with its exclusions)
   * under the link's transformation chain. A transaction keeps the literal scans of each
   * part's values, which the screen reads target by target: a rule can be passed
   * without its group's value list ever being built, and groups that share targets and chain
   * share that work.
   */
  readonly screenParts?: Int32Array;
  /**
   * In an optimized program: the link has one target, a literal-keyed element of a collection
   * (or its count), no exclusions and no transformations; the engine reads the element
   * directly instead of resolving a value list.
   */
  readonly keyed?: boolean;
  /**
   * For a static @rx in a value group with other @rx links: the group's set and this pattern's
   * index in it (compiler/passes/regex-sets.ts). One set run per value answers every member.
   */
  readonly regexSet?: RegexSetSlot;
  readonly capture: boolean;
  readonly multiMatch: boolean;
  readonly setvars: readonly SetvarSpec[];
  readonly ctls: readonly CtlSpec[];
  readonly initcols: readonly { collection: string; key: Template }[];
  readonly setenvs: readonly { name: string; value: Template }[];
  readonly expirevars: readonly { collection: string; key: string; seconds: Template }[];
  readonly chained?: RuleLink;
  /** True for SecAction: no variables, no operator, always matches. */
  readonly unconditional: boolean;
}

export interface RegexSetSlot {
  readonly set: RegexSet;
  /** The set's position among the sets of its value group: where a group keeps its answers. */
  readonly slot: number;
  /** This link's pattern in the set. */
  readonly index: number;
  /**
   * Per pattern of the set, its prefilter (null: none). Where at most one pattern can match a
   * value, running that pattern alone costs less than the set.
   */
  readonly filters: readonly (Prefilter | null)[];
}

export interface CompiledRule extends RuleLink {
  readonly id: number;
  readonly phase: Phase;
  readonly msg?: Template;
  readonly logdata?: Template;
  readonly tags: readonly string[];
  /** 0 (EMERGENCY) … 7 (DEBUG), when given. */
  readonly severity?: number;
  readonly rev?: string;
  readonly ver?: string;
  readonly maturity?: string;
  readonly accuracy?: string;
  readonly log: boolean;
  readonly auditlog: boolean;
  /** The rule's own disruptive action, or the phase default's for `block` and when absent. */
  readonly disruptive: Disruptive;
  /** True when the rule wrote `block` (CRS's "do what the configuration says"). */
  readonly block: boolean;
  readonly status?: number;
  /** skip:N — rules to skip after a match. */
  readonly skip: number;
  /** skipAfter:MARKER resolved to the index in this phase's list where execution resumes. */
  readonly skipAfter?: number;
  readonly skipAfterMarker?: string;
  /** Position among all directives: the same rule in folded and general programs. */
  readonly order: number;
  /**
   * A paranoia gate (`SecRule TX:DETECTION_PARANOIA_LEVEL "@lt N" … skipAfter`) in a program
   * folded for a known level: whether the fold assumed it skips. When a transaction's actual
   * level disagrees, the engine continues on the general (unfolded) program.
   */
  readonly gate?: { readonly threshold: number; readonly skips: boolean };
  /** Where the rule was written, for logs: `file`, 1-based `line`. */
  readonly file: string;
  readonly line: number;
}

export type RuleEngineMode = 'On' | 'Off' | 'DetectionOnly';

export interface EngineConfig {
  readonly ruleEngine: RuleEngineMode;
  readonly requestBodyAccess: boolean;
  readonly responseBodyAccess: boolean;
  readonly requestBodyLimit: number;
  readonly requestBodyNoFilesLimit: number;
  readonly requestBodyLimitAction: 'Reject' | 'ProcessPartial';
  readonly requestBodyJsonDepthLimit: number;
  readonly argumentsLimit: number;
  readonly responseBodyLimit: number;
  readonly responseBodyLimitAction: 'Reject' | 'ProcessPartial';
  /** SecResponseBodyMimeType's types, as written; null when the directive was never used (every type is inspected). */
  readonly responseBodyMimeTypes: readonly string[] | null;
  readonly argumentSeparator: string;
  readonly uploadFileLimit: number;
  /**
   * SecUploadKeepFiles and SecTmpSaveUploadedFiles (On: true). ModSecurity counts file parts
   * against SecUploadFileLimit only when it writes them to disk, so with both off the limit is
   * never hit.
   */
  readonly uploadKeepFiles: boolean;
  readonly tmpSaveUploadedFiles: boolean;
  readonly componentSignatures: readonly string[];
  readonly webAppId: string;
}

export const DEFAULT_CONFIG: EngineConfig = {
  ruleEngine: 'On',
  // libmodsecurity v3 reads and inspects the body unless SecRequestBodyAccess says Off.
  requestBodyAccess: true,
  responseBodyAccess: false,
  requestBodyLimit: 134217728,
  requestBodyNoFilesLimit: 1048576,
  requestBodyLimitAction: 'Reject',
  requestBodyJsonDepthLimit: 10000,
  // No limit unless SecArgumentsLimit says so, as in v3: a default cap would leave every
  // argument past it uninspected (the recommended configuration sets 1000 and denies at it).
  argumentsLimit: Number.POSITIVE_INFINITY,
  responseBodyLimit: 524288,
  responseBodyLimitAction: 'ProcessPartial',
  // v3: without SecResponseBodyMimeType every type is inspected (v2 defaulted to text/plain and text/html).
  responseBodyMimeTypes: null,
  argumentSeparator: '&',
  uploadFileLimit: 100,
  uploadKeepFiles: false,
  tmpSaveUploadedFiles: false,
  componentSignatures: [],
  // v3 leaves WEBAPPID empty without SecWebAppId (v2 said "default").
  webAppId: '',
};

export interface Program {
  readonly config: EngineConfig;
  /** Rules per phase, in order; index 0 is unused. */
  readonly phases: readonly (readonly CompiledRule[])[];
  /** Every rule by id. */
  readonly byId: ReadonlyMap<number, CompiledRule>;
  /** In a folded program: the paranoia level assumed, and the unfolded program to fall back on. */
  readonly folded?: { readonly level: number; readonly general: Program };
  /** Per phase, a rule's `order` → its index in that phase's list. */
  readonly indexOfOrder: readonly ReadonlyMap<number, number>[];
  /** One automaton over every prefilter literal: one scan per transformed value serves all regexes. */
  readonly literals?: {
    readonly automaton: AhoCorasick;
    readonly count: number;
    /** Per literal id, the prefilters (Prefilter.index) it satisfies. */
    readonly owners: readonly Int32Array[];
    /** How many prefilters have literals. */
    readonly prefilterCount: number;
    /**
     * One byte per literal, all zero between uses: dedup scratch for the scan. Shared by every
     * transaction of the program, which is safe because each use is synchronous and leaves it
     * zeroed.
     */
    readonly scratch: Uint8Array;
  };
  /** How many value groups (RuleLink.groupId) and per-target value lists (targetIds) there are. */
  readonly groupCount?: number;
  readonly targetCount?: number;
  /**
   * Per value group and per target list: the phase from which its values are final (request
   * headers 1, request body 2, response headers 3, response body 4). The engine drops a
   * transaction's group when that phase starts and keeps it for the later phases.
   */
  readonly groupStages?: Uint8Array;
  readonly targetStages?: Uint8Array;
  /** The same per screen part (RuleLink.screenParts); its length is the number of parts. */
  readonly screenPartStages?: Uint8Array;
  /** How many distinct transformation-chain prefixes the links use (transformPrefixIds). */
  readonly transformPrefixCount?: number;
  /**
   * In an optimized program: how many rules at the start of phase 1 read only TX and act only
   * on TX (compiler/passes/static-prefix.ts). They do the same on every request, so the engine
   * runs them once and copies their outcome (runtime/static-prefix.ts).
   */
  readonly staticPrefix?: number;
  /**
   * With a staticPrefix: no rule after it can change TX:DETECTION_PARANOIA_LEVEL, so every
   * paranoia gate reads the level the prefix left.
   */
  readonly levelFixed?: boolean;
  /** Rules removed at load time (SecRuleRemoveBy*), and by what, for explain. */
  readonly removed?: readonly RemovedRule[];
  /** False in naive mode: no prefilter, no caches; the reference the optimizer is checked against. */
  readonly optimized: boolean;
}

export interface RemovedRule {
  readonly id: number;
  /** The directive that removed it, as written (e.g. `SecRuleRemoveById 942100`). */
  readonly by: string;
  readonly file: string;
  readonly line: number;
}
