import type { DownloadChunk, DownloadRequest } from '../../offline/download-stream';
import type { ByteSink } from '../extract-scan/byte-source';
import { writeTextThrough, type BrowserOutputs } from './opfs-outputs';

/**
 * How long a download may go without the browser asking for more before it is given up: long
 * enough for a person to answer "allow several downloads?", short enough not to hang forever on a
 * download the browser dropped.
 */
const STALL_MS = 120_000;

/** Raised when the browser stops taking a download (it dropped it, or stopped the service worker). */
export class DownloadStalled extends Error {
  constructor(readonly fileName: string) {
    super(`The browser stopped taking the download of ${fileName}.`);
  }
}

/** Raised when the person cancels a download while it is being made. */
export class DownloadCancelled extends Error {
  constructor(readonly fileName: string) {
    super(`The download of ${fileName} was cancelled.`);
  }
}

/**
 * The user's downloads as the place a run's files are made, where the browser has no folder
 * dialog: each file is a streamed download (see offline/download-stream.ts), its bytes sent as
 * the browser asks for them. Nothing is kept here: a file is made again if it is wanted again.
 * A file stopped half-way fails as a download, but some browsers (Firefox) have already written
 * part of it under its own name: the failure card says so, and to delete it.
 */
export class DownloadOutputs implements BrowserOutputs {
  constructor(
    private readonly open: (fileName: string) => Promise<MessagePort>,
    private readonly stallMs = STALL_MS,
  ) {}

  writeText(fileName: string, text: string): Promise<void> {
    return writeTextThrough((name) => this.sink(name), fileName, text);
  }

  async sink(fileName: string): Promise<ByteSink> {
    const stallMs = this.stallMs;
    // A download the page could not start is one the browser is not taking.
    const port = await this.open(fileName).catch(() => {
      throw new DownloadStalled(fileName);
    });
    let credits = 0;
    let cancelled = false;
    let wake: (() => void) | undefined;
    port.onmessage = (event: MessageEvent<DownloadRequest>) => {
      if ('pull' in event.data) credits++;
      else if ('cancelled' in event.data) cancelled = true;
      wake?.();
    };
    const send = (message: DownloadChunk, transferred: Transferable[] = []) =>
      port.postMessage(message, transferred);
    let open = true;
    return {
      async write(chunk) {
        while (credits === 0 && !cancelled) {
          const asked = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), stallMs);
            wake = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          if (!asked) throw new DownloadStalled(fileName);
        }
        if (cancelled) throw new DownloadCancelled(fileName);
        credits--;
        const copy = chunk.slice(); // the writer reuses the chunk's memory once it is written
        send({ chunk: copy }, [copy.buffer]);
      },
      async close() {
        if (!open) return;
        open = false;
        send({ done: true });
      },
      async abort() {
        if (!open) return;
        open = false;
        send({ failed: true });
      },
    };
  }

  file(fileName: string): Promise<File> {
    return Promise.reject(new Error(`${fileName} went to the downloads; it is not kept here.`));
  }

  async remove(): Promise<void> {}
}
