/**
 * Result types of the request body processors. Every string here is a byte string: one char
 * code per byte (0-255), as produced by `buffer.toString('latin1')`.
 *
 * The processors are pure functions: they never throw on any input, they report malformed
 * bodies through `error` (REQBODY_ERROR / REQBODY_ERROR_MSG) and flags.
 */

/** One argument as ModSecurity adds it to ARGS / ARGS_POST / ARGS_GET. */
export type Arg = [name: string, value: string];

export interface UrlencodedResult {
  args: Arg[];
  /** URLENCODED_ERROR: at least one `%` not followed by two hex digits. */
  invalidEncoding: boolean;
}

/** An uploaded file part (FILES, FILES_NAMES, FILES_SIZES). */
export interface MultipartFile {
  /** Field name from Content-Disposition `name` (FILES_NAMES). */
  field: string;
  /** Client file name from Content-Disposition `filename` (FILES). */
  filename: string;
  /** Content length in bytes (FILES_SIZES). */
  size: number;
  /** The part's own Content-Type header, when present. */
  contentType?: string;
  /** The file content (FILES_TMP_CONTENT); a byte string. */
  content: string;
}

/**
 * The MULTIPART_* variables, named as in ModSecurity. Each is 0 or 1, except
 * MULTIPART_UNMATCHED_BOUNDARY which ModSecurity v3 sets to 2 when a matching boundary follows
 * an earlier one (so `!@eq 0` rules keep working while `@eq 1` means "really unmatched").
 */
export interface MultipartFlags {
  MULTIPART_STRICT_ERROR: number;
  MULTIPART_BOUNDARY_QUOTED: number;
  MULTIPART_BOUNDARY_WHITESPACE: number;
  MULTIPART_DATA_BEFORE: number;
  MULTIPART_DATA_AFTER: number;
  MULTIPART_HEADER_FOLDING: number;
  MULTIPART_LF_LINE: number;
  MULTIPART_CRLF_LF_LINES: number;
  MULTIPART_MISSING_SEMICOLON: number;
  MULTIPART_INVALID_QUOTING: number;
  MULTIPART_INVALID_PART: number;
  MULTIPART_INVALID_HEADER_FOLDING: number;
  MULTIPART_FILE_LIMIT_EXCEEDED: number;
  MULTIPART_UNMATCHED_BOUNDARY: number;
}

export type MultipartFlagName = keyof MultipartFlags;

export interface MultipartLimits {
  /** SecUploadFileLimit: file parts beyond this count set MULTIPART_FILE_LIMIT_EXCEEDED. 0 or absent: no limit. */
  fileLimit?: number;
}

export interface MultipartResult extends MultipartFlags {
  /** Non-file parts, in body order (ARGS_POST). */
  args: Arg[];
  /** File parts, in body order. */
  files: MultipartFile[];
  /** MULTIPART_PART_HEADERS: [part name, "Header-Name: value"] without line terminator. */
  partHeaders: Arg[];
  /** FILES_COMBINED_SIZE. */
  filesCombinedSize: number;
  /** Every Content-Disposition `name` value seen (MULTIPART_NAME). */
  names: string[];
  /** Every Content-Disposition `filename` value seen (MULTIPART_FILENAME). */
  filenames: string[];
  /** REQBODY_ERROR_MSG text (ModSecurity's wording), or null when the body parsed. */
  error: string | null;
}

export interface JsonOptions {
  /** SecRequestBodyJsonDepthLimit: more nested containers than this is an error. */
  depthLimit: number;
  /**
   * Also emit one `[arrayPath, elementCount]` argument per non-empty array, as Coraza does.
   * Off by default: libmodsecurity v3 emits only leaves.
   */
  arrayLengths?: boolean;
}

export interface JsonResult {
  args: Arg[];
  error: string | null;
}

/** A parsed XML document; opaque to callers, passed back to `evaluateXPath`. */
export interface XmlDocument {
  readonly kind: 'xml';
  /** The underlying DOM node (an @xmldom/xmldom Document). */
  readonly dom: unknown;
}

export interface XmlResult {
  doc: XmlDocument | null;
  error: string | null;
}
