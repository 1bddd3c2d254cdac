export default {
  index: 'Introduction',
  'auth-providers': 'Auth Providers',
  'get-started': 'Get Started',
  guides: 'Guides',
  references: 'References',
  sandbox: 'The sandbox',
  'setup-check': 'Setup check',
  troubleshooting: 'Troubleshooting'
}
