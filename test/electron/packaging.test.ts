import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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

  it('builds AppImage + deb, dmg and NSIS', () => {
    expect(section('linux')).toMatch(/^\s+target: \[AppImage, deb\]$/m);
    expect(section('linux')).toMatch(/^\s+Categories: Utility;Security;$/m);
    expect(section('mac')).toMatch(/^\s+target: dmg$/m);
    expect(section('win')).toMatch(/^\s+target: nsis$/m);
  });

  it('associates every certificate and key extension, each with a name and MIME type', () => {
    const lines = section('fileAssociations').split('\n').filter((l) => l.trim().startsWith('- {'));
    const exts = lines.flatMap((l) => (/ext: (\[[^\]]*\]|\w+)/.exec(l)?.[1] ?? '').replace(/[[\]]/g, '').split(',').map((e) => e.trim())).sort();
    expect(exts).toEqual(['cer', 'crl', 'crt', 'csr', 'der', 'key', 'p12', 'p7b', 'p7c', 'pem', 'pfx']);
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
