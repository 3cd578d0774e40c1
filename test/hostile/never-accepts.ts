// Run as a child process by handshake-hang.ts: listens on loopback with an accept queue of one
// and then blocks its own event loop for good, so the kernel holds the connections it completed
// and nobody ever accepts them. Once that queue is full the kernel drops every further SYN, and a
// connect to this port hangs in the TCP handshake: a host that does not answer, on loopback.
import { createServer } from "node:net";

const server = createServer();
server.listen({ host: "127.0.0.1", port: 0, backlog: 1 }, () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`${port}\n`, () => {
    // Not a busy loop: the thread sleeps in the kernel (no CPU) until the parent kills it.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });
});
