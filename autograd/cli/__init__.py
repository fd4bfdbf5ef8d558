"""The command line: ``python -m autograd step|grad|draw|check``.

:mod:`~autograd.cli.main` runs it; :mod:`~autograd.cli.registry` holds the table
of subcommands (add one there); :mod:`~autograd.cli.commands` has the four
expression commands; :mod:`~autograd.cli.args`, :mod:`~autograd.cli.inputs`,
:mod:`~autograd.cli.finite` and :mod:`~autograd.cli.errors` parse, build, check
and report.  Every sentence printed comes from the ``cli`` section of the
sentence tables, in the language ``--lang`` asks for.
"""
