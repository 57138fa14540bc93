/** Entry of a pool worker thread (built to dist/cli/pool-worker.js): answers each task in turn. */
import { parentPort } from 'node:worker_threads';
import { useNativeDigests } from './digest.js';
import { runTask, type Task } from './pool-task.js';

useNativeDigests();
const port = parentPort;
if (!port) throw new Error('pool-worker.js runs only as a worker thread');
port.on('message', (task: Task) => {
  runTask(task).then(
    (result) => port.postMessage({ ok: true, result }, [result.text.bytes.buffer as ArrayBuffer]),
    (e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
