/** Pixel counts of a screenshot, to tell a page with plots from a blank or broken one. */
import { PNG } from 'pngjs';

export interface PixelStatistics {
  readonly pixels: number;
  /** Distinct colours after dropping each channel's low 3 bits (antialiasing noise). */
  readonly distinctColours: number;
  /** Share of pixels that are not (near) white or the page's light grey background. */
  readonly inkShare: number;
  /** Pixels whose colour is within `tolerance` of each probe colour, per probe. */
  readonly matches: Record<string, number>;
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

export function pixelStatistics(
  png: Buffer,
  probes: Record<string, string> = {},
  tolerance = 40,
): PixelStatistics {
  const { data, width, height } = PNG.sync.read(png);
  const colours = new Set<number>();
  const targets = Object.entries(probes).map(([name, hex]) => [name, rgb(hex)] as const);
  const matches: Record<string, number> = Object.fromEntries(targets.map(([name]) => [name, 0]));
  let ink = 0;
  for (let i = 0; i < width * height; i++) {
    const r = data[i * 4]!;
    const g = data[i * 4 + 1]!;
    const b = data[i * 4 + 2]!;
    colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    if (Math.min(r, g, b) < 235) ink++;
    for (const [name, [tr, tg, tb]] of targets) {
      if (Math.abs(r - tr) + Math.abs(g - tg) + Math.abs(b - tb) <= tolerance) matches[name]!++;
    }
  }
  return { pixels: width * height, distinctColours: colours.size, inkShare: ink / (width * height), matches };
}
