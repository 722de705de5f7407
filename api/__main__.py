"""`python -m api`: the same command line as `credit-graph`."""

from api.cli.main import main

main()
