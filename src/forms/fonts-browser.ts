import boldUrl from './font-files/LiberationSerif-Bold.ttf?url';
import regularUrl from './font-files/LiberationSerif-Regular.ttf?url';
import type { FormFonts } from './fonts';

/**
 * The court papers' fonts in the browser: Vite copies the .ttf files into the build and these
 * URLs point at the app's own origin (and its offline cache), so making forms requests nothing
 * from anywhere else. Fetched once per worker and kept: the same bytes serve every motion, which
 * also lets embedFormFonts reuse the parsed font.
 */
let loading: Promise<FormFonts> | undefined;

export function browserFormFonts(): Promise<FormFonts> {
  loading ??= Promise.all([fetchFont(regularUrl), fetchFont(boldUrl)]).then(([regular, bold]) => ({
    regular,
    bold,
  }));
  // A failed fetch (offline before the cache was filled) may succeed on the next try.
  loading.catch(() => (loading = undefined));
  return loading;
}

async function fetchFont(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load the font ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
