#!/usr/bin/env node
// The `vat` executable.
import { run } from './cli/main.js';

await run(process.argv.slice(2));
