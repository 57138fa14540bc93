"""Runs a command in a pseudo-terminal, as a person at a terminal would, for the CLI tests.

Usage: python3 run-in-pty.py '{"argv": [...], "send": [{"after": "Password", "text": "pw\\r"}], "timeout": 60}'
Each `send` is typed once its `after` text has appeared in the output since the previous one.
Prints one JSON line: the terminal's whole output (base64; stdout and stderr share the
terminal), the exit code, and how many sends never happened.
"""
import base64, json, os, pty, select, signal, sys, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ, TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    env.update(spec.get("env", {}))
    os.execvpe(spec["argv"][0], spec["argv"], env)

out = b""
seen = 0
sends = list(spec.get("send", []))
deadline = time.time() + spec.get("timeout", 60)
timed_out = False
while True:
    if time.time() > deadline:
        timed_out = True
        os.kill(pid, signal.SIGKILL)
        break
    ready, _, _ = select.select([fd], [], [], 0.05)
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not data:
            break
        out += data
    if sends and sends[0]["after"].encode() in out[seen:]:
        seen = len(out)
        os.write(fd, sends.pop(0)["text"].encode())

_, status = os.waitpid(pid, 0)
print(json.dumps({
    "output": base64.b64encode(out).decode(),
    "code": os.waitstatus_to_exitcode(status),
    "unsent": len(sends),
    "timedOut": timed_out,
}))
