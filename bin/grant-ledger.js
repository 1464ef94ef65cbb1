#!/usr/bin/env node
// The package's `bin`: the compiled CLI (built by `npm install` through `prepare`).
// Node's default young generation: the batch verbs (rebuild, exports, verify) keep their
// peak memory lower with it. `npm start` and the Docker image run `serve` with
// --max-semi-space-size=32 instead (half as many young-generation collections, so fewer
// requests wait for one); see docs/bench.md "Node flags".
import '../dist/infra/cli/main.js';
