// The renderer's Content-Security-Policy, shared by the Electron shell and the web host.
// AG Grid's theme injects styles and uses data: fonts/images (ARCHITECTURE.md, measured facts).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
