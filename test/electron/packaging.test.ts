import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { PlatformPackager, type Configuration } from 'app-builder-lib';
// electron-builder's own configuration loader and schema check (app-builder-lib is its engine,
// pinned by electron-builder to the same version): what `npm run dist` would read and accept.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPEN_EXTENSIONS } from '../../electron/files.js';

const root = path.resolve(__dirname, '..', '..');
// Read as text (no YAML parser among our dependencies): the file keeps one setting per line.
const yml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const setting = (key: string): string | undefined => new RegExp(`^\\s*${key}:\\s*(.+?)\\s*$`, 'm').exec(yml)?.[1];
const section = (name: string): string => new RegExp(`^${name}:\\n((?:[ #].*\\n|\\n)*)`, 'm').exec(yml)?.[1] ?? '';

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('packaging', () => {
  it('names the app and puts packages in release/', () => {
    expect(setting('productName')).toBe('PEM Inspector');
    expect(setting('appId')).toMatch(/^[a-z0-9.-]+$/);
    expect(section('directories')).toMatch(/^\s+output: release$/m);
    expect(section('directories')).toMatch(/^\s+buildResources: build$/m);
    for (const entry of ['package.json', 'dist/electron/**', 'dist/renderer/**']) expect(section('files')).toContain(`- ${entry}\n`);
  });

  it('installs the desktop app under a name other than the command-line tool\'s', () => {
    const bin = Object.keys((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin);
    expect(bin).toEqual(['pem-inspector']);
    expect(setting('executableName')).toBe('pem-inspector-desktop');
  });

  it('builds AppImage + deb, dmg and NSIS', () => {
    expect(section('linux')).toMatch(/^\s+target: \[AppImage, deb\]$/m);
    expect(section('linux')).toMatch(/^\s+Categories: Utility;Security;$/m);
    expect(section('mac')).toMatch(/^\s+target: dmg$/m);
    expect(section('win')).toMatch(/^\s+target: nsis$/m);
  });

  it('associates every certificate, key and keystore extension, one per entry, each with a name and MIME type', () => {
    const lines = section('fileAssociations').split('\n').filter((l) => l.trim().startsWith('- {'));
    const exts = lines.map((l) => /ext: (\w+),/.exec(l)?.[1]).sort();
    // Issue 13: .jks .jceks .keystore .truststore .ppk .jwk, and .jwks and .kubeconfig, which are in real use.
    expect(exts).toEqual(['cer', 'crl', 'crt', 'csr', 'der', 'jceks', 'jks', 'jwk', 'jwks', 'key', 'keystore', 'kubeconfig', 'p12', 'p7b', 'p7c', 'pem', 'pfx', 'ppk', 'truststore']);
    for (const l of lines) {
      expect(l).toMatch(/ name: [^,]+,/);
      expect(l).toMatch(/ mimeType: application\/[a-z0-9.+-]+,/);
    }
  });

  it('main points at the bundled entry', () => {
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).main).toBe('dist/electron/main.cjs');
  });

  it.each([16, 32, 48, 64, 128, 256, 512])('has a %dpx PNG icon', (size) => {
    expect(pngSize(path.join(root, 'build', 'icons', `${size}x${size}.png`))).toEqual([size, size]);
  });

  it('has the 512px icon macOS and Windows packaging convert from', () => {
    expect(pngSize(path.join(root, 'build', 'icon.png'))).toEqual([512, 512]);
  });
});

describe('electron-builder reads the configuration as intended', () => {
  let config: Configuration;
  beforeAll(async () => {
    config = await getConfig(root, null, null);
  }, 120_000);

  it('is electron-builder 26.17.0, the version whose options these are', () => {
    const pkg = (p: string) => JSON.parse(readFileSync(path.join(root, p), 'utf8')) as { version?: string; devDependencies?: Record<string, string> };
    expect(pkg('package.json').devDependencies?.['electron-builder']).toBe('26.17.0');
    expect(pkg('node_modules/electron-builder/package.json').version).toBe('26.17.0');
    expect(pkg('node_modules/app-builder-lib/package.json').version).toBe('26.17.0');
  });

  it('passes electron-builder\'s own schema validation, which rejects an unknown fuse', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNodes: false } } as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
    // Loading electron-builder's schema validator takes seconds on a busy machine.
  }, 120_000);

  it('gives every file association a single extension (electron-builder writes it as one Linux MIME glob)', () => {
    const associations = [config.fileAssociations ?? []].flat();
    expect(associations.length).toBeGreaterThanOrEqual(19);
    for (const a of associations) {
      expect(typeof a.ext).toBe('string');
      expect(a.mimeType).toMatch(/^application\/[a-z0-9.+-]+$/);
      expect(a.role).toBe('Viewer');
      expect(a.rank).toBe('Alternate');
    }
  });

  it('the Open dialog shows every associated extension', () => {
    const associated = [config.fileAssociations ?? []].flat().map((a) => a.ext as string);
    expect(associated.filter((ext) => !OPEN_EXTENSIONS.includes(ext))).toEqual([]);
  });

  it.each([
    { fuse: 'RunAsNode', option: FuseV1Options.RunAsNode, want: false },
    { fuse: 'EnableNodeOptionsEnvironmentVariable', option: FuseV1Options.EnableNodeOptionsEnvironmentVariable, want: false },
    { fuse: 'EnableNodeCliInspectArguments', option: FuseV1Options.EnableNodeCliInspectArguments, want: false },
    { fuse: 'EnableEmbeddedAsarIntegrityValidation', option: FuseV1Options.EnableEmbeddedAsarIntegrityValidation, want: true },
    { fuse: 'OnlyLoadAppFromAsar', option: FuseV1Options.OnlyLoadAppFromAsar, want: true },
    { fuse: 'GrantFileProtocolExtraPrivileges', option: FuseV1Options.GrantFileProtocolExtraPrivileges, want: false },
    { fuse: 'EnableCookieEncryption', option: FuseV1Options.EnableCookieEncryption, want: true },
    { fuse: 'LoadBrowserProcessSpecificV8Snapshot', option: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot, want: false },
  ])('the packaged binary gets fuse $fuse = $want', async ({ option, want }) => {
    // The fuse wire electron-builder hands @electron/fuses when it packages (its own mapping).
    const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig(f: unknown): Promise<Record<number, boolean> & { version: FuseVersion }> }).generateFuseConfig;
    const wire = await generate.call({}, config.electronFuses);
    expect(wire.version).toBe(FuseVersion.V1);
    expect(wire[option]).toBe(want);
  });

  it('packs the app into an ASAR archive, which OnlyLoadAppFromAsar and the integrity check need', () => {
    expect(config.asar).toBe(true);
  });
});
