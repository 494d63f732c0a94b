"""Uploaded files analyzed in the background, one job at a time, with progress a page can poll.

One worker thread: the store takes one writer at a time and the spaCy model is loaded once, so
running jobs side by side would only make each slower. Jobs live in memory; a restarted server
forgets them, but what they stored stays stored.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MAX_FILES = 200
MAX_JOBS_KEPT = 100


@dataclass
class Job:
    id: str
    files: list[str]
    status: str = "queued"  # queued | running | done | failed
    analyzed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    finished: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "files": self.files, "analyzed": self.analyzed,
                "skipped": self.skipped, "errors": self.errors, "created": self.created, "finished": self.finished}


Analyze = Callable[..., Any]  # rashomon.analysis.analyze, or a stand-in with the same keywords


class Jobs:
    def __init__(self, db: str, analyze: Analyze) -> None:
        self.db = db
        self.analyze = analyze
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rashomon-job")

    def submit(self, uploads: list[tuple[str, bytes]]) -> Job:
        """Write the uploads to a private folder under safe names and queue their analysis."""
        if not uploads:
            raise ValueError("no files were uploaded")
        if len(uploads) > MAX_FILES:
            raise ValueError(f"too many files ({len(uploads)}); upload at most {MAX_FILES} at once")
        folder = Path(tempfile.mkdtemp(prefix="rashomon-upload-"))
        paths = []
        for i, (name, data) in enumerate(uploads):
            path = folder / f"{i:03d}" / safe_name(name)  # a folder each: same-named uploads stay apart
            path.parent.mkdir()
            path.write_bytes(data)
            paths.append(path)
        job = Job(id=uuid.uuid4().hex[:12], files=[safe_name(name) for name, _ in uploads])
        with self.lock:
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-MAX_JOBS_KEPT]:
                del self.jobs[old]
        self.worker.submit(self._run, job, folder, paths)
        return job

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def _run(self, job: Job, folder: Path, paths: list[Path]) -> None:
        job.status = "running"
        try:
            result = self.analyze([str(p) for p in paths], db=self.db,
                                  on_error=lambda e: job.errors.append(_unprefixed(str(e), folder)),
                                  on_progress=lambda n: setattr(job, "analyzed", job.analyzed + n))
            job.analyzed, job.skipped = result.analyzed, result.skipped
            job.status = "done"
        except Exception as err:  # the job reports any failure; the server must keep serving
            job.errors.append(f"analysis stopped: {type(err).__name__}: {err}")
            job.status = "failed"
        finally:
            job.finished = datetime.now(UTC).isoformat(timespec="seconds")
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        self.worker.shutdown(wait=True, cancel_futures=True)


def safe_name(name: str) -> str:
    """An uploaded file's name reduced to its last part in safe characters (no paths, no dot-files)."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".")[:100]
    return cleaned or "upload"


def _unprefixed(message: str, folder: Path) -> str:
    """Errors name the file as the user uploaded it, not the server's temporary path."""
    return re.sub(re.escape(str(folder)) + r"/\d{3}/", "", message)
