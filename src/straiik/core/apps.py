from typing import Any

from django.apps import AppConfig


def _task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    from straiik.core.metrics import record_task  # late: see metrics.py on PROMETHEUS_MULTIPROC_DIR

    record_task(task_result)


class CoreConfig(AppConfig):
    name = "straiik.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        task_finished.connect(_task_finished, dispatch_uid="straiik.core.task_metrics")
        # The read rules are declared in each app's permissions.py (core.restrict): load them all once.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("permissions")
