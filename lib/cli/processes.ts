import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";

/** Child processes of a launcher, stopped together on exit or on the first crash. */
export class ProcessGroup {
  private children: ChildProcess[] = [];
  private stopping = false;

  constructor(private readonly onFatal: (name: string, code: number | null) => void) {}

  spawn(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const prefix = (line: string) => (line ? `[${name}] ${line}\n` : "");
    const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
      let buf = "";
      stream?.on("data", (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split("\n");
        buf = lines.pop() ?? "";
        for (const line of lines) out.write(prefix(line));
      });
    };
    pipe(child.stdout, process.stdout);
    pipe(child.stderr, process.stderr);
    child.on("exit", (code) => {
      if (!this.stopping) this.onFatal(name, code);
    });
    this.children.push(child);
    return child;
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const timer = setTimeout(() => c.kill("SIGKILL"), 5_000);
            c.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            c.kill("SIGTERM");
          }),
      ),
    );
  }
}
