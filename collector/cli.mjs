// `node collector/server.mjs` (npm run collector, npm start): options from the environment
// (PORT, HOST, TRACKLET_DATA) and --faults, --allow-origin URL (repeatable), --flags FILE.
// The `tracklet collector` command has its own parser in bin/.

import path from 'node:path';

/** startCollector() options; throws a readable Error on an unknown argument. */
export function commandLineOptions(args, env) {
  const options = {
    port: env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT),
    host: env.HOST || '127.0.0.1',
    dataDir: env.TRACKLET_DATA || '.tracklet',
    faults: false,
    allowOrigins: [],
    flags: null,
  };
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].split(/=(.*)/s);
    if (name === '--faults') options.faults = true;
    else if (name === '--allow-origin') {
      const value = inline ?? args[++i];
      if (value === undefined) throw new Error('--allow-origin needs an origin, such as http://localhost:5173');
      options.allowOrigins.push(value);
    } else if (name === '--flags') {
      options.flags = inline ?? args[++i];
      if (options.flags === undefined) throw new Error('--flags needs a file of flag definitions, such as flags.json');
    } else throw new Error(`unknown argument ${args[i]}; use --faults, --allow-origin <origin> or --flags <file>`);
  }
  return options;
}

/** Starts the collector with startCollector (passed in: server.mjs imports this file) and prints where. */
export function runFromCommandLine(startCollector, args, env) {
  let options;
  try {
    options = commandLineOptions(args, env);
  } catch (err) {
    console.error(`tracklet collector: ${err.message}`);
    process.exit(2);
  }
  startCollector(options).then(
    (collector) => {
      console.log(`tracklet collector: ${collector.url}`);
      console.log(`  live events:  ${collector.url}`);
      console.log(`  examples:     ${collector.url}examples/`);
      console.log(`  stored in:    ${path.resolve(options.dataDir)}/received.jsonl`);
      if (options.flags) console.log(`  flags from:   ${path.resolve(options.flags)} (re-read when it changes)`);
      if (options.faults) console.log('  fault injection on (/_/faults): for tests only');
      const stop = () => collector.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err) => {
      console.error(`tracklet collector: cannot start: ${err.message}`);
      process.exit(1);
    },
  );
}
