"""The kernel manager papermill uses: local IPC sockets instead of loopback TCP.

The kernel and the renderer always run on the same machine; IPC needs no ports (two
renders never race for one) and ipykernel does not warn about unencrypted TCP.
"""

import tempfile
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager


class LocalKernelManager(AsyncKernelManager):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self.ip = str(Path(tempfile.gettempdir()) / f"egov-kernel-{uuid.uuid4().hex[:12]}")
