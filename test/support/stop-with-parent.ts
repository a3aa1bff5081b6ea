/**
 * A test child process (service or worker) closes its Nest application cleanly on SIGTERM or when the
 * parent closes stdin, so it never outlives the tests; SIGKILL is how a test simulates a crash.
 */
export function stopWithParent(app: { close(): Promise<void> }): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`close failed: ${error.stack ?? error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}
