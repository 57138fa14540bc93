/**
 * Asking for a password at the terminal, without echo: for a locked file when no given
 * password opens it and standard input is a terminal (a person is there to answer). Scripts,
 * pipes and worker threads are never asked; `< /dev/null` turns the question off.
 */
import { StringDecoder } from 'node:string_decoder';
import { isatty } from 'node:tty';
import { isMainThread } from 'node:worker_threads';

/** Whether a question can be put: stdin is a terminal, and this is the main thread. */
export function canPrompt(): boolean {
  return isMainThread && isatty(0);
}

/**
 * Writes `question` to stderr and reads one line from the terminal with echo off (raw mode is
 * set before the question appears, so nothing typed is ever shown). Backspace and Ctrl-U edit;
 * Enter ends; Ctrl-D on an empty line gives undefined (no answer); Ctrl-C exits with status 130.
 */
export function promptPassword(question: string): Promise<string | undefined> {
  const stdin = process.stdin;
  return new Promise((resolve) => {
    const decoder = new StringDecoder('utf8');
    let typed = '';
    const finish = (answer: string | undefined) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolve(answer);
    };
    const onData = (data: Buffer) => {
      for (const ch of decoder.write(data)) {
        if (ch === '\r' || ch === '\n') return finish(typed);
        if (ch === '\x03') {
          stdin.setRawMode(false);
          process.stderr.write('\n');
          process.exit(130);
        }
        if (ch === '\x04') {
          if (typed === '') return finish(undefined);
        } else if (ch === '\x7f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch === '\x15') typed = '';
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.setRawMode(true);
    process.stderr.write(question);
    stdin.on('data', onData);
    stdin.resume();
  });
}
