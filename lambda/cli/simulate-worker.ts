/**
 * A worker thread of `simulate` (simulate-threads.ts): reads the chunks of the requests file the
 * main thread posts, in order, and answers each with what its share made of it (ShareOutput);
 * `null` is the end of the file, answered likewise, after which the thread ends. An internal
 * error is answered as `{ internal }`, and the thread ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Share, type SimulateFormat, ShareReader } from './simulate-share';

/** What the main thread gives a worker at its start. */
export interface WorkerStart {
  format: SimulateFormat;
  share: Share;
}

const port = parentPort;
if (port !== null) {
  const { format, share } = workerData as WorkerStart;
  const reader = new ShareReader(format, share);
  port.on('message', (chunk: Uint8Array | null) => {
    try {
      port.postMessage(chunk === null ? reader.end() : reader.write(chunk));
      if (chunk === null) port.close();
    } catch (error) {
      port.postMessage({ internal: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      port.close();
    }
  });
}
