/**
 * The site's icon: public/favicon.svg is this file's text (a unit test keeps the two equal), and the sandbox's
 * consent page inlines it, since the standalone sandbox serves no /favicon.
 */
export const SITE_ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0052cc"/><path d="M9 23 16 8l7 15h-4.2L16 16.6 13.2 23z" fill="#fff"/></svg>'

/** The icon as a data: URL, for pages whose Content-Security-Policy allows `img-src data:`. */
export const SITE_ICON_DATA_URL = `data:image/svg+xml,${encodeURIComponent(SITE_ICON_SVG)}`
