/**
 * zod, for everything in the app: import `z` from here, never from 'zod' (ESLint enforces it).
 *
 * zod 4 compiles fast validators with `new Function`, and its first object schema probes whether
 * it may (`new Function('')`, caught). Under the site's Content-Security-Policy (no
 * 'unsafe-eval') that probe is a violation, which Firefox reports even though zod catches it.
 * Jitless, zod never probes or compiles; our schemas are small, so it costs nothing we can see.
 * Configured here, in the module every schema module imports, so it runs before any schema is
 * made, in the page and in every worker, whatever order the bundles' modules run in.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
