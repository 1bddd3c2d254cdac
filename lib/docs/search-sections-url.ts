/** Where the build puts the search's sections for the browser (scripts/build-markdown.ts writes it into public/). */
export const SEARCH_SECTIONS_URL = '/search-sections.json'
