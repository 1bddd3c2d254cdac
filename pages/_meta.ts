export default {
  index: 'Introduction',
  'auth-providers': 'Auth Providers',
  'get-started': 'Get Started',
  guides: 'Guides',
  references: 'References',
  sandbox: 'The sandbox',
  troubleshooting: 'Troubleshooting'
}
