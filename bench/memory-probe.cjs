// Preloaded into the benchmarked site (NODE_OPTIONS=--require): on SIGUSR2, collect garbage and print the
// process's memory on one line, so bench/public-memory.ts can read RSS and heap from outside.
const { setFlagsFromString } = require('node:v8')
const { runInNewContext } = require('node:vm')

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc')
let reading = 0
process.on('SIGUSR2', () => {
  gc()
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage()
  process.stdout.write(`MEMORY-PROBE ${++reading} ${JSON.stringify({ rss, heapUsed, heapTotal, external })}\n`)
})
