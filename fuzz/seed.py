#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target from the fixtures, framed as receiver_core::fuzz reads them.

Run from anywhere: python3 fuzz/seed.py. Seeds are named seed-*; files the fuzzer adds keep their hashes.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT / "fuzz" / "corpus"


def chunk(data: bytes) -> bytes:
    assert len(data) < 256
    return bytes([len(data)]) + data


def write(target: str, name: str, data: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"seed-{name}").write_bytes(data)


def main() -> None:
    for path in sorted((FIXTURES / "accweb").iterdir()):
        write("accweb", path.name, b"\x01" + path.read_bytes())

    for path in sorted((FIXTURES / "sonorancad").iterdir()):
        body = path.read_bytes().replace(b"YOUR_API_KEY", b"fuzz-token")
        write("sonoran", path.name, b"\x00" + body)
        write("sonoran", "unauthenticated-" + path.name, b"\x02" + body)

    khan = [
        b'{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":1,"metadata":{"x":1},"name":"My Clan","publicID":"clan-1"},"gameID":"my-game","id":"0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11","isDeleted":true,"newOwner":null,"previousOwner":{"membershipCount":0,"metadata":{},"name":"Alice","ownershipCount":0,"publicID":"p-alice"},"timestamp":"2021-12-08T19:33:55Z","type":5}',
        b'{"gameID":"my-game","id":"6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b","membershipCount":0,"metadata":{"level":1},"name":"Bob","ownershipCount":0,"publicID":"p-bob","timestamp":"2021-12-08T16:33:55-03:00","type":1}',
    ]
    for i, body in enumerate(khan):
        write("khan", f"body-{i}", b"\x01" + chunk(b"") + body)
        write("khan", f"token-{i}", b"\x00" + chunk(b"token=fuzz-token&id=1") + body)

    for name, method in [("gameserver-onadd", 0), ("gameserver-onupdate", 1), ("fleet-onadd", 0), ("fleet-onupdate", 1)]:
        body = (FIXTURES / "agones-relay-http" / f"{name}.json").read_bytes()
        write("agones", name, bytes([method]) + chunk(b"") + body)
        if method in (0, 1):
            write("agones_one_pass", name, bytes([method]) + body)
            write("agones_one_pass", "compact-" + name, bytes([method]) + json.dumps(json.loads(body), separators=(",", ":")).encode())
    write("agones", "delete", b"\x02" + chunk(b"event_type=gameserver.events.deleted&name=gs&namespace=default") + b"n")
    write("agones", "delete-doubled", b"\x02" + chunk(b"t=1?event_type=fleet.events.deleted&name=f&namespace=d") + b"n")

    twitch = FIXTURES / "twitch-eventsub"
    for path in sorted(twitch.glob("webhook-*.json")):
        if "signature-vector" in path.name:
            continue
        body = path.read_bytes()
        sub = json.loads(body)["subscription"]
        selector = 2 if "-verification-" in path.name else 3 if "-revocation-" in path.name else 0
        framed = bytes([selector]) + chunk(sub["type"].encode()) + chunk(sub["version"].encode())
        write("twitch", path.name, framed + body)
        write("twitch", "no-type-headers-" + path.name, bytes([selector]) + chunk(b"") + chunk(b"") + body)

    vector = json.loads((twitch / "webhook-signature-vector.twitch_api.json").read_bytes())
    headers = vector["headers"]
    write(
        "twitch_headers",
        "vector-1",
        chunk(headers["Twitch-Eventsub-Message-Id"].encode())
        + chunk(headers["Twitch-Eventsub-Message-Timestamp"].encode())
        + chunk(headers["Twitch-Eventsub-Message-Signature"].encode())
        + chunk(headers["Twitch-Eventsub-Message-Type"].encode())
        + vector["body"].encode(),
    )

    for path in sorted(twitch.glob("ws-*.json")):
        write("twitch_frame", path.name, path.read_bytes())

    # twitch_session scripts: one op byte and one argument byte each (receiver_core::fuzz::twitch_session).
    welcome, note, text, reconnect, keepalive, close, failed, wait = range(8)
    scripts = {
        "welcome-notes-duplicate": [welcome, 0, note, 1, note, 2, note, 1, keepalive, 0],
        "reconnect-then-welcome": [welcome, 0, note, 1, reconnect, 5, *b"new/w", note, 2, welcome, 1, note, 2, note, 3],
        "keepalive-silence": [welcome, 0, wait, 60, wait, 60, welcome, 1, note, 4],
        "close-codes": [welcome, 0, close, 0x0F, 0xA0, welcome, 1, close, 0x0F, 0xA3],
        "connect-failures": [failed, 0, wait, 20, failed, 1, wait, 40, welcome, 2],
    }
    for name, script in scripts.items():
        write("twitch_session", name, bytes(script))
    keepalive_frame = (twitch / "ws-session_keepalive.twitch_api.json").read_bytes()
    write("twitch_session", "raw-keepalive", bytes([welcome, 0, text, len(keepalive_frame)]) + keepalive_frame)


if __name__ == "__main__":
    main()
