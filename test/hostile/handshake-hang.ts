// A peer whose TCP handshake never completes (issue #20, point 2: the connect timeout), on
// loopback and in plain Node — no non-routable address, no firewall rule. never-accepts.ts
// listens with an accept queue of one and never accepts; we fill that queue with our own
// connections (Linux keeps backlog + 1 of them), after which the kernel drops each new SYN and
// the client keeps retransmitting it: connect() hangs until the client gives up (about two
// minutes with Linux's default SYN retries), just like a blackholed CRM host.
import { type ChildProcess, spawn } from "node:child_process";
import { connect, type Socket } from "node:net";

export interface HandshakeHang {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Connects, resolving true once connected, false if still not connected after `ms`. */
function connectsWithin(port: number, ms: number, sockets: Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => {});
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, ms);
    socket.once("connect", () => {
      clearTimeout(timer);
      sockets.push(socket);
      resolve(true);
    });
  });
}

export async function startHandshakeHang(): Promise<HandshakeHang> {
  const child: ChildProcess = spawn(process.execPath, ["test/hostile/never-accepts.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(Number(out.trim()));
    });
    child.once("exit", (code) => reject(new Error(`never-accepts.ts exited (${code}) before listening`)));
  });
  const sockets: Socket[] = [];
  const close = async () => {
    for (const s of sockets) s.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
  };
  // Fill the queue: connect until one connection stays in the handshake (the first ones complete
  // at once, on loopback; a second is plenty for one that does not). Adaptive, so the exact
  // backlog arithmetic of the kernel does not matter.
  for (let i = 0; ; i++) {
    if (!(await connectsWithin(port, 1_000, sockets))) break;
    if (i >= 16) {
      await close();
      throw new Error("the accept queue never filled: this kernel accepts past the backlog");
    }
  }
  return { url: `http://127.0.0.1:${port}`, port, close };
}
