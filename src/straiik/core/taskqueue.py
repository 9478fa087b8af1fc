"""Queue a background task by its dotted name, so that a service can queue the task that calls it back without
importing the module that imports it (tasks import services, never the reverse: an import-linter contract). The task
is looked up when it is queued, by then every module is loaded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue(task: str, *args: Any, **kwargs: Any) -> Any:
    """Queue `task` ("straiik.<app>.tasks.<name>") now; returns its result handle (its id is `.id`)."""
    return import_string(task).enqueue(*args, **kwargs)


def enqueue_on_commit(task: str, *args: Any, then: Callable[[Any], object] | None = None, **kwargs: Any) -> None:
    """Queue `task` once the transaction commits (a rolled-back change queues nothing); `then` gets the result
    handle, e.g. to store the task's id on the record it works on."""

    def queue() -> None:
        result = enqueue(task, *args, **kwargs)
        if then is not None:
            then(result)

    transaction.on_commit(queue)
