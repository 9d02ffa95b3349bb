/**
 * `npm run icons`: renders resources/icon.svg into every icon the app and its
 * installers use, under resources/icons/ (or the folder given as the first
 * argument: the unit test renders into a temporary one and compares).
 *   png/<n>x<n>.png  Linux (electron-builder takes the folder; the tray uses 32/64)
 *   icon.png         512 px, for the window and anything that wants one file
 *   icon.ico         Windows (NSIS installer, executable)
 *   icon.icns        macOS (app bundle, dmg)
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { encodeIcns, encodeIco, ICO_SIZES, type SizedPng } from './icons/icon-containers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_SOURCE = join(root, 'resources', 'icon.svg');
export const ICON_DIR = join(root, 'resources', 'icons');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** Every output file (relative to the icon folder) and its bytes. */
export async function renderIcons(svg: Buffer): Promise<Map<string, Buffer>> {
  const pngs: SizedPng[] = [];
  for (const size of PNG_SIZES) {
    // Rendered at the target size's own density, not scaled down from one big raster: small sizes stay sharp.
    const png = await sharp(svg, { density: (72 * size) / 1024 })
      .resize(size, size)
      .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
      .toBuffer();
    pngs.push({ size, png });
  }
  const files = new Map<string, Buffer>();
  for (const { size, png } of pngs) files.set(`png/${size}x${size}.png`, png);
  files.set('icon.png', pngs.find((image) => image.size === 512)!.png);
  files.set('icon.ico', encodeIco(pngs.filter((image) => (ICO_SIZES as readonly number[]).includes(image.size))));
  files.set('icon.icns', encodeIcns(pngs));
  return files;
}

async function main(outDir: string): Promise<void> {
  const files = await renderIcons(await readFile(ICON_SOURCE));
  for (const [name, bytes] of files) {
    const path = join(outDir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }
  console.log(`${files.size} icon files written to ${outDir}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv[2] ?? ICON_DIR);
}
