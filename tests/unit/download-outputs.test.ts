import { describe, expect, it } from 'vitest';
import {
  DownloadCancelled,
  DownloadOutputs,
  DownloadStalled,
} from '../../src/engine/browser/download-outputs';
import type { DownloadChunk } from '../../src/offline/download-stream';

/**
 * The engine's end of a streamed download (the service worker's is download-stream.ts): bytes go
 * only when asked for, in order; a download nobody takes, or that cannot start, fails instead of
 * hanging; a cancelled one stops the files.
 */
describe('files made as streamed downloads', () => {
  /** A download whose far end asks for `pulls` chunks, collecting what arrives. */
  function download(pulls: number) {
    const channel = new MessageChannel();
    const got: DownloadChunk[] = [];
    channel.port2.onmessage = (event: MessageEvent<DownloadChunk>) => got.push(event.data);
    for (let i = 0; i < pulls; i++) channel.port2.postMessage({ pull: true });
    return { port: channel.port1, far: channel.port2, got };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('sends each chunk when asked, in order, then the end', async () => {
    const { port, far, got } = download(2);
    const out = await new DownloadOutputs(async () => port).sink('All_Results.csv');
    await out.write(new TextEncoder().encode('a,b\n'));
    await out.write(new TextEncoder().encode('1,2\n'));
    await out.close();
    await settle();
    expect(got.map((m) => ('chunk' in m ? new TextDecoder().decode(m.chunk) : m))).toEqual([
      'a,b\n',
      '1,2\n',
      { done: true },
    ]);
    far.close();
  });

  it('waits for the browser to ask before sending more', async () => {
    const { port, far, got } = download(1);
    const out = await new DownloadOutputs(async () => port, 5_000).sink('x.csv');
    await out.write(new Uint8Array([1]));
    let second = false;
    const writing = out.write(new Uint8Array([2])).then(() => (second = true));
    await settle();
    expect(second).toBe(false);
    far.postMessage({ pull: true });
    await writing;
    await settle();
    expect(got).toHaveLength(2);
    far.close();
  });

  it('fails, naming the file, when the browser stops asking or the download cannot start', async () => {
    const { port, far } = download(0);
    const out = await new DownloadOutputs(async () => port, 50).sink('All_Results.csv');
    await expect(out.write(new Uint8Array([1]))).rejects.toEqual(
      new DownloadStalled('All_Results.csv'),
    );
    far.close();
    const cannotStart = new DownloadOutputs(() => Promise.reject(new Error('not registered')));
    await expect(cannotStart.sink('summary.json')).rejects.toBeInstanceOf(DownloadStalled);
  });

  it('stops when the person cancels the download', async () => {
    const { port, far } = download(0);
    const out = await new DownloadOutputs(async () => port, 5_000).sink('x.csv');
    far.postMessage({ cancelled: true });
    await expect(out.write(new Uint8Array([1]))).rejects.toBeInstanceOf(DownloadCancelled);
    far.close();
  });
});
