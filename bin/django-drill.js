#!/usr/bin/env node
// The bin's old path, kept for scripts that run it directly. The package's bin is
// django-drill.cjs: CommonJS, as dist/ is, starts faster than this ES module.
import '../dist/main.cjs'
