// The reader's own text inside the panel's sentences (ignored link values, queries, site names) is wrapped in
// Unicode's first-strong isolate (U+2068 … U+2069): a right-to-left mark or an override such as U+202E in it
// then stays inside it, instead of reversing the rest of the sentence (Unicode Bidirectional Algorithm, UAX #9).
const FIRST_STRONG_ISOLATE = '\u2068'
const POP_DIRECTIONAL_ISOLATE = '\u2069'

/** `text`, isolated from the sentence around it. */
export function isolate(text: string): string {
  return `${FIRST_STRONG_ISOLATE}${text}${POP_DIRECTIONAL_ISOLATE}`
}
