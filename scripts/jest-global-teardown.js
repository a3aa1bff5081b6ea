/** Stops the Redis that the global setup started, if it started one. */
module.exports = async function globalTeardown() {
  const child = globalThis.__WENZE_TEST_REDIS__;
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
};
