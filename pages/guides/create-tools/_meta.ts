export default {
  'tool-basics': 'Tool Basics'
}
