/**
 * Runs `fn` in a task of its own, right after the tasks already queued (a MessageChannel
 * message: no timer clamping). Returns a function that cancels it. Big first renders are cut
 * into such tasks so that the window answers between them.
 */
export function afterTask(fn: () => void): () => void {
  let live = true;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (live) fn();
  };
  channel.port2.postMessage(null);
  return () => {
    live = false;
    channel.port1.close();
  };
}

/** A promise that resolves in a task of its own (see `afterTask`): `await nextTask()` yields to the window. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => void afterTask(resolve));
}
