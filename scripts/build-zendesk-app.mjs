// Builds the Zendesk ticket_sidebar app from www/zendesk-app and the sidebar bundle in dist/:
// dist/zendesk-app/ (the app folder, as `zcli apps:server` serves it) and
// dist/handoff-zendesk-app.zip (what `zcli apps:create` uploads). Run after webpack.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { deflateRawSync, deflateSync, crc32 } from 'node:zlib';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SRC = path.join(ROOT, 'www/zendesk-app');
const DIST = path.join(ROOT, 'dist');
const OUT = path.join(DIST, 'zendesk-app');

/** A solid square PNG with a lighter inner square: the app's logo, made without image tools. */
export function logoPng(size) {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const inner = x > size / 4 && x < (3 * size) / 4 && y > size / 4 && y < (3 * size) / 4;
      const o = y * (size * 3 + 1) + 1 + x * 3;
      [raw[o], raw[o + 1], raw[o + 2]] = inner ? [0xf0, 0xa5, 0x00] : [0x23, 0x46, 0xb0];
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A zip archive (deflate) of `files`: [{name, data}]. */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBuf = Buffer.from(name);
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function main() {
  const bundle = readdirSync(DIST).find((f) => /^sidebar\.[0-9a-f]+\.js$/.test(f) || f === 'sidebar.js');
  if (!bundle) throw new Error('no sidebar bundle in dist/: run webpack --mode production first');
  const iframe = readFileSync(path.join(SRC, 'iframe.html'), 'utf8').replace('SIDEBAR_BUNDLE', bundle);
  const files = [
    { name: 'manifest.json', data: readFileSync(path.join(SRC, 'manifest.json')) },
    { name: 'translations/en.json', data: readFileSync(path.join(SRC, 'translations/en.json')) },
    { name: 'assets/iframe.html', data: Buffer.from(iframe) },
    { name: `assets/${bundle}`, data: readFileSync(path.join(DIST, bundle)) },
    { name: 'assets/logo.png', data: logoPng(320) },
    { name: 'assets/logo-small.png', data: logoPng(128) },
  ];
  rmSync(OUT, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(path.dirname(path.join(OUT, f.name)), { recursive: true });
    writeFileSync(path.join(OUT, f.name), f.data);
  }
  const archive = path.join(DIST, 'handoff-zendesk-app.zip');
  writeFileSync(archive, zip(files));
  console.log(`zendesk app: ${OUT}/ and ${archive} (${files.length} files)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
