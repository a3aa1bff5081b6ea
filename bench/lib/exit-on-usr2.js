// Preloaded into profiled service processes (BENCH_PROFILE=1): SIGUSR2 exits normally, so --cpu-prof writes its profile.
process.on('SIGUSR2', () => process.exit(0));
