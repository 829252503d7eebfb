// Preloaded into a benchmarked CLI process (node --require): at exit, writes its own CPU time and peak RSS to the
// file named by EMAILMATE_BENCH_RUSAGE. Nothing else changes in the process.
"use strict";
const { writeFileSync } = require("node:fs");
const file = process.env.EMAILMATE_BENCH_RUSAGE;
if (file) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, peakRssMb: Math.round((u.maxRSS / 1024) * 10) / 10 }));
  });
}
