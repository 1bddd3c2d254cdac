// Validate the configuration when the server starts, so a bad variable stops it with a clear message
// instead of failing on the first reader's click.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { getConfig, ConfigError } = await import('./lib/config')
  try {
    const config = getConfig()
    console.log(`Atlassian playground: ${config.mode} mode${config.mode === 'live' && config.arcadeBaseUrl ? ` (Arcade at ${config.arcadeBaseUrl})` : ''}`)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
}
