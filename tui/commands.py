"""The command palette (ctrl+p): what the current screen offers, in the teacher's words.

One provider for the whole app, as Posting has: it lists the keys of the
screen the teacher is on (and help and quit), so the palette never offers
something that does not fit where they are.
"""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from brickclass.language import t
from brickclass.tui.worded import KEY_PREFIX


class TeacherCommands(Provider):
    def _commands(self) -> list[tuple[str, str]]:
        """(name, action) for each key of the screen the palette was opened on."""
        seen: set[str] = set()
        commands = []
        for binding in getattr(self.screen, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.description.startswith(KEY_PREFIX) \
                    and binding.action not in seen:
                seen.add(binding.action)
                commands.append((t(binding.description), binding.action))
        for key, action in (("teacher.keys.help", "app.help"), ("teacher.keys.quit", "app.quit")):
            if action not in seen:
                commands.append((t(key), action))
        return commands

    async def discover(self) -> Hits:
        for name, action in self._commands():
            yield DiscoveryHit(name, partial(self.screen.run_action, action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.screen.run_action, action))
