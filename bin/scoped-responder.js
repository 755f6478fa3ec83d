#!/usr/bin/env node
// `npx scoped-responder <command>`: the CLI is TypeScript, so register tsx's loader before importing it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../local/cli.ts');
process.exitCode = await main(process.argv.slice(2));
