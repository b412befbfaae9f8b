/**
 * Request body processors (URLENCODED, MULTIPART, JSON, XML): pure functions over a byte-string
 * body. The transaction maps their results into ARGS_POST, FILES*, MULTIPART_*, XML and
 * REQBODY_ERROR / REQBODY_ERROR_MSG.
 */
export { parseUrlencoded, urlDecodeNonStrict } from './urlencoded.ts';
export { parseMultipart } from './multipart.ts';
export { parseBoundary, parseDisposition } from './multipart-headers.ts';
export { parseJson } from './json.ts';
export { parseXml, evaluateXPath } from './xml.ts';
export type {
  Arg,
  JsonOptions,
  JsonResult,
  MultipartFile,
  MultipartFlagName,
  MultipartFlags,
  MultipartLimits,
  MultipartResult,
  UrlencodedResult,
  XmlDocument,
  XmlResult,
} from './types.ts';
export type { BoundaryInfo, BoundaryResult, Disposition } from './multipart-headers.ts';
