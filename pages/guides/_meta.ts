export default {
  index: 'Overview',
  'user-facing-agents': 'User-facing Agents',
  'create-tools': 'Create Tools'
}
