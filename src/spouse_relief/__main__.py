"""``python -m spouse_relief`` runs the command line."""

from spouse_relief.entry import main

main()
