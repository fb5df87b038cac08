"""``python -m spouse_relief`` runs the command line."""

from spouse_relief.launcher import main

main()
