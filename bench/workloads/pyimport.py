# py-import: interpreter start-up plus a few stdlib imports (many openat/newfstatat/read/mmap calls).
import email  # noqa: F401
import http.client  # noqa: F401
import json  # noqa: F401
