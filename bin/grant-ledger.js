#!/usr/bin/env node
// The package's `bin`: the compiled CLI (built by `npm install` through `prepare`).
import '../dist/infra/cli/main.js';
