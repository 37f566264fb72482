import { describe, expect, it } from "vitest";
import { readBodyLimited } from "./read-body";

function streamed(chunks: number, chunkSize: number): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= chunks) return controller.close();
      controller.enqueue(new Uint8Array(chunkSize).fill(120));
    },
  });
  return new Request("http://localhost/x", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("readBodyLimited", () => {
  it("reads a body within the limit", async () => {
    expect((await readBodyLimited(new Request("http://localhost/x", { method: "POST", body: "hello" }), 10))?.toString()).toBe("hello");
  });
  it("refuses by declared length before reading", async () => {
    const req = new Request("http://localhost/x", { method: "POST", body: "x".repeat(20), headers: { "content-length": "20" } });
    expect(await readBodyLimited(req, 10)).toBeNull();
  });
  it("stops a chunked upload without a length as soon as it passes the limit", async () => {
    expect(await readBodyLimited(streamed(1_000, 1024), 8 * 1024)).toBeNull();
    expect((await readBodyLimited(streamed(4, 1024), 8 * 1024))?.length).toBe(4096);
  });
});
