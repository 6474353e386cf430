"""The coordinator's summary of one deadline: where every task and department stands.

- ``build``: the summary built from the database (its docstring states the definitions);
- ``model``: the summary as plain data, which every view and export reads;
- ``rules``: the expected pace (序时进度), a target against it, a task's traffic light;
- ``scope``: what the words after ``/summary`` (or the CLI's options) ask for.
"""
