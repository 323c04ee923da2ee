// `node collector/server.mjs` (npm run collector, npm start): options from the environment
// (PORT, HOST, TRACKLET_DATA) and two flags, --faults and --allow-origin URL (repeatable).
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
  };
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].split(/=(.*)/s);
    if (name === '--faults') options.faults = true;
    else if (name === '--allow-origin') {
      const value = inline ?? args[++i];
      if (value === undefined) throw new Error('--allow-origin needs an origin, such as http://localhost:5173');
      options.allowOrigins.push(value);
    } else throw new Error(`unknown argument ${args[i]}; use --faults or --allow-origin <origin>`);
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
