#!/usr/bin/env node
// CommonJS, as dist/ is: Node starts it faster than an ES module.
require('../dist/main.cjs')
