// Webpack pre-loader for MDX pages: registers each snippet file a page names as a dependency, so an
// edited snippet rebuilds the page (dev reload and the persistent build cache) although the MDX is unchanged.
const path = require('node:path')

const SNIPPET_META = /(?:^|\s)filename="(snippets\/[^"]+)"/gm

module.exports = function snippetDeps(source) {
  for (const [, rel] of source.matchAll(SNIPPET_META)) {
    this.addDependency(path.join(this.rootContext, rel))
  }
  return source
}
