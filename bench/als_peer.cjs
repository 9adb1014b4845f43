// Run one benchmark workload through aws-local-stepfunctions and print what happened as JSON.
//
// Usage: node bench/als_peer.cjs PACKAGE_DIR WORKLOAD_DIR NAME WARMUP RUNS
//
// PACKAGE_DIR is the folder whose node_modules holds aws-local-stepfunctions (engine_bench.py
// installs it into a cache folder outside the repository). The state machine is constructed
// once (that is where the peer validates the definition); each run is timed from run() to its
// result, in this process, so start-up and validation are not counted. After the timing, the
// run's event log is read to count its StateEntered events, and its output is compared with
// the expected output: a wrong answer is reported, never timed as a success.

"use strict";

const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k])) return false;
  return true;
}

async function countEntered(eventLogs) {
  let n = 0;
  for await (const event of eventLogs) if (event.type === "StateEntered") n++;
  return n;
}

async function main() {
  const [packageDir, workloadDir, name, warmupText, runsText] = process.argv.slice(2);
  const peerRequire = createRequire(path.join(packageDir, "package.json"));
  const { StateMachine } = peerRequire("aws-local-stepfunctions");
  const version = JSON.parse(fs.readFileSync(path.join(packageDir, "node_modules", "aws-local-stepfunctions", "package.json"), "utf8")).version;
  const manifest = JSON.parse(fs.readFileSync(path.join(workloadDir, "manifest.json"), "utf8"));
  const spec = manifest.workloads[name];
  const read = (file) => JSON.parse(fs.readFileSync(path.join(workloadDir, file), "utf8"));
  const definition = read(spec.asl), input = read(spec.input), expected = read(spec.expected_output);
  const out = { peer: "aws-local-stepfunctions", version, node: process.version, workload: name, times_ms: [], cpu_ms: [], problems: [] };
  let machine;
  try {
    machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  } catch (err) {
    out.problems.push(`the definition was refused: ${String(err && err.message || err).split("\n")[0]}`);
    out.peak_rss_mb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify(out) + "\n");
    return;
  }
  const warmup = Number(warmupText), runs = Number(runsText);
  for (let i = 0; i < warmup + runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const execution = machine.run(input);
    let output, failed = null;
    try {
      output = await execution.result;
    } catch (err) {
      failed = `${err && err.name}: ${String(err && err.message || err).split("\n")[0]}`;
    }
    const ms = performance.now() - t0;
    const used = process.cpuUsage(c0);
    const cpuMs = (used.user + used.system) / 1000;
    const entered = await countEntered(execution.eventLogs);
    if (failed) out.problems.push(`the execution failed: ${failed}`);
    else if (!deepEqual(output, expected)) out.problems.push("output differs from the expected output");
    else if (entered !== spec.expected_state_entered_events)
      out.problems.push(`${entered} StateEntered events, manifest says ${spec.expected_state_entered_events}`);
    if (i >= warmup) {
      out.times_ms.push(ms);
      out.cpu_ms.push(cpuMs);
    }
    if (failed) break; // a failing workload is reported once, not timed
  }
  out.problems = [...new Set(out.problems)];
  out.peak_rss_mb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ problems: [`the peer script crashed: ${err && err.stack || err}`] }) + "\n");
  process.exitCode = 1;
});
