"""The ``duban`` command line, the demo and the polling runner.

- ``main``: the parser and the notice, plan and database commands (the ``duban`` entry point);
- ``help``: every help text in the user's language;
- ``context``: what each command gets (settings, language, consoles, engine);
- ``run``: ``duban run``, ``demo``, ``sandbox`` and ``coordinator``;
- ``export``, ``reminders``, ``reports``, ``summary``: those commands;
- ``render``: terminal views of plans;
- ``demo``: the scripted day against the local sandbox;
- ``live``: the real bot in a thread, polling a Bot API server (the demo, tests and benches).

With ``bot.app``, this is the only part of ``bot`` that imports ``telegram``.
"""
