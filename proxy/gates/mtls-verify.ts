import 'reflect-metadata';
import type { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, X509Certificate as ParsedCertificate, SubjectAlternativeNameExtension } from '@peculiar/x509';
import { normalSerial, type TrustStore } from './mtls-material.ts';

/** The outcome of checking a TLS peer's certificate as an X509-SVID, once per connection. */
export interface PeerVerdict {
  readonly ok: boolean;
  /** Why not, in words fit for a log line. */
  readonly reason: string;
  readonly spiffeId?: string;
  readonly trustDomain?: string;
}

const refuse = (reason: string): PeerVerdict => ({ ok: false, reason });

/** OpenSSL's verdicts, in the words the log uses. */
const OPENSSL_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted issuer (self-signed in chain)',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted issuer',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted issuer',
  CERT_SIGNATURE_FAILURE: 'bad certificate signature',
  INVALID_CA: 'issuer is not a CA',
  INVALID_PURPOSE: 'certificate not valid for client authentication',
};

/** The chain as the TLS stack verified it, leaf first, each certificate once. */
function chainFingerprints(socket: TLSSocket): string[] {
  const out: string[] = [];
  let c: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (c && c.fingerprint256 && !out.includes(c.fingerprint256)) {
    out.push(c.fingerprint256);
    c = c.issuerCertificate;
  }
  return out;
}

/**
 * Checks the peer as the SPIFFE X509-SVID specification asks: a chain to the bundle of the
 * trust domain named in the certificate, exactly one URI SAN holding a spiffe:// ID, a leaf
 * that is not a CA, key usage with digitalSignature and without keyCertSign/cRLSign, inside its
 * validity window, and not revoked. Chain building and signatures are OpenSSL's (the listener
 * trusts the union of all bundles); which bundle, the SVID rules and the CRLs are checked here.
 */
export function verifyPeer(socket: TLSSocket, trust: TrustStore, now = Date.now()): PeerVerdict {
  const leaf: X509Certificate | undefined = socket.getPeerX509Certificate();
  if (!leaf) return refuse('no client certificate');
  if (!socket.authorized) {
    const code = String(socket.authorizationError ?? 'unknown');
    return refuse(OPENSSL_REASONS[code] ?? `chain not verified (${code})`);
  }
  if (now < Date.parse(leaf.validFrom)) return refuse('certificate not yet valid');
  if (now > Date.parse(leaf.validTo)) return refuse('certificate expired');
  let parsed: ParsedCertificate;
  try {
    parsed = new ParsedCertificate(leaf.raw);
  } catch {
    return refuse('unparseable certificate');
  }
  const san = parsed.getExtension(SubjectAlternativeNameExtension);
  const uris = (san?.names.items ?? []).filter((n) => n.type === 'url').map((n) => n.value);
  if (uris.length !== 1) return refuse(`SVID must have exactly one URI SAN, found ${uris.length}`);
  const m = /^spiffe:\/\/([a-z0-9._-]+)(\/[^?#]*)?$/.exec(uris[0]);
  if (!m) return refuse(`URI SAN is not a SPIFFE ID: ${uris[0]}`);
  const [spiffeId, domainName] = [uris[0], m[1]];
  if (parsed.getExtension(BasicConstraintsExtension)?.ca || leaf.ca) return refuse(`leaf certificate is a CA (${spiffeId})`);
  const ku = parsed.getExtension(KeyUsagesExtension);
  if (!ku) return refuse(`leaf has no key usage extension (${spiffeId})`);
  if (!(ku.usages & KeyUsageFlags.digitalSignature)) return refuse(`leaf key usage lacks digitalSignature (${spiffeId})`);
  if (ku.usages & (KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)) return refuse(`leaf key usage allows certificate or CRL signing (${spiffeId})`);
  const domain = trust.domains.get(domainName);
  if (!domain) return refuse(`unknown trust domain ${domainName} (${spiffeId})`);
  const chain = chainFingerprints(socket);
  if (!chain.some((f) => domain.fingerprints.has(f))) return refuse(`wrong trust domain: ${spiffeId} is not issued by the ${domainName} bundle`);
  const issuerFp = chain[1] ?? '';
  const revokedSerials = trust.revoked.get(issuerFp);
  if (revokedSerials?.has(normalSerial(leaf.serialNumber))) return refuse(`certificate revoked (serial ${leaf.serialNumber}, ${spiffeId})`);
  return { ok: true, reason: 'valid SVID', spiffeId, trustDomain: domainName };
}
