// The emulator alone on a port (the crash test runs it as a child process and kills it):
//   node --import tsx localcloud/emulator/main.ts --port 0 --data DIR [--env ID] [--collections FILE]
// Prints `listening <port>` on stdout once it accepts requests. LOCALCLOUD_FAULTS (JSON FaultConfig)
// switches on fault injection. --collections defaults to cloudfunctions/collections.json.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { CollectionsConfig, FaultConfig } from './config'
import { createEmulator } from './emulator'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main() {
  const dataDir = arg('data')
  if (!dataDir) throw new Error('usage: main.ts --port N --data DIR [--env ID] [--collections FILE]')
  const port = Number(arg('port') ?? 0)
  const host = arg('host') ?? '127.0.0.1'
  const collectionsFile = arg('collections') ?? path.join(__dirname, '..', '..', 'cloudfunctions', 'collections.json')
  const collections: CollectionsConfig | undefined = fs.existsSync(collectionsFile) ? JSON.parse(fs.readFileSync(collectionsFile, 'utf8')) : undefined
  const faults: FaultConfig | undefined = process.env.LOCALCLOUD_FAULTS ? JSON.parse(process.env.LOCALCLOUD_FAULTS) : undefined
  const compact = arg('compact-bytes')

  let base = ''
  const emu = await createEmulator({
    dataDir,
    envId: arg('env') ?? 'local-env',
    collections,
    publicUrl: () => base,
    faults,
    compactAtBytes: compact ? Number(compact) : undefined,
  })
  const server = http.createServer((req, res) => {
    emu.handle(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      },
      (err) => {
        console.error(err)
        if (!res.headersSent) res.writeHead(500).end()
      },
    )
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  const actual = (server.address() as AddressInfo).port
  base = `http://${host}:${actual}`
  process.stdout.write(`listening ${actual}\n`)

  const stop = () => {
    server.close()
    server.closeAllConnections()
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
