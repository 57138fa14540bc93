/** Entry of a pool worker thread (built to dist/cli/pool-worker.js): answers each task in turn. */
import { parentPort } from 'node:worker_threads';
import { useNativeDigests } from './digest.js';
import { runTask, type Task } from './pool-task.js';

useNativeDigests();
const port = parentPort;
if (!port) throw new Error('pool-worker.js runs only as a worker thread');
// The main thread keeps more than one task queued here; a task that awaits real work (a key
// reader's import, WebCrypto) must not let the next one start: answers go back in order.
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: Task) => {
  queue = queue.then(() =>
    runTask(task).then(
      (result) => port.postMessage({ ok: true, result }, [result.text.bytes.buffer as ArrayBuffer]),
      (e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
    ),
  );
});
