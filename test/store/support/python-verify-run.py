"""Independent verifier for a run directory, following maestro-cli's eventsource.py:
replay_events + verify_chain + verify_artefact_hashes. Prints a JSON verdict."""
import hashlib
import json
import sys
from pathlib import Path


def event_hash(payload, prev_hash):
    raw = json.dumps(payload, sort_keys=True) + prev_hash
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def main(run_path):
    run_path = Path(run_path)
    records = []
    prev = "0" * 16
    with (run_path / "events.jsonl").open(encoding="utf-8") as handle:
        for raw_line in handle:
            line = raw_line.strip()
            if not line:
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            stored = data.get("hash")
            payload = {k: v for k, v in data.items() if k not in {"seq", "hash", "prev_hash"}}
            records.append((payload, prev, stored or ""))
            if stored:
                prev = stored
    chain = "incomplete" if not records else "valid"
    prev = "0" * 16
    for payload, stored_prev, stored in records:
        if not stored:
            continue
        if stored_prev != prev or stored != event_hash(payload, prev):
            chain = "tampered"
            break
        prev = stored
    mismatches = []
    for payload, _, _ in records:
        if payload.get("event") != "task_complete":
            continue
        task_id = payload.get("task_id", "")
        for key, suffix in (("log_hash", ".log"), ("result_hash", ".result.json")):
            expected = payload.get(key)
            if expected is None:
                continue
            try:
                actual = hashlib.sha256((run_path / f"{task_id}{suffix}").read_bytes()).hexdigest()[:16]
            except OSError:
                actual = None
            if actual != expected:
                mismatches.append(f"{task_id}{suffix}")
    print(json.dumps({"chain": chain, "events": len(records), "mismatches": mismatches}))


main(sys.argv[1])
