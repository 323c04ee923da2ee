// Session recordings received on record/: one file per replay (<data>/replays/<replay_id>.jsonl,
// a line per batch, appended), and an index in memory rebuilt from the files on start, so the
// viewer can list replays and play one back after a restart.

import fs from 'node:fs';
import path from 'node:path';

/** A replay file stops growing here: a recording larger than this is refused (413), not kept in part. */
export const MAX_REPLAY_BYTES = 64 * 1024 * 1024;
export const REPLAY_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function openReplays(dataDir) {
  const dir = path.join(dataDir, 'replays');
  fs.mkdirSync(dir, { recursive: true });
  /** replay_id -> summary */
  const index = new Map();
  const fileOf = (id) => path.join(dir, `${id}.jsonl`);

  const note = (batch, bytes) => {
    const m = batch.meta;
    let r = index.get(batch.replay_id);
    if (!r) {
      r = { replay_id: batch.replay_id, token: batch.token, distinct_id: m.distinct_id ?? null, device_id: m.$device_id ?? null, user_id: m.$user_id ?? null, start_url: m.replay_start_url ?? null, started_at: null, length_ms: 0, batches: 0, event_count: 0, bytes: 0, first_received: batch.received_at, last_received: 0, seqs: new Set() };
      index.set(batch.replay_id, r);
    }
    r.seqs.add(batch.seq);
    r.batches++;
    r.event_count += batch.events.length;
    r.bytes += bytes;
    r.last_received = Math.max(r.last_received, batch.received_at);
    const start = Number(m.replay_start_time);
    if (Number.isFinite(start) && start > 0) r.started_at = Math.round(start * 1000);
    const length = Number(m.replay_length_ms);
    if (Number.isFinite(length)) r.length_ms = Math.max(r.length_ms, length);
    // The id after identify() is the one worth showing.
    if (m.distinct_id != null) r.distinct_id = m.distinct_id;
    if (m.$user_id != null) r.user_id = m.$user_id;
  };

  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.jsonl') || !REPLAY_ID.test(name.slice(0, -6))) continue;
    for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (!line) continue;
      try {
        note(JSON.parse(line), Buffer.byteLength(line) + 1);
      } catch {
        // a line cut short by a crash: the batches before it still play
      }
    }
  }

  return {
    dir,
    /** Keeps one batch. A batch whose seq is already kept is acknowledged and not kept twice (a retry). */
    add({ token, replay_id, seq, meta, events, received_at = Date.now() }) {
      const known = index.get(replay_id);
      if (known && known.token !== token) return { ok: false, status: 409, error: `replay ${replay_id} belongs to another project` };
      if (known && known.seqs.has(seq)) return { ok: true, duplicate: true };
      const batch = { replay_id, token, seq, received_at, meta, events };
      const line = JSON.stringify(batch) + '\n';
      const bytes = Buffer.byteLength(line);
      if ((known ? known.bytes : 0) + bytes > MAX_REPLAY_BYTES) return { ok: false, status: 413, error: `replay ${replay_id} would exceed ${MAX_REPLAY_BYTES} bytes` };
      fs.appendFileSync(fileOf(replay_id), line);
      note(batch, bytes);
      return { ok: true, duplicate: false };
    },
    /** Summaries, newest first, filtered by token and distinct id. */
    list({ token, distinct_id: distinctId } = {}) {
      const out = [];
      for (const r of index.values()) {
        if (token && r.token !== token) continue;
        if (distinctId && r.distinct_id !== distinctId && r.device_id !== distinctId) continue;
        out.push(summarize(r));
      }
      return out.sort((a, b) => b.first_received - a.first_received);
    },
    /** A replay's events in order (by batch seq, then time), or null. */
    get(replayId) {
      const summary = index.get(replayId);
      if (!summary) return null;
      const batches = [];
      for (const line of fs.readFileSync(fileOf(replayId), 'utf8').split('\n')) {
        if (!line) continue;
        try {
          batches.push(JSON.parse(line));
        } catch {
          // see above
        }
      }
      batches.sort((a, b) => a.seq - b.seq);
      const events = batches.flatMap((b) => b.events).sort((a, b) => a.timestamp - b.timestamp);
      return { ...summarize(summary), events };
    },
  };
}

/** An index entry as the read API shows it. */
function summarize({ seqs, ...summary }) {
  // Batches are numbered from 0; a gap means one is still missing (or was lost).
  return { ...summary, complete: seqs.size === Math.max(...seqs) + 1 };
}
