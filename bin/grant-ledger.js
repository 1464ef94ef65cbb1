#!/usr/bin/env -S node --max-semi-space-size=32
// The package's `bin`: the compiled CLI (built by `npm install` through `prepare`).
// --max-semi-space-size=32 (MiB, Node's default is 16): see README "Benchmarks" — half as
// many young-generation collections, so far fewer requests wait for one.
import '../dist/infra/cli/main.js';
