export default {
  'user-facing-agents': 'User-facing Agents',
  'create-tools': 'Create Tools'
}
