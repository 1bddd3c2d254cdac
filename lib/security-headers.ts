/**
 * The security headers every response carries (set by lib/server/site-server.ts on every answer, Next's included). Pages are prerendered, so a per-request
 * nonce is impossible; the two inline scripts Nextra's theme writes into every page are allowed by hash instead.
 */

/** The inline scripts of every page, as `'sha256-…'` sources. Re-derive with `node scripts/inline-script-hashes.mjs` after a build. */
export const INLINE_SCRIPT_HASHES = [
  // next-themes (via nextra-theme-docs): sets the light/dark class before first paint.
  "'sha256-cd+HpnSsLaEz1lKWBNn+k+xOe1m2p5ZgfjoyNvHy9eU='",
  // nextra-theme-docs: document.documentElement.setAttribute('dir','ltr')
  "'sha256-iX9LRPdLBV4jlGfQ+1qGl2+8iQlVITwJKum0Gqg4bTQ='"
]

/** The policy for HTML pages. Development adds what Next's dev server needs (eval'd modules, HMR socket). */
export function pageContentSecurityPolicy(development: boolean): string {
  const scripts = development ? ["'self'", "'unsafe-eval'", "'unsafe-inline'"] : ["'self'", ...INLINE_SCRIPT_HASHES]
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    // Nextra and next-themes insert <style> elements and style attributes at run time; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'"
  ].join('; ')
}

/** API answers are JSON or the verifier's small self-contained page (one inline <style>, no script). */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/** Two years, subdomains included: sent only over HTTPS (browsers ignore it over plain HTTP anyway). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains'

/** `https` by the proxy-header rule (lib/proxy-headers.ts). */
export function securityHeaders(pathname: string, development: boolean, https = false): Record<string, string> {
  return {
    ...(https ? { 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY } : {}),
    'Content-Security-Policy': pathname.startsWith('/api/') ? API_CONTENT_SECURITY_POLICY : pageContentSecurityPolicy(development),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // For browsers without frame-ancestors.
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()'
  }
}
