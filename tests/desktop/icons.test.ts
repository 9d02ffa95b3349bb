/**
 * The committed icon set is what `npm run icons` makes from resources/icon.svg
 * (so a changed source without re-running the script fails here), and every
 * file is a real image of the size its name or container entry states.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ICON_DIR, ICON_SOURCE, PNG_SIZES, renderIcons } from '../../scripts/make-icons';
import { decodeIcns, decodeIco, encodeIco, ICNS_TYPES } from '../../scripts/icons/icon-containers';

async function pngSize(png: Buffer): Promise<{ width?: number; height?: number; format?: string }> {
  const { width, height, format } = await sharp(png).metadata();
  return { width, height, format };
}

describe('app icons', () => {
  it('the committed files are exactly what the script renders from the source image', async () => {
    const rendered = await renderIcons(await readFile(ICON_SOURCE));
    expect([...rendered.keys()].sort()).toEqual(['icon.icns', 'icon.ico', 'icon.png', ...PNG_SIZES.map((n) => `png/${n}x${n}.png`)].sort());
    for (const [name, bytes] of rendered) {
      const committed = await readFile(join(ICON_DIR, name));
      expect(committed.equals(bytes), `${name} differs from the script's output: run npm run icons and commit`).toBe(true);
    }
  });

  it('each Linux PNG is a PNG of the size in its name', async () => {
    for (const size of PNG_SIZES) {
      expect(await pngSize(await readFile(join(ICON_DIR, 'png', `${size}x${size}.png`)))).toEqual({ width: size, height: size, format: 'png' });
    }
    expect(await pngSize(await readFile(join(ICON_DIR, 'icon.png')))).toEqual({ width: 512, height: 512, format: 'png' });
  });

  it('the ICO holds 16 to 256 px images, each a PNG of the size its directory entry states', async () => {
    const entries = decodeIco(await readFile(join(ICON_DIR, 'icon.ico')));
    expect(entries.map((entry) => entry.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const { size, png } of entries) expect(await pngSize(png)).toEqual({ width: size, height: size, format: 'png' });
  });

  it('the ICNS holds every PNG slot from 16 to 1024 px, each of its type’s size', async () => {
    const entries = decodeIcns(await readFile(join(ICON_DIR, 'icon.icns')));
    expect(entries.map((entry) => entry.type)).toEqual(ICNS_TYPES.map((slot) => slot.type));
    for (const { type, data } of entries) {
      const size = ICNS_TYPES.find((slot) => slot.type === type)!.size;
      expect(await pngSize(data), type).toEqual({ width: size, height: size, format: 'png' });
    }
  });

  it('refuses an ICO entry size the format cannot state', () => {
    expect(() => encodeIco([{ size: 512, png: Buffer.alloc(1) }])).toThrow(/cannot be 512×512/);
  });
});
