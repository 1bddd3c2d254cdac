export default {
  atlassian: 'Atlassian'
}
