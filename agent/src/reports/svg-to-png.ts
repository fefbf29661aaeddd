// SVG → PNG with resvg (the optional npm package @resvg/resvg-js: a prebuilt binary per platform, no system
// libraries). Absent (e.g. installed with --omit=optional, or a platform without a prebuilt binary): no PNG, and
// the caller says why.
import { createRequire } from 'node:module';

interface ResvgModule {
  Resvg: new (svg: string, options?: { background?: string; fitTo?: { mode: 'zoom'; value: number }; font?: { loadSystemFonts?: boolean; defaultFontFamily?: string } }) => {
    render(): { asPng(): Buffer };
  };
}

export const PNG_PACKAGE = '@resvg/resvg-js';
export const PNG_MISSING = `${PNG_PACKAGE} is not installed (an optional dependency of @qflow/agent): npm install -w agent ${PNG_PACKAGE}@2.6.2`;

let cached: ResvgModule | null | undefined;

function loadResvg(): ResvgModule | null {
  if (cached === undefined) {
    try {
      cached = createRequire(import.meta.url)(PNG_PACKAGE) as ResvgModule;
    } catch {
      cached = null;
    }
  }
  return cached;
}

/** The SVG rasterized at `scale` (2 = twice the SVG's pixel size), or null when the rasterizer is not installed. */
export function svgToPng(svg: string, scale = 2): Buffer | null {
  const resvg = loadResvg();
  if (!resvg) return null;
  return new resvg.Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
    .render().asPng();
}
