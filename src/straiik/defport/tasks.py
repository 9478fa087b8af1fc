"""Background tasks of Defport (django-tasks, database backend; run by `straiik db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def warm_index() -> int:
    """Embed every indexed document that has no stored vector yet (after a fresh install or a large import)."""
    from straiik.defport.matching import PlatformIndex

    index = PlatformIndex(dense=True)
    index.refresh(inline_limit=None)
    return len(index.index)
