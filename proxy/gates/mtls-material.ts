import 'reflect-metadata';
import { X509Certificate, webcrypto } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { X509Certificate as ParsedCertificate, X509Crl, cryptoProvider } from '@peculiar/x509';
import type { ProxyConfig } from '../config.ts';
import { TlsMaterialError } from '../errors.ts';

type TlsConfig = NonNullable<ProxyConfig['tls']>;

export interface TrustDomain {
  readonly name: string;
  readonly cas: readonly X509Certificate[];
  readonly fingerprints: ReadonlySet<string>;
}

/** What the verifier needs: CAs per SPIFFE trust domain and the revoked serials per issuer. */
export interface TrustStore {
  readonly domains: ReadonlyMap<string, TrustDomain>;
  /** Issuer CA fingerprint -> revoked serial numbers (upper-case hex, no leading zeros). */
  readonly revoked: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  /** All trust domains' CAs: what the TLS stack offers and verifies chains against. */
  readonly ca: string[];
  readonly trust: TrustStore;
}

// @peculiar/x509 verifies signatures through WebCrypto; Node's is the one to use.
cryptoProvider.set(webcrypto as unknown as Crypto);

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PEM_CRL = /-----BEGIN (?:X509 )?CRL-----[\s\S]+?-----END (?:X509 )?CRL-----/g;

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new TlsMaterialError(`${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function normalSerial(hex: string): string {
  return hex.toUpperCase().replace(/^0+(?=.)/, '');
}

function parseCerts(pem: string, path: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw new TlsMaterialError(`CA bundle ${path}: no PEM certificate in it`);
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch (e) {
      throw new TlsMaterialError(`CA bundle ${path}: certificate ${i + 1}: ${(e as Error).message}`);
    }
  });
}

/**
 * CRLs are checked here rather than handed to OpenSSL: OpenSSL, once given any CRL, demands one
 * for every CA in every chain (CRL_CHECK_ALL), which would break trust domains that publish none.
 * A CRL is only believed when its signature verifies against a configured CA.
 */
async function loadCrls(paths: readonly string[], cas: readonly X509Certificate[]): Promise<Map<string, Set<string>>> {
  const revoked = new Map<string, Set<string>>();
  for (const path of paths) {
    const blocks = read(path, 'CRL').match(PEM_CRL) ?? [];
    if (blocks.length === 0) throw new TlsMaterialError(`CRL ${path}: no PEM CRL in it`);
    for (const block of blocks) {
      let crl: X509Crl;
      try {
        crl = new X509Crl(block);
      } catch (e) {
        throw new TlsMaterialError(`CRL ${path}: ${(e as Error).message}`);
      }
      let issuer: X509Certificate | undefined;
      for (const ca of cas) {
        const ok = await crl.verify({ publicKey: new ParsedCertificate(ca.raw) }).catch(() => false);
        if (ok) {
          issuer = ca;
          break;
        }
      }
      if (!issuer) throw new TlsMaterialError(`CRL ${path}: not signed by any configured CA`);
      const set = revoked.get(issuer.fingerprint256) ?? new Set<string>();
      for (const e of crl.entries) set.add(normalSerial(e.serialNumber));
      revoked.set(issuer.fingerprint256, set);
    }
  }
  return revoked;
}

/** Reads every file the TLS listener needs; throws TlsMaterialError naming the bad one. */
export async function loadTlsMaterial(cfg: TlsConfig): Promise<TlsMaterial> {
  const cert = read(cfg.cert, 'certificate');
  const key = read(cfg.key, 'key');
  const domains = new Map<string, TrustDomain>();
  const ca: string[] = [];
  for (const td of cfg.trustDomains) {
    const pem = read(td.bundle, 'CA bundle');
    const cas = parseCerts(pem, td.bundle);
    for (const c of cas) if (!c.ca) throw new TlsMaterialError(`CA bundle ${td.bundle}: ${c.subject.replace(/\n/g, ', ')} is not a CA certificate`);
    domains.set(td.name, { name: td.name, cas, fingerprints: new Set(cas.map((c) => c.fingerprint256)) });
    ca.push(...cas.map((c) => c.toString()));
  }
  const revoked = await loadCrls(cfg.crls, [...domains.values()].flatMap((d) => d.cas));
  return { cert, key, ca, trust: { domains, revoked } };
}

/** A cheap signature of the files' state, to notice rotation by polling. */
export function materialStamp(cfg: TlsConfig): string {
  const files = [cfg.cert, cfg.key, ...cfg.trustDomains.map((t) => t.bundle), ...cfg.crls];
  return files
    .map((f) => {
      const s = statSync(f, { throwIfNoEntry: false });
      return s ? `${s.mtimeMs}:${s.size}` : 'missing';
    })
    .join('|');
}
