export default {
  'auth-providers': 'Auth Providers'
}
