"""CLOB heartbeats: an API key that has started heartbeating must keep it up, or lose its orders.

As on the real CLOB, the first heartbeat (empty id) starts the session and returns an id; each
later one must send the id it was last given (a stale id gets 400 carrying the right one).
When no heartbeat arrives within ``timeout`` seconds (10 s plus a 5 s buffer), every open order
of that API key is cancelled. Expiry is checked whenever the CLOB is touched, so it happens
on the emulator's clock, accelerated or not.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

HEARTBEAT_TIMEOUT_SECONDS = 15.0


class StaleHeartbeat(Exception):
    def __init__(self, current: str) -> None:
        super().__init__(current)
        self.current = current


@dataclass
class Heartbeats:
    timeout: float = HEARTBEAT_TIMEOUT_SECONDS
    _sessions: dict[str, tuple[str, float]] = field(default_factory=dict)  # key → (id, last)

    def beat(self, api_key: str, heartbeat_id: str, now: float) -> str:
        session = self._sessions.get(api_key)
        if session is not None and heartbeat_id not in ("", session[0]):
            raise StaleHeartbeat(session[0])
        if session is not None and heartbeat_id == "" and now - session[1] <= self.timeout:
            raise StaleHeartbeat(session[0])
        new_id = str(uuid.uuid4())
        self._sessions[api_key] = (new_id, now)
        return new_id

    def expired(self, now: float) -> list[str]:
        """API keys whose heartbeat lapsed; their sessions end here."""
        lapsed = [key for key, (_, last) in self._sessions.items() if now - last > self.timeout]
        for key in lapsed:
            del self._sessions[key]
        return lapsed
