export default {
  index: 'Introduction',
  'auth-providers': 'Auth Providers',
  'get-started': 'Get Started',
  guides: 'Guides',
  references: 'References',
  sandbox: 'The sandbox',
  'setup-check': 'Setup check',
  troubleshooting: 'Troubleshooting',
  // The not-found page: in the site's layout, but not a page of the site's navigation.
  '404': { display: 'hidden', theme: { breadcrumb: false, toc: false, pagination: false } }
}
