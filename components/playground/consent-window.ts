/** The size of the window the panel opens for consent (window.open's features); the consent page is laid out for it. */
export const CONSENT_WINDOW = { width: 560, height: 760 } as const

export const CONSENT_WINDOW_FEATURES = `popup,width=${CONSENT_WINDOW.width},height=${CONSENT_WINDOW.height}`
