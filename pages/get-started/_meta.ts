export default {
  'about-arcade': 'About Arcade'
}
