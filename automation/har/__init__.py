"""HAR recordings of console sessions: scrub secrets, check for leaks, record, replay in order.

- `scrub_har` / `find_leaks` / `write_scrubbed_har`: placeholders instead of secrets (scheme in
  `automation.har.kinds`), and a refusal to write anything secret-looking.
- `HarRecorder` / `record_context`: record a Playwright context straight to a scrubbed file.
- `HarReplayRouter`: serve a recording to a context, the n-th identical request getting the n-th
  recorded answer; requests with no recording are aborted and listed (`automation.har.matching`
  says what "identical" means).
"""

from .entries import HarScrubber, ScrubResult, scrub_har
from .harfile import is_console_url, load_har, write_scrubbed_har
from .kinds import Kind
from .leaks import Leak, find_leaks
from .matching import VOLATILE_NAMES, RequestKey, RequestNormaliser
from .record import HarRecorder, record_context
from .replay import HarReplayRouter, UnmatchedRequest
from .scrub import Scrubber

__all__ = [
    "VOLATILE_NAMES",
    "HarRecorder",
    "HarReplayRouter",
    "HarScrubber",
    "Kind",
    "Leak",
    "RequestKey",
    "RequestNormaliser",
    "ScrubResult",
    "Scrubber",
    "UnmatchedRequest",
    "find_leaks",
    "is_console_url",
    "load_har",
    "record_context",
    "scrub_har",
    "write_scrubbed_har",
]
