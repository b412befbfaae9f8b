/** Certificates for mTLS tests, made on the fly with @peculiar/x509. Test-only. */
import 'reflect-metadata';
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const HOUR = 3600_000;

export interface Issued {
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
  readonly certPem: string;
  readonly keyPem: string;
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function pemKey(k: CryptoKey): string {
  return KeyObject.from(k as unknown as webcrypto.CryptoKey).export({ type: 'pkcs8', format: 'pem' }).toString();
}

let serial = 0x1000;

export async function makeCa(name: string): Promise<Issued> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16),
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + 24 * HOUR),
    keys,
    signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { cert, keys, certPem: cert.toString('pem'), keyPem: pemKey(keys.privateKey) };
}

export interface LeafOptions {
  uris?: string[];
  dns?: string[];
  ips?: string[];
  isCa?: boolean;
  usages?: number;
  notBefore?: Date;
  notAfter?: Date;
  serialNumber?: string;
}

export async function issue(ca: Issued, cn: string, o: LeafOptions = {}): Promise<Issued> {
  const keys = await keyPair();
  const names: x509.JsonGeneralName[] = [...(o.uris ?? []).map((value) => ({ type: 'url' as const, value })), ...(o.dns ?? []).map((value) => ({ type: 'dns' as const, value })), ...(o.ips ?? []).map((value) => ({ type: 'ip' as const, value }))];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: o.serialNumber ?? (serial++).toString(16),
    subject: `CN=${cn}`,
    issuer: ca.cert.subject,
    notBefore: o.notBefore ?? new Date(Date.now() - 60_000),
    notAfter: o.notAfter ?? new Date(Date.now() + HOUR),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(o.isCa ?? false, undefined, true),
      new x509.KeyUsagesExtension(o.usages ?? x509.KeyUsageFlags.digitalSignature, true),
      ...(names.length ? [new x509.SubjectAlternativeNameExtension(names)] : []),
    ],
  });
  return { cert, keys, certPem: cert.toString('pem'), keyPem: pemKey(keys.privateKey) };
}

export async function crl(ca: Issued, revokedSerials: string[]): Promise<string> {
  const c = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subject,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate: new Date(Date.now() + HOUR),
    entries: revokedSerials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - 30_000) })),
    signingKey: ca.keys.privateKey,
    signingAlgorithm: alg,
  });
  return c.toString('pem');
}

export const KeyUsage = x509.KeyUsageFlags;
