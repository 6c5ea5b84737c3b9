import { generateKeyPairSync } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashBytes } from '../../src/release/hash-file.js';
import { type Manifest, manifestSchema } from '../../src/release/manifest-format.js';
import { runDoppel, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from '../cli/run-doppel.js';

const dir = temporaryDirectory();
const plainModel = join(dir, 'telco.model.json');
const dpModel = join(dir, 'telco.dp.model.json');

function release(model: string, out: string, extra: readonly string[] = []) {
  return runDoppel([
    'release',
    model,
    '--rows',
    '5000',
    '--seed',
    '11',
    '--out',
    out,
    '--purpose',
    'churn model research',
    '--expires',
    '2099-12-31',
    '--recipient',
    'Acme Analytics',
    '--licence',
    'DSA-2026-014',
    '--permitted-use',
    'training churn models',
    '--permitted-use',
    'teaching',
    '--quiet',
    ...extra,
  ]);
}

function readManifest(bundle: string): Manifest {
  return manifestSchema.parse(JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')));
}

/** A fresh copy of the good bundle to damage. */
function copyOf(bundle: string, name: string): string {
  const copy = join(dir, name);
  cpSync(bundle, copy, { recursive: true });
  return copy;
}

describe('doppel release and doppel verify', () => {
  const bundle = join(dir, 'bundle');

  beforeAll(() => {
    const fit = runDoppel(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', plainModel]);
    expect(fit.code, fit.stderr).toBe(0);
    const made = release(plainModel, bundle);
    expect(made.code, made.stderr).toBe(0);
  });

  it('writes data.arrow and a manifest that validates against its schema and describes the release', () => {
    expect(readdirSync(bundle).sort()).toEqual(['data.arrow', 'manifest.json']);
    const manifest = readManifest(bundle);
    expect(manifest).toMatchObject({
      purpose: 'churn model research',
      permittedUses: ['training churn models', 'teaching'],
      recipient: 'Acme Analytics',
      licence: 'DSA-2026-014',
      expires: '2099-12-31',
      rows: 5000,
      seed: 11,
      dataset: { name: 'telco', schemaFile: null },
      generator: { name: 'doppel' },
      privacy: { differentialPrivacy: false, epsilon: 'none', delta: 'none' },
      validation: null,
    });
    const data = readFileSync(join(bundle, 'data.arrow'));
    expect(manifest.files).toEqual([
      { path: 'data.arrow', role: 'data', rows: 5000, bytes: data.length, sha256: hashBytes(data) },
    ]);
    expect(manifest.model.sha256).toBe(hashBytes(readFileSync(plainModel)));
    expect(manifest.created).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // no staging directory is left beside the bundle
    expect(readdirSync(dir).filter((name) => name.startsWith('.doppel-tmp'))).toEqual([]);
  });

  it('verifies an intact bundle and says in words what it is', () => {
    const result = runDoppel(['verify', bundle, '--today', '2030-01-01']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('For: Acme Analytics');
    expect(result.stdout).toContain('Purpose: churn model research');
    expect(result.stdout).toContain('May be used until: 2099-12-31');
    expect(result.stdout).toContain('Differential privacy: none');
    expect(result.stdout).toContain('Validation: none was run');
    expect(result.stdout).toMatch(/^OK: /m);
    // No privacy check is recorded, so verify must not vouch for the data, and says what the hashes are worth.
    expect(result.stdout).not.toMatch(/no real customer/);
    expect(result.stdout).toContain('NOT CHECKED for privacy');
    expect(result.stdout).toMatch(/unsigned bundle only detects accidental change/i);
    expect(readManifest(bundle).privacyCheck).toEqual({
      status: 'not-run',
      note: 'released without validation: no privacy test was run',
    });
  });

  it('warns when releasing without validation or a signature', () => {
    const out = join(dir, 'warned');
    const made = release(plainModel, out);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/warning: released without validation/);
    expect(made.stderr).toMatch(/warning: the bundle is not signed/);
  });

  it('fails with exit 4, naming the file, when one byte of data.arrow changed', () => {
    const copy = copyOf(bundle, 'one-byte');
    const path = join(copy, 'data.arrow');
    const bytes = readFileSync(path);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0x01;
    writeFileSync(path, bytes);
    const result = runDoppel(['verify', copy, '--today', '2030-01-01']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/altered \(data\.arrow\)/);
    expect(result.stderr).toContain('at data.arrow: contents changed');
  });

  it('fails when a listed file is missing or an unlisted file was added', () => {
    const missing = copyOf(bundle, 'missing');
    rmSync(join(missing, 'data.arrow'));
    const gone = runDoppel(['verify', missing, '--today', '2030-01-01']);
    expect(gone.code).toBe(4);
    expect(gone.stderr).toContain('at data.arrow: listed in the manifest but missing');

    const extra = copyOf(bundle, 'extra');
    writeFileSync(join(extra, 'more.csv'), 'id\n1\n');
    const added = runDoppel(['verify', extra, '--today', '2030-01-01']);
    expect(added.code).toBe(4);
    expect(added.stderr).toContain('at more.csv: file not listed in the manifest');

    const grown = copyOf(bundle, 'grown');
    appendFileSync(join(grown, 'data.arrow'), 'x');
    const longer = runDoppel(['verify', grown, '--today', '2030-01-01']);
    expect(longer.code).toBe(4);
    expect(longer.stderr).toContain('at data.arrow: size changed');
  });

  it('fails with exit 5 when the bundle has expired, and not on its last day', () => {
    const lastDay = runDoppel(['verify', bundle, '--today', '2099-12-31']);
    expect(lastDay.code, lastDay.stderr).toBe(0);
    const after = runDoppel(['verify', bundle, '--today', '2100-01-01']);
    expect(after.code).toBe(5);
    expect(after.stderr).toContain('expired: it could be used until 2099-12-31 and today is 2100-01-01');
  });

  it('refuses a non-empty output directory and a past expiry (exit 2)', () => {
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const nonEmpty = release(plainModel, full);
    expect(nonEmpty.code).toBe(2);
    expect(nonEmpty.stderr).toContain('is not empty');
    expect(readdirSync(full)).toEqual(['keep.txt']);

    const past = release(plainModel, join(dir, 'past'), ['--today', '2100-01-01']);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('--expires 2099-12-31 is in the past');
    expect(existsSync(join(dir, 'past'))).toBe(false);

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(release(plainModel, empty).code).toBe(0);
    expect(readdirSync(empty).sort()).toEqual(['data.arrow', 'manifest.json']);
  });

  it('records epsilon and delta of a differentially private model', () => {
    const fit = runDoppel(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '--epsilon', '1', '-o', dpModel]);
    expect(fit.code, fit.stderr).toBe(0);
    const dpBundle = join(dir, 'dp-bundle');
    expect(release(dpModel, dpBundle).code).toBe(0);
    const manifest = readManifest(dpBundle);
    expect(manifest.privacy).toMatchObject({ differentialPrivacy: true, epsilon: 1 });
    if (manifest.privacy.differentialPrivacy) {
      expect(manifest.privacy.spent.epsilon).toBeLessThanOrEqual(1 + 1e-9);
    }
    const verified = runDoppel(['verify', dpBundle, '--today', '2030-01-01']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/Differential privacy: \(ε = 1, δ = /);
  });
});

describe('doppel release with validation', () => {
  const split = join(dir, 'split');
  const train = join(split, 'telco_churn.train.csv');
  const holdout = join(split, 'telco_churn.holdout.csv');
  const model = join(dir, 'train.model.json');

  beforeAll(() => {
    expect(runDoppel(['split', TELCO_CSV, '--holdout', '0.3', '--seed', '7', '--out-dir', split]).code).toBe(
      0,
    );
    expect(runDoppel(['fit', train, '--schema', TELCO_SCHEMA, '-o', model]).code).toBe(0);
  });

  const validation = ['--real', train, '--holdout', holdout, '--schema', TELCO_SCHEMA];

  it('puts the quality scores, privacy figures and policy verdict into the manifest', () => {
    const out = join(dir, 'validated');
    const result = release(model, out, [...validation, '--policy', 'schemas/default-policy.json']);
    expect(result.code, result.stderr).toBe(0);
    const manifest = readManifest(out);
    expect(manifest.dataset.schemaFile).toEqual({
      name: 'telco.json',
      sha256: hashBytes(readFileSync(TELCO_SCHEMA)),
    });
    expect(manifest.validation?.quality.overall).toBeGreaterThan(0.8);
    expect(manifest.validation?.privacy?.['dcrOverfittingProtection']).toBeTypeOf('number');
    expect(manifest.validation?.policy).toEqual({ name: 'doppel default', passed: true, failed: [] });
    const verified = runDoppel(['verify', out, '--today', '2030-01-01']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('release policy "doppel default": PASSED');
  });

  it('exits 3 and writes nothing under the bundle name when the policy fails', () => {
    const policy = join(dir, 'strict-policy.json');
    writeFileSync(
      policy,
      JSON.stringify({ name: 'impossible', rules: [{ figure: 'quality.overallAllPairs', min: 0.9999 }] }),
    );
    const parent = join(dir, 'gated');
    mkdirSync(parent);
    const out = join(parent, 'bundle');
    const result = release(model, out, [...validation, '--policy', policy]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('release policy "impossible" failed on quality.overallAllPairs');
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('signed release bundles (Ed25519)', () => {
  const keys = join(dir, 'keys');
  const privateKey = join(keys, 'release.key');
  const publicKey = join(keys, 'release.pub');
  const otherPublicKey = join(keys, 'other.pub');
  const signed = join(dir, 'signed');

  beforeAll(() => {
    mkdirSync(keys, { recursive: true });
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(privateKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(publicKey, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    const other = generateKeyPairSync('ed25519');
    writeFileSync(otherPublicKey, other.publicKey.export({ type: 'spki', format: 'pem' }));
    if (!existsSync(plainModel)) {
      expect(runDoppel(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', plainModel]).code).toBe(0);
    }
    const made = release(plainModel, signed, ['--sign-key', privateKey]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).not.toMatch(/not signed/);
  });

  it('writes manifest.sig and verifies with the public key', () => {
    expect(readdirSync(signed).sort()).toEqual(['data.arrow', 'manifest.json', 'manifest.sig']);
    const result = runDoppel(['verify', signed, '--public-key', publicKey, '--today', '2030-01-01']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Signature: valid Ed25519 signature/);
    expect(result.stdout).toMatch(/^OK: .*signed by the given key/m);
    // Without the key, verify says it is signed but unchecked.
    const unchecked = runDoppel(['verify', signed, '--today', '2030-01-01']);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toMatch(/NOT checked: pass the sender's public key/);
  });

  it('fails with exit 4 when the expiry was edited by hand, even with every hash intact', () => {
    const copy = copyOf(signed, 'edited-expiry');
    const path = join(copy, 'manifest.json');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('"expires": "2099-12-31"', '"expires": "2199-12-31"'),
    );
    expect(readManifest(copy).expires).toBe('2199-12-31');
    // The unsigned check cannot tell: the files still match their hashes.
    expect(runDoppel(['verify', copy, '--today', '2030-01-01']).code).toBe(0);
    const result = runDoppel(['verify', copy, '--public-key', publicKey, '--today', '2030-01-01']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/manifest\.json/);
    expect(result.stdout).toMatch(/Signature: INVALID \(manifest\.json was changed after it was signed\)/);
  });

  it('fails with exit 4 for another key, a removed signature, and exit 2 for a key that is not Ed25519', () => {
    const other = runDoppel(['verify', signed, '--public-key', otherPublicKey, '--today', '2030-01-01']);
    expect(other.code).toBe(4);
    expect(other.stdout).toMatch(/signed with another key/);
    const stripped = copyOf(signed, 'stripped');
    rmSync(join(stripped, 'manifest.sig'));
    const unsigned = runDoppel(['verify', stripped, '--public-key', publicKey, '--today', '2030-01-01']);
    expect(unsigned.code).toBe(4);
    expect(unsigned.stdout).toMatch(/the bundle is not signed/);
    const rsa = join(keys, 'rsa.key');
    const { privateKey: rsaKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(rsa, rsaKey.export({ type: 'pkcs8', format: 'pem' }));
    const refused = release(plainModel, join(dir, 'rsa-signed'), ['--sign-key', rsa]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not an Ed25519 private key \(PEM, PKCS#8\): it is a rsa key/);
    expect(existsSync(join(dir, 'rsa-signed'))).toBe(false);
  });
});
