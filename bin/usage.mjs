// What `tracklet --help` and `tracklet <command> --help` print.

export const SNIPPET_USAGE = `usage: tracklet snippet (--src <bundle url> | --collector <url>) [--token <project token>]
                       [--api-host <url>] [--global <name>] [--file <bundle file>] [--no-sri] [--no-nonce]

Prints the <script> to paste at the top of <head>: the stub, which loads the bundle pinned by
its sha384 integrity with crossorigin="anonymous".

  --src <url>         where you serve dist/tracklet.min.js (an absolute URL or a path)
  --collector <url>   try it locally: the bundle from a running \`tracklet collector\`
                      (<url>/dist/tracklet.min.js), events sent there too (unless --api-host)
  --token <token>     adds the init call; the public project token only: secrets are refused
  --api-host <url>    where events go, e.g. your first-party proxy
  --global <name>     the global's name (default mixpanel)
  --file <path>       compute the integrity from this file (default: this package's dist/tracklet.min.js)
  --no-sri            no integrity pin
  --no-nonce          a plain <script>; by default it carries nonce="{{CSP_NONCE}}" for you to
                      replace with the page's per-response CSP nonce
  -h, --help          this help`;

export const COLLECTOR_USAGE = `usage: tracklet collector [--port <n>] [--host <addr>] [--data <dir>] [--flags <file>] [--faults]
                         [--allow-origin <origin>]... [--forward <url> [--record] [--trust-proxy]]

Runs the local collector (the one \`npm start\` runs): Mixpanel's /track, /engage and /groups,
a live viewer on /, the examples on /examples/, the build on /dist/, everything received
stored in <dir>/received.jsonl. Ctrl-C stops it.

  --port <n>                 default 8080, or $PORT (0: any free port)
  --host <addr>              default 127.0.0.1, or $HOST (0.0.0.0: every interface)
  --data <dir>               default .tracklet, or $TRACKLET_DATA
  --flags <file>             answer Mixpanel's flags/ from this JSON file of flag definitions
                             (docs/feature-flags.md); re-read when it changes
  --faults                   enable fault injection on /_/faults (for tests)
  --allow-origin <origin>    accept browser requests only from this origin, e.g.
                             https://www.example.com; repeat for more
  --forward <url>            first-party proxy: pass /track, /engage and /groups on, unchanged, to
                             a Mixpanel-compatible host (e.g. https://api-js.mixpanel.com), with the
                             visitor's IP in X-Forwarded-For; nothing is stored or served otherwise
  --record                   with --forward: also keep and show what was forwarded (development)
  --trust-proxy              with --forward: behind another proxy; keep its X-Forwarded-For
  -h, --help                 this help`;

export const USAGE = `usage: tracklet <command> [options]

  tracklet snippet     print the <script> snippet to paste at the top of <head>
  tracklet collector   run the local collector (or a first-party proxy with --forward)

  tracklet <command> --help   that command's options
  tracklet --version          this package's version`;

/** The short reminder printed after a mistake in the arguments. */
export const hintFor = (command) => `Run "tracklet${command ? ` ${command}` : ''} --help" for usage.`;
