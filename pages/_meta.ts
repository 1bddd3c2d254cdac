export default {
  index: 'Introduction',
  'auth-providers': 'Auth Providers',
  troubleshooting: 'Troubleshooting'
}
