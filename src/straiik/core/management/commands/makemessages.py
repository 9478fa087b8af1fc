"""Django's makemessages, also collecting `_lazy("...")`: some forms name gettext_lazy `_lazy` next to
`gettext as _`, and xgettext must know that keyword too.

The catalogues are written without source locations and sorted by message: a change of code then
changes only the entries it adds or removes, so parallel branches merge without rewriting every
`#: file:line` comment."""

from typing import Any

from django.core.management.commands.makemessages import Command as MakeMessages


class Command(MakeMessages):
    xgettext_options = [*MakeMessages.xgettext_options, "--keyword=_lazy"]
    msguniq_options = [*MakeMessages.msguniq_options, "--sort-output"]
    msgmerge_options = [*MakeMessages.msgmerge_options, "--sort-output"]
    msgattrib_options = [*MakeMessages.msgattrib_options, "--sort-output"]

    def handle(self, *args: Any, **options: Any) -> None:
        options["no_location"] = True
        options["no_obsolete"] = True
        super().handle(*args, **options)
