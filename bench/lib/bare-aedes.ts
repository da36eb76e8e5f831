// A bare aedes broker for the ingest ceilings (bench/ceiling.ts --broker aedes): in memory, no hooks,
// PUBACK at once, forwarding to subscribers. It is the site's inner ceiling: what aedes itself needs per
// message on this machine, without storage. Runs in its own process, like mosquitto, and prints
// "listening <port>" once it accepts connections.
//   node --import tsx bench/lib/bare-aedes.ts [port]
import { createServer, type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';

const aedes = await Aedes.createBroker({ maxClientsIdLength: 128 });
const server = createServer((socket) => aedes.handle(socket));
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  server.close();
  aedes.close(() => process.exit(0));
});
