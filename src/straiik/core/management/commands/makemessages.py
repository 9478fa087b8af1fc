"""Django's makemessages, also collecting `_lazy("...")`: some forms name gettext_lazy `_lazy` next to
`gettext as _`, and xgettext must know that keyword too."""

from django.core.management.commands.makemessages import Command as MakeMessages


class Command(MakeMessages):
    xgettext_options = [*MakeMessages.xgettext_options, "--keyword=_lazy"]
