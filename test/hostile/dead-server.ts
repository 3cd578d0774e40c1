// A CRM that accepts connections and never answers: what a hung load balancer, a stuck proxy or
// a half-dead instance looks like from here (issue #20, point 2). Counts the connections it took.
import { createServer, type Socket } from "node:net";

export interface DeadServer {
  url: string;
  connections(): number;
  close(): Promise<void>;
}

export async function startDeadServer(): Promise<DeadServer> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    // Reads the request and says nothing, ever.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
