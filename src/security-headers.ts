/**
 * The Content-Security-Policy and companion headers, sent as HTTP headers (a <meta> CSP does not
 * cover workers). `connect-src 'self'` is the narrowest that still lets the page fetch its own
 * wasm; nothing may be loaded from, or sent to, any other origin. public/_headers carries the same
 * values for static hosts, and a unit test keeps the two in step.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // A streamed download starts as a hidden frame's navigation to this site, which the app's own
  // service worker answers (src/ui/streamed-download.ts).
  "frame-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};
