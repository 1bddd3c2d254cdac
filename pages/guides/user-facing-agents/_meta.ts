export default {
  'secure-auth-production': 'Secure Auth in Production'
}
