#!/usr/bin/env node
// Draws the app icon (the same shapes as build/icon.svg) into PNGs with only Node: a few
// signed-distance shapes, 4×4 supersampling, and a minimal PNG encoder. Run after changing
// the design: `node build/make-icons.mjs` → build/icon.png (512) and build/icons/NxN.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZES = [16, 32, 48, 64, 128, 256, 512];

// Shapes in a 512×512 design space, painted in order (later on top).
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const qx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const hex = (s) => [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16));

const SHAPES = [
  { sdf: roundRect(32, 32, 480, 480, 96), color: (_x, y) => mix(hex('#3b74c4'), hex('#1d4580'), (y - 32) / 448) },
  { sdf: roundRect(136, 92, 376, 412, 22), color: () => hex('#f6f8fb') },
  { sdf: roundRect(176, 150, 336, 168, 9), color: () => hex('#8aa2bd') },
  { sdf: roundRect(176, 196, 316, 214, 9), color: () => hex('#8aa2bd') },
  { sdf: roundRect(176, 242, 290, 260, 9), color: () => hex('#8aa2bd') },
  { sdf: circle(332, 358, 66), color: () => hex('#b9770e') },
  { sdf: circle(332, 358, 50), color: () => hex('#f2b632') },
  { sdf: circle(332, 358, 22), color: () => hex('#b9770e') },
];

function mix(a, b, t) {
  const k = Math.min(1, Math.max(0, t));
  return a.map((v, i) => v + (b[i] - v) * k);
}

function render(size) {
  const px = new Uint8Array(size * size * 4);
  const scale = 512 / size;
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let pxl = 0; pxl < size; pxl++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (pxl + (sx + 0.5) / n) * scale;
          const y = (py + (sy + 0.5) / n) * scale;
          let c;
          for (const s of SHAPES) if (s.sdf(x, y) <= 0) c = s.color(x, y);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const o = (py * size + pxl) * 4;
      // Colours are averaged over covered samples only (straight alpha), coverage becomes alpha.
      px[o] = a ? Math.round(r / a) : 0;
      px[o + 1] = a ? Math.round(g / a) : 0;
      px[o + 2] = a ? Math.round(b / a) : 0;
      px[o + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

mkdirSync(path.join(here, 'icons'), { recursive: true });
for (const size of SIZES) {
  const png = encodePng(size, render(size));
  writeFileSync(path.join(here, 'icons', `${size}x${size}.png`), png);
  if (size === 512) writeFileSync(path.join(here, 'icon.png'), png);
}
console.log(`wrote build/icon.png and build/icons/{${SIZES.map((s) => `${s}x${s}`).join(',')}}.png`);
