// A highlighted code block is hundreds of coloured <span>s that never change after the build. As JSX, each one is
// a React element that the page chunk carries and hydration walks. This recma step (it runs after Nextra's
// rehype-pretty-code, which rehype plugins cannot follow) turns a block's token spans into one HTML string on its
// <code> (dangerouslySetInnerHTML). The server HTML is the same; Nextra's copy button reads the DOM's textContent,
// so it copies the same text.
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

/** Rewrites, in place, each `<pre><code>…</code></pre>` whose content is static into one HTML string. */
export default function recmaStaticCode() {
  return (tree) => {
    visit(tree, (node) => {
      if (!isComponent(node, 'pre')) return
      for (const code of node.children) {
        if (!isComponent(code, 'code') || code.children.length === 0) continue
        const children = code.children.map(toHast)
        if (children.includes(undefined)) continue
        code.openingElement.attributes.push(innerHtmlAttribute(toHtml({ type: 'root', children })))
        code.children = []
      }
    })
  }
}
