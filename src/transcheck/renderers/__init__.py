"""Renderers: a command's result as text in each output format.

A command parses its arguments, calls the library and hands the result to a
renderer here (``score``: jsonl/json/csv/table; ``compare``: table/json/html,
built on ``compare.views`` and ``compare.html``). The report and the gate
have their own renderer packages (``report``, ``gate.reports``).

Known limits: renderers yield text chunks; the caller writes them atomically.
"""
