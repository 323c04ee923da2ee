// Whether a stub's queue (ours or Mixpanel's snippet's) needs the autotrack module: an init
// whose `track_pageview` follows navigation, or a queued track_links / track_forms. Read from
// the queue's JSON (named instances' queues are properties of the array, added here).

export function wanted(queue: any): boolean {
  try {
    const inits: any[] = queue['_i'] || [];
    return /"track_(links|forms)"|"track_pageview":"/.test(JSON.stringify(inits.map((e) => [e, queue[e[2]], (queue[e[2]] || {}).people]).concat(queue, queue.people)));
  } catch {
    return true; // a queue JSON cannot hold: load the module rather than miss a call
  }
}
