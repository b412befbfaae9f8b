import { parseJson } from './bodies/json.ts';
import { parseMultipart } from './bodies/multipart.ts';
import { parseUrlencoded } from './bodies/urlencoded.ts';
import { parseXml } from './bodies/xml.ts';
import type { Transaction } from './transaction.ts';

const MULTIPART_FLAGS = [
  'MULTIPART_STRICT_ERROR', 'MULTIPART_BOUNDARY_QUOTED', 'MULTIPART_BOUNDARY_WHITESPACE', 'MULTIPART_DATA_BEFORE',
  'MULTIPART_DATA_AFTER', 'MULTIPART_HEADER_FOLDING', 'MULTIPART_LF_LINE', 'MULTIPART_CRLF_LF_LINES',
  'MULTIPART_MISSING_SEMICOLON', 'MULTIPART_INVALID_QUOTING', 'MULTIPART_INVALID_PART',
  'MULTIPART_INVALID_HEADER_FOLDING', 'MULTIPART_FILE_LIMIT_EXCEEDED', 'MULTIPART_UNMATCHED_BOUNDARY',
] as const;

/** The processor ModSecurity picks by itself from Content-Type; JSON and XML need a ctl. */
export function defaultProcessor(contentType: string): string | null {
  const ct = contentType.toLowerCase();
  if (ct.startsWith('application/x-www-form-urlencoded')) return 'URLENCODED';
  if (ct.startsWith('multipart/form-data')) return 'MULTIPART';
  return null;
}

/**
 * Runs the request body processor before phase 2, as ModSecurity v3 does: limits first
 * (INBOUND_DATA_ERROR, or a 403 when SecRequestBodyLimitAction is Reject and the engine is
 * On), then the processor the Content-Type or a ctl chose. A malformed body sets REQBODY_ERROR
 * and REQBODY_ERROR_MSG; the arguments parsed before the error are kept. v3 does all this with
 * SecRequestBodyAccess Off too (phase 5 rules see ARGS_POST); access only decides whether
 * REQUEST_BODY and FULL_REQUEST are set and phase 2 runs (Transaction.processRequestBody).
 */
export function processRequestBody(tx: Transaction, body: string, size: number): void {
  if (!tx.scalars.has('INBOUND_DATA_ERROR')) tx.scalars.set('INBOUND_DATA_ERROR', '0');
  const cfg = tx.program.config;
  if (size > tx.settings.requestBodyLimit) {
    tx.scalars.set('INBOUND_DATA_ERROR', '1');
    if (cfg.requestBodyLimitAction === 'Reject' && tx.settings.ruleEngine === 'On') {
      // 403, as libmodsecurity v3 answers it (v2 under Apache said 413).
      tx.interruption = { status: 403, ruleId: 0, action: 'deny', phase: 2 };
      return;
    }
    body = body.slice(0, tx.settings.requestBodyLimit);
  }
  // Of several Content-Type headers v3 reads the last one sent (resolveFirst on its multimap,
  // which files a repeated key first), for the boundary as for the processor.
  const types = tx.col('REQUEST_HEADERS').get('content-type');
  const contentType = types.length === 0 ? '' : types[types.length - 1].value;
  const processor = tx.settings.requestBodyProcessor ?? (tx.scalars.get('REQBODY_PROCESSOR') || defaultProcessor(contentType));
  if (processor) tx.scalars.set('REQBODY_PROCESSOR', processor);
  // v3 says 0 or 1 for every processor but URLENCODED, whose parse leaves both flags unset.
  if (processor !== 'URLENCODED') {
    tx.scalars.set('REQBODY_ERROR', '0');
    tx.scalars.set('REQBODY_PROCESSOR_ERROR', '0');
  }
  // ModSecurity v3 sets REQUEST_BODY for every non-empty body, whatever the processor (v2 only
  // for URLENCODED or when forced; CRS's httpd-based expectations differ for XML bodies, see
  // the ftw overrides).
  if (tx.settings.requestBodyAccess) {
    // Both only for a body (v3: REQUEST_BODY_LENGTH is empty for none).
    if (body.length > 0) {
      tx.scalars.set('REQUEST_BODY', body);
      tx.scalars.set('REQUEST_BODY_LENGTH', String(body.length));
    }
    // FULL_REQUEST is built when a rule reads it (fullRequest); its length now, as v3 sets both here.
    let headerBytes = 0;
    for (const h of tx.col('REQUEST_HEADERS').all()) headerBytes += h.key.length + h.value.length + 3;
    tx.scalars.set('FULL_REQUEST_LENGTH', String(headerBytes + 2 + body.length));
  }
  let error: string | null = null;
  switch (processor) {
    case 'URLENCODED': {
      const r = parseUrlencoded(body, cfg.argumentSeparator);
      if (r.invalidEncoding) tx.scalars.set('URLENCODED_ERROR', '1');
      for (const [k, v] of r.args) tx.addArg('POST', k, v);
      break;
    }
    case 'MULTIPART': {
      const r = parseMultipart(body, contentType, { fileLimit: cfg.uploadKeepFiles || cfg.tmpSaveUploadedFiles ? cfg.uploadFileLimit : 0 });
      for (const [k, v] of r.args) tx.addArg('MULTIPART', k, v);
      for (const f of r.files) {
        tx.col('FILES').add(f.field, f.filename);
        tx.col('FILES_NAMES').add(f.field, f.field);
        tx.col('FILES_SIZES').add(f.field, String(f.size));
        tx.col('FILES_TMP_CONTENT').add(f.field, f.content);
      }
      for (const [k, v] of r.partHeaders) tx.col('MULTIPART_PART_HEADERS').add(k, v);
      for (const n of r.names) tx.col('MULTIPART_NAME').add(n, n);
      for (const n of r.filenames) tx.col('MULTIPART_FILENAME').add(n, n);
      if (r.files.length > 0) tx.scalars.set('FILES_COMBINED_SIZE', String(r.filesCombinedSize));
      for (const f of MULTIPART_FLAGS) tx.scalars.set(f, String(r[f]));
      // v3 sets this one only when the limit is hit.
      if (r.MULTIPART_FILE_LIMIT_EXCEEDED === 0) tx.scalars.delete('MULTIPART_FILE_LIMIT_EXCEEDED');
      tx.scalars.set('MULTIPART_SEMICOLON_MISSING', String(r.MULTIPART_MISSING_SEMICOLON));
      error = r.error;
      break;
    }
    case 'JSON': {
      const r = parseJson(body, { depthLimit: cfg.requestBodyJsonDepthLimit });
      error = r.error;
      for (const [k, v] of r.args) {
        // v3's parser callback fails on a refused argument and YAJL cancels the parse: an error.
        if (!tx.addArg('JSON', k, v)) {
          error = 'JSON parsing error: parse error: client cancelled parse via callback return value';
          break;
        }
      }
      break;
    }
    case 'XML': {
      const r = parseXml(body);
      tx.xml = r.doc;
      error = r.error;
      break;
    }
  }
  if (error !== null) {
    tx.scalars.set('REQBODY_ERROR', '1');
    tx.scalars.set('REQBODY_PROCESSOR_ERROR', '1');
    tx.scalars.set('REQBODY_ERROR_MSG', error);
    tx.scalars.set('REQBODY_PROCESSOR_ERROR_MSG', error);
  }
}

/**
 * FULL_REQUEST as libmodsecurity v3 builds it once the body is read: each request header as a
 * `Name: value` line, then two newlines, then the body. The request line is not part of it there.
 * Empty until processRequestBody set FULL_REQUEST_LENGTH (v3 sets neither with body access off).
 */
export function fullRequest(tx: Transaction): string {
  if (!tx.scalars.has('FULL_REQUEST_LENGTH')) return '';
  let out = '';
  for (const h of tx.col('REQUEST_HEADERS').all()) out += `${h.key}: ${h.value}\n`;
  return out + '\n\n' + (tx.scalars.get('REQUEST_BODY') ?? '');
}
