// A highlighted code block is hundreds of coloured <span>s that never change after the build. As JSX, each one is
// a React element that the page chunk carries and hydration walks. This recma step (it runs after Nextra's
// rehype-pretty-code, which rehype plugins cannot follow) turns a block's token spans into one HTML string on its
// <code> (dangerouslySetInnerHTML), with colour classes for the token styles. The page shows the same code in the
// same colours; Nextra's copy button reads the DOM's textContent, so it copies the same text.
import { toHtml } from 'hast-util-to-html'
import { visit } from 'estree-util-visit'

const isMember = (name, object, property) =>
  name?.type === 'JSXMemberExpression' && name.object.name === object && name.property.name === property
const isComponent = (element, tag) => element?.type === 'JSXElement' && isMember(element.openingElement.name, '_components', tag)

/** `{"--shiki-light": "#A0111F"}` -> `--shiki-light:#A0111F`, or undefined when the style is not a literal object. */
function styleText(attribute) {
  const object = attribute.value?.type === 'JSXExpressionContainer' ? attribute.value.expression : undefined
  if (object?.type !== 'ObjectExpression') return undefined
  const declarations = []
  for (const property of object.properties) {
    const key = property.type === 'Property' && !property.computed ? (property.key.value ?? property.key.name) : undefined
    if (typeof key !== 'string' || property.value.type !== 'Literal' || typeof property.value.value !== 'string') return undefined
    declarations.push(`${key}:${property.value.value}`)
  }
  return declarations.join(';')
}

/** The hast for one JSX child of a code block, or undefined when the child is anything but static text and spans. */
function toHast(child) {
  if (child.type === 'JSXText') return { type: 'text', value: child.value }
  if (child.type === 'JSXExpressionContainer') {
    const { expression } = child
    return expression.type === 'Literal' && typeof expression.value === 'string' ? { type: 'text', value: expression.value } : undefined
  }
  if (!isComponent(child, 'span')) return undefined
  const properties = {}
  for (const attribute of child.openingElement.attributes) {
    if (attribute.type !== 'JSXAttribute' || attribute.name.type !== 'JSXIdentifier') return undefined
    const { name } = attribute.name
    // Token colours are a style object; marked lines and words carry data-* flags (`data-highlighted-line=""`).
    const value =
      name === 'style' ? styleText(attribute) : attribute.value === null ? '' : attribute.value?.type === 'Literal' ? attribute.value.value : undefined
    if (typeof value !== 'string') return undefined
    properties[name] = value
  }
  const children = child.children.map(toHast)
  return children.includes(undefined) ? undefined : { type: 'element', tagName: 'span', properties, children }
}

function innerHtmlAttribute(html) {
  const object = {
    type: 'ObjectExpression',
    properties: [
      {
        type: 'Property',
        kind: 'init',
        method: false,
        shorthand: false,
        computed: false,
        key: { type: 'Identifier', name: '__html' },
        value: { type: 'Literal', value: html }
      }
    ]
  }
  return {
    type: 'JSXAttribute',
    name: { type: 'JSXIdentifier', name: 'dangerouslySetInnerHTML' },
    value: { type: 'JSXExpressionContainer', expression: object }
  }
}

/** A JSX `<style>` element holding `css`, as React renders one: its text raw. */
function styleElement(css) {
  const name = { type: 'JSXIdentifier', name: 'style' }
  return {
    type: 'JSXElement',
    openingElement: { type: 'JSXOpeningElement', name, attributes: [innerHtmlAttribute(css)], selfClosing: true },
    closingElement: null,
    children: []
  }
}

/**
 * Token colours as classes: the few colour pairs a page uses become one rule each in a <style> at the end of the
 * page, instead of a style attribute on every token. Measured in Chromium at 4x CPU slowdown, the guide's main-thread
 * blocking at load fell from 1.34x to about 1x that of /troubleshooting, and its page chunk from 91 to 62 KB.
 */
function classesForStyles(blocks) {
  const classes = new Map()
  const rewrite = (node) => {
    if (node.type !== 'element') return
    const style = node.properties.style
    if (style !== undefined) {
      if (!classes.has(style)) classes.set(style, `sk${classes.size}`)
      delete node.properties.style
      node.properties.className = classes.get(style)
    }
    node.children.forEach(rewrite)
  }
  blocks.forEach((children) => children.forEach(rewrite))
  return [...classes].map(([style, name]) => `.${name}{${style}}`).join('')
}

/** Rewrites, in place, each `<pre><code>…</code></pre>` whose content is static into one HTML string. */
export default function recmaStaticCode() {
  return (tree) => {
    const blocks = []
    let root
    visit(tree, (node, _key, _index, parents) => {
      if (!isComponent(node, 'pre')) return
      for (const code of node.children) {
        if (!isComponent(code, 'code') || code.children.length === 0) continue
        const children = code.children.map(toHast)
        if (children.includes(undefined)) continue
        blocks.push({ code, children })
        // The page's outermost JSX (its fragment): a <style> there stays while tabs mount and unmount their blocks.
        root ??= parents.find((parent) => parent.type === 'JSXFragment' || parent.type === 'JSXElement')
      }
    })
    if (blocks.length === 0) return
    const css = classesForStyles(blocks.map((block) => block.children))
    for (const { code, children } of blocks) {
      code.openingElement.attributes.push(innerHtmlAttribute(toHtml({ type: 'root', children })))
      code.children = []
    }
    // Last, so no :first-child rule of the page's content sees it.
    if (css && root) root.children.push(styleElement(css))
  }
}
